using System.Collections.Concurrent;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Runtime;
using Quartz;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// Quartz fires one trigger per due second, not per bookmark: the trigger for second S makes
/// <see cref="TimerFiredJob"/> resume every timer bookmark due at or before S in one statement. So 10,000
/// timers falling due together cost one Quartz firing instead of 10,000 locked Quartz transactions, and a
/// firing also sweeps up any timer whose own trigger was lost. The bookmark rows stay the source of truth;
/// a trigger is never removed early (a firing with nothing due is harmless). Misfires (due while no node ran)
/// fire at once on start-up in the clustered store; in memory the triggers are re-armed from the rows.
/// </summary>
public sealed class QuartzTimerScheduler(ISchedulerFactory factory, WorkflowEngineOptions options) : ITimerScheduler
{
    public const string TriggerGroup = "workflow-timers";
    public static readonly JobKey JobKey = new("timer-fired", "workflow");

    // Seconds this process armed already; another process arming the same second is absorbed by TriggerConflict.Keep.
    private readonly ConcurrentDictionary<long, byte> armed = new();
    private volatile bool jobStored;

    public async Task ScheduleAsync(Bookmark bookmark, CancellationToken ct = default)
    {
        if (!options.RunScheduler || bookmark.DueAt is not { } due)
        {
            return;
        }
        var second = DueSecond(due);
        if (armed.ContainsKey(second))
        {
            return;
        }
        var scheduler = await factory.GetScheduler(ct);
        await EnsureJobAsync(scheduler, ct);
        await scheduler.ScheduleTrigger(Build(second), TriggerConflict.Keep, ct);
        armed[second] = 0;
        Forget(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());
    }

    /// <summary>Nothing to do: the per-second trigger may serve other bookmarks, and a firing only resumes bookmarks that still exist.</summary>
    public Task UnscheduleAsync(string bookmarkId, CancellationToken ct = default) => Task.CompletedTask;

    public async Task<int> RearmAsync(IReadOnlyList<Bookmark> timerBookmarks, CancellationToken ct = default)
    {
        if (!options.RunScheduler || timerBookmarks.Count == 0)
        {
            return 0;
        }
        var scheduler = await factory.GetScheduler(ct);
        await EnsureJobAsync(scheduler, ct);
        var existing = (await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(TriggerGroup), ct)).Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var armedNow = 0;
        foreach (var second in timerBookmarks.Where(b => b.DueAt is not null).Select(b => DueSecond(b.DueAt!.Value)).Distinct())
        {
            if (!existing.Contains(TriggerName(second)))
            {
                await scheduler.ScheduleTrigger(Build(second), TriggerConflict.Keep, ct);
                armedNow++;
            }
            armed[second] = 0;
        }
        return armedNow;
    }

    /// <summary>The whole second at or after the due moment, so a timer never fires early.</summary>
    public static long DueSecond(DateTimeOffset due)
    {
        var s = due.ToUnixTimeSeconds();
        return due.ToUnixTimeMilliseconds() % 1000 == 0 ? s : s + 1;
    }

    private static string TriggerName(long second) => $"due-{second}";

    private static ITrigger Build(long second) => TriggerBuilder.Create()
        .WithIdentity(TriggerName(second), TriggerGroup)
        .ForJob(JobKey)
        .UsingJobData(TimerFiredJob.DueSecondKey, second.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .StartAt(DateTimeOffset.FromUnixTimeSeconds(second))
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();

    private void Forget(long before)
    {
        if (armed.Count < 10_000)
        {
            return;
        }
        foreach (var s in armed.Keys.Where(s => s < before))
        {
            armed.TryRemove(s, out _);
        }
    }

    private async Task EnsureJobAsync(IScheduler scheduler, CancellationToken ct)
    {
        if (jobStored || await scheduler.Exists(JobKey, ct))
        {
            jobStored = true;
            return;
        }
        var job = JobBuilder.Create<TimerFiredJob>().WithIdentity(JobKey).StoreDurably(true).Build();
        try
        {
            await scheduler.AddJob(job, default, ct);
        }
        catch (ObjectAlreadyExistsException)
        {
        }
        jobStored = true;
    }
}
