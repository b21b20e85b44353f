using ChatArchive.Workflows.Engine.Definitions;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>Read side of instances for the Studio API (list, viewer, journal, executions, report).</summary>
public interface IWorkflowInstanceStore
{
    Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken ct = default);

    Task<Page<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken ct = default);

    /// <summary>Journal in sequence order; <paramref name="nodeIds"/> filters on activity node ids when given.</summary>
    Task<Page<JournalEntry>> GetJournalAsync(string instanceId, int skip, int take, IReadOnlyList<string>? nodeIds = null, CancellationToken ct = default);

    Task<IReadOnlyList<ActivityExecutionRecord>> GetActivityExecutionsAsync(string instanceId, string? activityNodeId = null, CancellationToken ct = default);

    Task<ActivityExecutionRecord?> GetActivityExecutionAsync(string id, CancellationToken ct = default);

    Task<IReadOnlyList<ActivityExecutionStats>> GetActivityStatsAsync(string instanceId, IReadOnlyList<string>? activityNodeIds = null, CancellationToken ct = default);

    Task<IReadOnlyList<Bookmark>> GetBookmarksAsync(string instanceId, CancellationToken ct = default);

    /// <summary>Deletes instances with their journal, executions, bookmarks, tasks and pending work.</summary>
    Task<int> DeleteAsync(IReadOnlyList<string> instanceIds, CancellationToken ct = default);
}
