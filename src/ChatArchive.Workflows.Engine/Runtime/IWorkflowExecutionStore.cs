namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Write side of the runtime. Every change of a step goes through one <see cref="IWorkflowStep"/>: a database
/// transaction that holds the claimed work item and the instance row, and commits instance state, journal,
/// activity executions, bookmarks, human tasks and follow-up work together (issue 6: "each step commits
/// instance state and journal together").
/// </summary>
public interface IWorkflowExecutionStore
{
    /// <summary>
    /// Inserts a new instance with its first work item in one transaction; false (nothing written) when an instance with that id
    /// exists already (a second start of the same idempotent instance id).
    /// </summary>
    Task<bool> CreateInstanceAsync(WorkflowInstance instance, WorkItem first, JournalEntry started, CancellationToken ct = default);

    /// <summary>Adds a work item unless one with the same dedup key is pending; returns whether it was added.</summary>
    Task<bool> EnqueueAsync(WorkItem item, CancellationToken ct = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> work items of different instances in one transaction (PostgreSQL; one item
    /// elsewhere or when <paramref name="max"/> is 1). Each instance's burst runs in its own savepoint
    /// (<see cref="IWorkflowStepBatch.BeginAsync"/>); the batch commits once. Null when there is nothing to do.
    /// </summary>
    Task<IWorkflowStepBatch?> ClaimBatchAsync(int max, CancellationToken ct = default);

    /// <summary>
    /// Claims the oldest pending work item no other process holds (PostgreSQL: FOR UPDATE SKIP LOCKED) and locks
    /// its instance; null when there is none. The claim lasts until the step is committed or disposed.
    /// </summary>
    Task<IWorkflowStep?> ClaimNextAsync(CancellationToken ct = default);

    Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken ct = default);

    /// <summary>
    /// Adds the resume work item for a bookmark in one statement (a primary-key lookup of the bookmark, whatever the
    /// number of instances or versions). True: added; false: already pending; null: no such bookmark.
    /// </summary>
    Task<bool?> EnqueueResumeAsync(string bookmarkId, string? outcome, string? payload, string? resumedBy, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Adds a resume work item for every timer bookmark due at or before <paramref name="upTo"/> that has none yet;
    /// returns how many were added.
    /// </summary>
    Task<int> EnqueueDueTimersAsync(DateTimeOffset upTo, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>All timer bookmarks (the source of truth to re-arm the scheduler from).</summary>
    Task<IReadOnlyList<Bookmark>> ListTimerBookmarksAsync(CancellationToken ct = default);

    /// <summary>Number of pending work items (all instances).</summary>
    Task<long> PendingWorkCountAsync(CancellationToken ct = default);

    /// <summary>Runs <paramref name="change"/> on the instance inside a locked transaction (retry, cancel).</summary>
    Task<bool> UpdateInstanceAsync(string instanceId, Func<IWorkflowStep, Task> change, CancellationToken ct = default);
}

/// <summary>One open step transaction. Dispose without <see cref="CommitAsync"/> rolls everything back.</summary>
public interface IWorkflowStep : IAsyncDisposable
{
    /// <summary>The claimed item; null for <see cref="IWorkflowExecutionStore.UpdateInstanceAsync"/>.</summary>
    WorkItem? Item { get; }

    /// <summary>The locked instance; null when the item's instance no longer exists.</summary>
    WorkflowInstance? Instance { get; }

    Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken ct = default);

    Task<IReadOnlyList<Bookmark>> GetBookmarksAsync(CancellationToken ct = default);

    /// <summary>Other pending work items of this instance (the claimed one excluded).</summary>
    Task<int> OtherPendingWorkAsync(CancellationToken ct = default);

    void AddJournal(JournalEntry entry);

    void SaveExecution(ActivityExecutionRecord record);

    void AddBookmark(Bookmark bookmark, HumanTasks.HumanTaskRequest? humanTask);

    void RemoveBookmark(string bookmarkId);

    void Enqueue(WorkItem item);

    /// <summary>Inserts a new instance (a dispatched child workflow) with its first work item and journal line in this step's transaction.</summary>
    void AddInstance(WorkflowInstance instance, WorkItem first, JournalEntry started);

    /// <summary>
    /// Elsa.PublishEvent: at commit, every Event bookmark waiting for <see cref="EventPublication.BookmarkPayload"/> in the
    /// publication's department (and correlation id / instance, when given) gets a resume work item, in this step's transaction.
    /// </summary>
    void PublishEvent(EventPublication publication);

    /// <summary>Saves the instance (row-version checked), deletes the claimed item, writes everything else; all or nothing.</summary>
    Task CommitAsync(CancellationToken ct = default);
}

/// <summary>An event published by a step: which Event bookmarks it resumes and with what payload.</summary>
public sealed record EventPublication(string BookmarkPayload, string? TenantId, string? CorrelationId, string? InstanceId, string? ResumePayload, DateTimeOffset Now);

/// <summary>
/// Work items of several instances claimed together (<see cref="IWorkflowExecutionStore.ClaimBatchAsync"/>). A step's
/// <see cref="IWorkflowStep.CommitAsync"/> writes its changes; they become durable with <see cref="CommitAsync"/>. When
/// one instance's burst fails, <see cref="UndoAsync"/> takes back only what it wrote, and the others still commit.
/// </summary>
public interface IWorkflowStepBatch : IAsyncDisposable
{
    IReadOnlyList<IWorkflowStep> Steps { get; }

    /// <summary>True when the steps share one transaction (then <see cref="CommitAsync"/> makes them durable).</summary>
    bool Shared { get; }

    /// <summary>Marks the start of <paramref name="step"/>'s burst (a savepoint).</summary>
    Task BeginAsync(IWorkflowStep step, CancellationToken ct = default);

    /// <summary>Takes back what <paramref name="step"/>'s burst wrote since <see cref="BeginAsync"/>; false when that is not possible.</summary>
    Task<bool> UndoAsync(IWorkflowStep step, CancellationToken ct = default);

    Task CommitAsync(CancellationToken ct = default);
}
