using ChatArchive.Workflows.Engine.Runtime;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// The Hangfire job of a due second: every timer bookmark due by then gets a resume work item (one INSERT … SELECT,
/// deduplicated per bookmark, so a second run or another node running it too changes nothing). A failure (database
/// unreachable) is retried by Hangfire; nothing is half-written.
/// </summary>
public sealed class TimerFiredJob(IWorkflowExecutionStore store, WorkSignal signal, TimeProvider clock, JobStorage storage,
    IBackgroundJobClient jobs, ILogger<TimerFiredJob> logger)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(long dueSecond, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var upTo = DateTimeOffset.FromUnixTimeSeconds(dueSecond);
        if (upTo > now)
        {
            // Run before its second on the engine's clock (two nodes' clocks differ, or the job was started by hand): sweep
            // what is due now and come back at the second itself, so no timer of that second is left without a job.
            upTo = now;
            jobs.Schedule<TimerFiredJob>(j => j.RunAsync(dueSecond, CancellationToken.None), DateTimeOffset.FromUnixTimeSeconds(dueSecond) - now);
        }
        var count = await store.EnqueueDueTimersAsync(upTo, now, cancellationToken);
        if (count > 0)
        {
            logger.LogInformation("Timers due by {UpTo:O}: {Count} resumed", upTo, count);
            signal.Notify(count);
        }
        if (upTo.ToUnixTimeSeconds() == dueSecond)
        {
            using var connection = storage.GetConnection();
            using var transaction = connection.CreateWriteTransaction();
            transaction.RemoveFromSet(HangfireTimerScheduler.ArmedSet, HangfireTimerScheduler.Key(dueSecond));
            transaction.Commit();
        }
    }
}
