using ChatArchive.Workflows.Engine.Definitions;

namespace ChatArchive.Workflows.Engine.HumanTasks;

/// <summary>
/// List, claim and complete human tasks; completing resumes the workflow along the chosen outcome.
/// Refusals are <see cref="WorkflowEngineException"/>s with Dutch messages; a refused call changes nothing.
/// </summary>
public interface IHumanTaskService
{
    Task<Page<HumanTaskItem>> ListAsync(HumanTaskQuery query, CancellationToken ct = default);

    /// <summary>The distinct titles (kinds) of the tasks the query finds, for a filter; paging is ignored.</summary>
    Task<IReadOnlyList<string>> TitlesAsync(HumanTaskQuery query, CancellationToken ct = default);

    /// <summary>A user's inbox, both lists with their counts, in one round trip to the database.</summary>
    Task<HumanTaskInbox> InboxAsync(HumanTaskInboxQuery query, CancellationToken ct = default);

    /// <summary>The task, or null when it does not exist or the actor may not see it.</summary>
    Task<HumanTaskItem?> GetAsync(string taskId, HumanTaskActor actor, CancellationToken ct = default);

    Task<HumanTaskItem> ClaimAsync(string taskId, HumanTaskActor actor, CancellationToken ct = default);

    Task<HumanTaskItem> ReleaseAsync(string taskId, HumanTaskActor actor, CancellationToken ct = default);

    /// <summary>Completes with one of the task's outcomes; <paramref name="resultJson"/> is the filled form (JSON, optional).</summary>
    Task<HumanTaskItem> CompleteAsync(string taskId, HumanTaskActor actor, string outcome, string? resultJson = null, CancellationToken ct = default);
}

/// <summary>Storage of human tasks; state changes are conditional updates so two people cannot both win.</summary>
public interface IHumanTaskStore
{
    Task<Page<HumanTaskItem>> ListAsync(HumanTaskQuery query, CancellationToken ct = default);

    Task<IReadOnlyList<string>> TitlesAsync(HumanTaskQuery query, CancellationToken ct = default);

    Task<HumanTaskInbox> InboxAsync(HumanTaskInboxQuery query, CancellationToken ct = default);

    Task<HumanTaskItem?> GetAsync(string taskId, CancellationToken ct = default);

    /// <summary>Open → Claimed by <paramref name="user"/>; false when someone else got there first.</summary>
    Task<bool> TryClaimAsync(string taskId, string user, DateTimeOffset now, CancellationToken ct = default);

    Task<bool> TryReleaseAsync(string taskId, string user, CancellationToken ct = default);

    /// <summary>
    /// Open/Claimed (by <paramref name="user"/> or nobody) → Completed, and the resume work item inserted, in one
    /// transaction; false when the task was completed or claimed by someone else meanwhile.
    /// </summary>
    Task<bool> TryCompleteAsync(string taskId, string user, string outcome, string? result, DateTimeOffset now, Runtime.WorkItem resume, CancellationToken ct = default);
}
