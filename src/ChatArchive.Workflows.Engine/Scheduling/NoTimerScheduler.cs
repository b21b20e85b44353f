using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>A process that runs no scheduler (tests, tools): timer bookmarks are written as always and armed by a node that does.</summary>
public sealed class NoTimerScheduler : ITimerScheduler
{
    public static readonly NoTimerScheduler Instance = new();

    public Task ScheduleAsync(Bookmark bookmark, CancellationToken ct = default) => Task.CompletedTask;

    public Task UnscheduleAsync(string bookmarkId, CancellationToken ct = default) => Task.CompletedTask;

    public Task<int> RearmAsync(IReadOnlyList<Bookmark> timerBookmarks, CancellationToken ct = default) => Task.FromResult(0);
}
