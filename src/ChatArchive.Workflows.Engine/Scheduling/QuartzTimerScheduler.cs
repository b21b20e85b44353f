using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Runtime;
using Quartz;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// One Quartz trigger per timer bookmark, all for the durable <see cref="TimerFiredJob"/>. Misfires (due while
/// no node ran) fire at once on start-up, in the clustered store; in memory they are re-armed from the rows.
/// </summary>
public sealed class QuartzTimerScheduler(ISchedulerFactory factory, WorkflowEngineOptions options) : ITimerScheduler
{
    public const string TriggerGroup = "workflow-timers";
    public static readonly JobKey JobKey = new("timer-fired", "workflow");

    public async Task ScheduleAsync(Bookmark bookmark, CancellationToken ct = default)
    {
        if (!options.RunScheduler)
        {
            return;
        }
        var scheduler = await factory.GetScheduler(ct);
        await EnsureJobAsync(scheduler, ct);
        // Keep: another node (or the start-up re-arm) may have armed it already.
        await scheduler.ScheduleTrigger(Build(bookmark), TriggerConflict.Keep, ct);
    }

    public async Task UnscheduleAsync(string bookmarkId, CancellationToken ct = default)
    {
        if (!options.RunScheduler)
        {
            return;
        }
        var scheduler = await factory.GetScheduler(ct);
        await scheduler.UnscheduleJob(new TriggerKey(bookmarkId, TriggerGroup), ct);
    }

    public async Task<int> RearmAsync(IReadOnlyList<Bookmark> timerBookmarks, CancellationToken ct = default)
    {
        if (!options.RunScheduler || timerBookmarks.Count == 0)
        {
            return 0;
        }
        var scheduler = await factory.GetScheduler(ct);
        await EnsureJobAsync(scheduler, ct);
        var existing = (await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(TriggerGroup), ct)).Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var armed = 0;
        foreach (var b in timerBookmarks.Where(b => !existing.Contains(b.Id)))
        {
            await scheduler.ScheduleTrigger(Build(b), TriggerConflict.Keep, ct);
            armed++;
        }
        return armed;
    }

    private static ITrigger Build(Bookmark b) => TriggerBuilder.Create()
        .WithIdentity(b.Id, TriggerGroup)
        .ForJob(JobKey)
        .UsingJobData(TimerFiredJob.BookmarkIdKey, b.Id)
        .StartAt(b.DueAt ?? DateTimeOffset.UtcNow)
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();

    private static async Task EnsureJobAsync(IScheduler scheduler, CancellationToken ct)
    {
        if (await scheduler.Exists(JobKey, ct))
        {
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
    }
}
