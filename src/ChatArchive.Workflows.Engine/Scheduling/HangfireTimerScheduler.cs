using System.Collections.Concurrent;
using System.Globalization;
using ChatArchive.Workflows.Engine.Runtime;
using Hangfire;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// Delays, StartAt, Cron-in-a-flow and retry back-offs wait on timer bookmarks; Hangfire runs one delayed job per due
/// second, not per bookmark: the job for second S makes <see cref="TimerFiredJob"/> resume every timer bookmark due at
/// or before S in one statement. So 10,000 timers falling due together cost one Hangfire job instead of 10,000, and a
/// job also sweeps up any timer whose own job was lost. The bookmark rows stay the source of truth; a job is never
/// deleted early (a job with nothing due is harmless). The seconds armed are kept in a Hangfire set, so a restart on
/// PostgreSQL (where the jobs survive) does not arm them twice; on the in-memory store the set is empty after a
/// restart and everything is re-armed from the rows. Due moments are read on the engine's clock.
/// </summary>
public sealed class HangfireTimerScheduler(IBackgroundJobClient jobs, JobStorage storage, TimeProvider clock) : ITimerScheduler
{
    /// <summary>Hangfire set of the due seconds that have a job (value = Unix seconds).</summary>
    public const string ArmedSet = "workflow-timers:armed";

    // Seconds this process armed already; another node arming the same second only costs one more (idempotent) sweep.
    private readonly ConcurrentDictionary<long, byte> armed = new();

    public Task ScheduleAsync(Bookmark bookmark, CancellationToken ct = default)
    {
        if (bookmark.DueAt is not { } due)
        {
            return Task.CompletedTask;
        }
        var second = DueSecond(due);
        // Taken before arming: steps committing side by side with timers of one second arm it once, not once each
        // (each extra job is one more sweep of every bookmark due by then).
        if (armed.TryAdd(second, 0))
        {
            try
            {
                Arm(second);
            }
            catch
            {
                armed.TryRemove(second, out _);
                throw;
            }
            Forget(clock.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds());
        }
        return Task.CompletedTask;
    }

    /// <summary>Nothing to do: the per-second job may serve other bookmarks, and a sweep only resumes bookmarks that still exist.</summary>
    public Task UnscheduleAsync(string bookmarkId, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>
    /// Start-up: every due second with no job yet gets one; everything already overdue (due while no node ran) is swept by
    /// one job enqueued now.
    /// </summary>
    public Task<int> RearmAsync(IReadOnlyList<Bookmark> timerBookmarks, CancellationToken ct = default)
    {
        if (timerBookmarks.Count == 0)
        {
            return Task.FromResult(0);
        }
        HashSet<string> existing;
        using (var connection = storage.GetConnection())
        {
            existing = connection.GetAllItemsFromSet(ArmedSet);
        }
        var now = clock.GetUtcNow();
        var seconds = timerBookmarks.Where(b => b.DueAt is not null).Select(b => DueSecond(b.DueAt!.Value)).Distinct().Order().ToList();
        var armedNow = 0;
        var overdue = seconds.Where(s => DateTimeOffset.FromUnixTimeSeconds(s) <= now).ToList();
        if (overdue.Count > 0)
        {
            var latest = overdue[^1];
            jobs.Enqueue<TimerFiredJob>(j => j.RunAsync(latest, CancellationToken.None));
            armedNow++;
        }
        foreach (var second in seconds.Where(s => DateTimeOffset.FromUnixTimeSeconds(s) > now))
        {
            if (existing.Contains(Key(second)))
            {
                armed[second] = 0;
                continue;
            }
            Arm(second);
            armedNow++;
        }
        return Task.FromResult(armedNow);
    }

    /// <summary>The whole second at or after the due moment, so a timer never fires early.</summary>
    public static long DueSecond(DateTimeOffset due)
    {
        var s = due.ToUnixTimeSeconds();
        return due.ToUnixTimeMilliseconds() % 1000 == 0 ? s : s + 1;
    }

    internal static string Key(long second) => second.ToString(CultureInfo.InvariantCulture);

    private void Arm(long second)
    {
        // Relative to the engine's clock, so a test clock moved forward and real time agree on how long is left.
        var delay = DateTimeOffset.FromUnixTimeSeconds(second) - clock.GetUtcNow();
        jobs.Schedule<TimerFiredJob>(j => j.RunAsync(second, CancellationToken.None), delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        using (var connection = storage.GetConnection())
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.AddToSet(ArmedSet, Key(second), second);
            transaction.Commit();
        }
        armed[second] = 0;
    }

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
}
