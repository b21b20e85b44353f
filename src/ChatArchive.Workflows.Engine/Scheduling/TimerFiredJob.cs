using System.Globalization;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// A due second was reached: every timer bookmark due by then gets a resume work item (one INSERT … SELECT,
/// deduplicated per bookmark, so a second firing or another node firing too changes nothing).
/// </summary>
public sealed class TimerFiredJob(IWorkflowExecutionStore store, WorkSignal signal, TimeProvider clock, ILogger<TimerFiredJob> logger) : IJob
{
    public const string DueSecondKey = "dueSecond";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var upTo = long.TryParse(context.MergedJobDataMap.GetString(DueSecondKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : now;
        if (upTo > now)
        {
            upTo = now;
        }
        var count = await store.EnqueueDueTimersAsync(upTo, now, cancellationToken);
        if (count > 0)
        {
            logger.LogInformation("Timers due by {UpTo:O}: {Count} resumed", upTo, count);
            signal.Notify(count);
        }
    }
}
