using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatArchive.Server.Hosting;

/// <summary>
/// Ready once the host has started: every hosted service's StartAsync (migrations, demo data, and
/// whatever later modules add) has finished and the server listens.
/// </summary>
public sealed class StartupReadinessCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("Start-up complete")
            : HealthCheckResult.Unhealthy("Start-up still running"));
}
