using System.Globalization;
using ChatArchive.Persistence.Audit;

namespace ChatArchive.Server.Audit;

/// <summary>ChatArchive:Audit:AnchorInterval (default one hour): how often the chain head is anchored.</summary>
public sealed record AuditAnchorSettings(TimeSpan Interval)
{
    public const string IntervalKey = "ChatArchive:Audit:AnchorInterval";

    public static AuditAnchorSettings FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[IntervalKey];
        if (string.IsNullOrWhiteSpace(text)) return new AuditAnchorSettings(TimeSpan.FromHours(1));
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.FromSeconds(1)
            ? new AuditAnchorSettings(t)
            : throw new InvalidOperationException($"{IntervalKey} '{text}' is geen geldige tijdsduur; gebruik bijv. 01:00:00 (een uur).");
    }
}

/// <summary>
/// Writes the audit chain head into the anchor file and the log after start-up and then every interval (at most
/// hourly by default), only when the head moved. A failed write is logged and retried at the next tick.
/// </summary>
public sealed class AuditAnchorService(IAuditTrail trail, AuditAnchors anchors, AuditAnchorSettings settings, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<AuditAnchorService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After start-up: the migrations (audit table) have run by then.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
        using var timer = new PeriodicTimer(settings.Interval, clock);
        do
        {
            try
            {
                await AuditVerifier.AnchorAsync(trail, anchors, clock, log, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Audit chain head could not be anchored in {Folder}", anchors.Folder);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
