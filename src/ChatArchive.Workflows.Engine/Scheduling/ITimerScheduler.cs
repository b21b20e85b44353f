using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>Arms the scheduler for timer bookmarks. The bookmark rows stay the source of truth.</summary>
public interface ITimerScheduler
{
    Task ScheduleAsync(Bookmark bookmark, CancellationToken ct = default);

    Task UnscheduleAsync(string bookmarkId, CancellationToken ct = default);

    /// <summary>Arms every bookmark that has no trigger yet (start-up); returns how many were armed.</summary>
    Task<int> RearmAsync(IReadOnlyList<Bookmark> timerBookmarks, CancellationToken ct = default);
}
