using ChatArchive.Workflows.Engine.Activities.BuiltIn;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Runs consecutive steps of one instance in the transaction of the claimed step (Elsa runs an instance's burst in one go).
/// Each step still runs as before (<see cref="WorkflowStepExecutor"/>); this wrapper keeps its follow-up work item in memory
/// instead of writing it, so the next step runs at once on the same locked instance, and commits once at the end.
/// <para>
/// Durability: a crash rolls the whole burst back, so every step of it runs again. That is only invisible when the steps
/// before the last one change nothing outside the instance's own rows; so a burst goes on only while every step so far ran an
/// activity without side effects (<see cref="IsSideEffectFree"/>) and did not start an instance or publish an event (work
/// for other instances). An activity with side effects (a domain activity, an e-mail) is therefore always the last step of its
/// burst and is committed before anything after it runs, as before.
/// </para>
/// </summary>
internal sealed class StepBurst(IWorkflowStep inner) : IWorkflowStep
{
    // Built-in activities whose execution only changes the instance's own state (variables, flow, journal, records).
    private static readonly HashSet<Type> SideEffectFree =
    [
        typeof(Start), typeof(End), typeof(WriteLine), typeof(SetVariable), typeof(SetOutput), typeof(SetName), typeof(Correlate),
        typeof(FlowDecision), typeof(FlowFork), typeof(FlowJoin), typeof(FlowSwitch), typeof(If), typeof(Switch), typeof(Sequence),
        typeof(Flowchart), typeof(Finish), typeof(Complete), typeof(RunJavaScript), typeof(FlowNode),
    ];

    private readonly List<WorkItem> enqueued = [];
    private readonly List<Bookmark> added = [];
    private readonly HashSet<string> removed = new(StringComparer.Ordinal);
    private WorkItem? current = inner.Item;

    /// <summary>True when a step started an instance or published an event (then the burst ends after it).</summary>
    public bool ChangedOutside { get; private set; }

    /// <summary>True when the running step called <see cref="CommitAsync"/> (its changes are complete).</summary>
    public bool StepDone { get; private set; }

    /// <summary>
    /// Whether running <paramref name="activityType"/> again after a crash is invisible: the side-effect-free built-ins, and the
    /// resumption of a built-in that waited (a timer, task, event or child completing only hands over an outcome).
    /// </summary>
    public static bool IsSideEffectFree(Type activityType, bool resumed) =>
        SideEffectFree.Contains(activityType) || (resumed && activityType.Namespace == typeof(Start).Namespace && activityType != typeof(SendEmail));

    public WorkItem? Item => current;

    public WorkflowInstance? Instance => inner.Instance;

    /// <summary>
    /// The next step of the burst: the single follow-up work item of the step that just ran, when it executes an activity of the
    /// same instance. Null (and the burst ends) when the step scheduled nothing, several things, or other work, and when the
    /// instance has older work waiting (<paramref name="otherPendingWork"/>): Elsa's scheduler is a queue, so what was scheduled
    /// first runs first (a branch of a fork before the join its sibling branch just scheduled).
    /// </summary>
    public WorkItem? TakeNext(int otherPendingWork)
    {
        if (!StepDone || ChangedOutside || enqueued.Count != 1 || Instance is null || otherPendingWork > 0)
        {
            return null;
        }
        var next = enqueued[0];
        if (next.InstanceId != Instance.Id || next.Kind != WorkItemKind.Execute || next.DedupKey is not null)
        {
            return null;
        }
        enqueued.Clear();
        current = next;
        StepDone = false;
        return next;
    }

    /// <summary>Writes the last step's follow-up work and commits the whole burst.</summary>
    public Task CommitBurstAsync(CancellationToken ct)
    {
        foreach (var w in enqueued)
        {
            inner.Enqueue(w);
        }
        enqueued.Clear();
        return inner.CommitAsync(ct);
    }

    public Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken ct = default) => inner.FindBookmarkAsync(bookmarkId, ct);

    /// <summary>The instance's bookmarks as the earlier steps of the burst left them (read at the claim, plus added, minus removed).</summary>
    public async Task<IReadOnlyList<Bookmark>> GetBookmarksAsync(CancellationToken ct = default)
    {
        var stored = await inner.GetBookmarksAsync(ct);
        return removed.Count == 0 && added.Count == 0 ? stored : [.. stored.Concat(added).Where(b => !removed.Contains(b.Id))];
    }

    // The items a burst ran were never written, so the other pending work of the instance is what it was at the claim.
    public Task<int> OtherPendingWorkAsync(CancellationToken ct = default) => inner.OtherPendingWorkAsync(ct);

    public void AddJournal(JournalEntry entry) => inner.AddJournal(entry);

    public void SaveExecution(ActivityExecutionRecord record) => inner.SaveExecution(record);

    public void AddBookmark(Bookmark bookmark, HumanTaskRequest? humanTask)
    {
        added.Add(bookmark);
        inner.AddBookmark(bookmark, humanTask);
    }

    public void RemoveBookmark(string bookmarkId)
    {
        removed.Add(bookmarkId);
        inner.RemoveBookmark(bookmarkId);
    }

    public void Enqueue(WorkItem item) => enqueued.Add(item);

    public void AddInstance(WorkflowInstance instance, WorkItem first, JournalEntry started)
    {
        ChangedOutside = true;
        inner.AddInstance(instance, first, started);
    }

    public void PublishEvent(EventPublication publication)
    {
        ChangedOutside = true;
        inner.PublishEvent(publication);
    }

    /// <summary>The end of one step of the burst; the transaction commits in <see cref="CommitBurstAsync"/>.</summary>
    public Task CommitAsync(CancellationToken ct = default)
    {
        StepDone = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
