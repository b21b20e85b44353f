using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// The Hangfire recurring jobs of triggers: a Cron activity's schedule or an Elsa.Timer's repeating interval came round,
/// so an instance of the published version starts at that activity. Hangfire runs each occurrence once across all nodes;
/// the correlation id names the occurrence (on the engine's clock).
/// </summary>
public sealed class CronFiredJob(IWorkflowRuntime runtime, TimeProvider clock, ILogger<CronFiredJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task CronAsync(string definitionId, string activityId, string cron, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var occurrence = Activities.BuiltIn.Cron.TryParse(cron, out var expression)
            ? Activities.BuiltIn.Cron.LastAtOrBefore(expression, now, TimeSpan.FromMinutes(10)) ?? now
            : now;
        await StartAsync(definitionId, activityId, $"cron:{occurrence.UtcDateTime:yyyyMMddTHHmmssZ}", cancellationToken);
    }

    /// <summary>
    /// An interval trigger's job runs every <paramref name="periodSeconds"/>; the interval's ticks are whole multiples of it
    /// since 1970 (UTC), and a run starts an instance only when a tick fell within the last period.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task IntervalAsync(string definitionId, string activityId, long intervalSeconds, long periodSeconds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var tick = now - now % Math.Max(1, intervalSeconds);
        if (now - tick >= Math.Max(1, periodSeconds))
        {
            return;
        }
        await StartAsync(definitionId, activityId, $"timer:{DateTimeOffset.FromUnixTimeSeconds(tick).UtcDateTime:yyyyMMddTHHmmssZ}", cancellationToken);
    }

    private async Task StartAsync(string definitionId, string activityId, string correlationId, CancellationToken ct)
    {
        var result = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            VersionOptions = VersionOptions.Published,
            Scope = TenantScope.System,
            TriggerActivityId = activityId,
            CorrelationId = correlationId,
        }, ct);
        if (result.Started)
        {
            logger.LogInformation("Trigger {DefinitionId}/{ActivityId} started instance {InstanceId}", definitionId, activityId, result.InstanceId);
        }
        else
        {
            logger.LogWarning("Trigger {DefinitionId}/{ActivityId} could not start an instance", definitionId, activityId);
        }
    }
}
