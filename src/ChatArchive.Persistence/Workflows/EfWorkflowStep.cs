using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatArchive.Persistence.Workflows;

/// <summary>One open step: collects the step's changes and writes them with the instance in one commit.</summary>
internal sealed class EfWorkflowStep : IWorkflowStep
{
    private readonly ChatArchiveDbContext db;
    // Null on SQLite until the commit: the write transaction is taken only to commit, so an activity may write through
    // its own connection meanwhile (SQLite has one writer; steps are still serialised by the gate).
    private IDbContextTransaction? tx;
    private readonly WorkItemRow? itemRow;
    private readonly WorkflowInstanceRow? instanceRow;
    private SemaphoreSlim? gate;
    private readonly List<JournalEntry> journal = [];
    private readonly Dictionary<string, ActivityExecutionRecord> executions = new(StringComparer.Ordinal);
    private readonly List<(Bookmark Bookmark, HumanTaskRequest? Task)> addedBookmarks = [];
    private readonly List<string> removedBookmarks = [];
    private readonly List<WorkItem> newWork = [];
    private readonly List<(WorkflowInstance Instance, WorkItem First, JournalEntry Started)> newInstances = [];
    private bool committed;
    // Part of a batch (EfStepBatch): the batch owns the context and the transaction and commits them.
    private bool shared;

    // The instance's bookmark rows and other pending work, read once when the step opens (the instance row is locked).
    private List<BookmarkRow> bookmarkRows = [];
    private int otherPendingWork;

    public static async Task<EfWorkflowStep> OpenAsync(ChatArchiveDbContext db, IDbContextTransaction? tx, WorkItemRow? item, WorkflowInstanceRow? instance,
        SemaphoreSlim? gate, CancellationToken ct)
    {
        var step = new EfWorkflowStep(db, tx, item, instance, gate);
        if (instance is not null)
        {
            step.bookmarkRows = await db.Set<BookmarkRow>().Where(x => x.InstanceId == instance.Id).ToListAsync(ct);
            var claimed = item?.Id ?? -1;
            step.otherPendingWork = await db.Set<WorkItemRow>().Where(x => x.InstanceId == instance.Id && x.Id != claimed).CountAsync(ct);
        }
        return step;
    }

    /// <summary>A step of a batch: the rows were read for the whole batch; the batch's transaction commits it.</summary>
    internal static EfWorkflowStep OpenShared(ChatArchiveDbContext db, IDbContextTransaction tx, WorkItemRow item, WorkflowInstanceRow? instance,
        List<BookmarkRow> bookmarks, int otherPendingWork) =>
        new(db, tx, item, instance, null) { shared = true, bookmarkRows = bookmarks, otherPendingWork = otherPendingWork };

    private EfWorkflowStep(ChatArchiveDbContext db, IDbContextTransaction? tx, WorkItemRow? item, WorkflowInstanceRow? instance, SemaphoreSlim? gate)
    {
        this.db = db;
        this.tx = tx;
        itemRow = item;
        instanceRow = instance;
        this.gate = gate;
        Item = item is null ? null : WorkflowRowMapper.ToModel(item);
        Instance = instance is null ? null : WorkflowRowMapper.ToModel(instance);
    }

    public WorkItem? Item { get; }

    public WorkflowInstance? Instance { get; }

    public async Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken ct = default)
    {
        var own = bookmarkRows.FirstOrDefault(x => x.Id == bookmarkId);
        if (own is not null)
        {
            return WorkflowRowMapper.ToModel(own);
        }
        // A bookmark of another instance (a stale resume item): read it so the caller can tell.
        var r = await db.Set<BookmarkRow>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == bookmarkId, ct);
        return r is null ? null : WorkflowRowMapper.ToModel(r);
    }

    public Task<IReadOnlyList<Bookmark>> GetBookmarksAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Bookmark>>(bookmarkRows.Select(WorkflowRowMapper.ToModel).ToList());

    public Task<int> OtherPendingWorkAsync(CancellationToken ct = default) => Task.FromResult(otherPendingWork);

    public void AddJournal(JournalEntry entry) => journal.Add(entry);

    public void SaveExecution(ActivityExecutionRecord record) => executions[record.Id] = record;

    public void AddBookmark(Bookmark bookmark, HumanTaskRequest? humanTask) => addedBookmarks.Add((bookmark, humanTask));

    public void RemoveBookmark(string bookmarkId)
    {
        // A bookmark added earlier in this transaction (a step of the same burst) is simply not written.
        if (addedBookmarks.RemoveAll(b => b.Bookmark.Id == bookmarkId) == 0)
        {
            removedBookmarks.Add(bookmarkId);
        }
    }

    public void Enqueue(WorkItem item) => newWork.Add(item);

    public void AddInstance(WorkflowInstance instance, WorkItem first, JournalEntry started) => newInstances.Add((instance, first, started));

    private readonly List<EventPublication> publications = [];

    public void PublishEvent(EventPublication publication) => publications.Add(publication);

    /// <summary>One INSERT … SELECT per published event: a resume item for each matching Event bookmark (the dedup key makes a repeat a no-op).</summary>
    private async Task WritePublicationsAsync(CancellationToken ct)
    {
        foreach (var p in publications)
        {
            var args = new List<object> { p.Now.UtcDateTime, p.BookmarkPayload, p.ResumePayload ?? "" };
            // A missing payload stays NULL (a typed parameter cannot be DBNull here).
            var payload = p.ResumePayload is null ? "NULL" : "{2}";
            var sql = $$"""
                INSERT INTO wf_work_items (instance_id, kind, activity_id, bookmark_id, is_trigger, outcome, payload, resumed_by, dedup_key, created_at)
                SELECT b.instance_id, 'Resume', NULL, b.id, FALSE, NULL, {{payload}}, 'event', 'resume:' || b.id, {0}
                FROM wf_bookmarks b JOIN wf_instances i ON i.id = b.instance_id
                WHERE b.kind = 'Event' AND b.payload = {1}
                """;
            if (p.TenantId is null)
            {
                sql += " AND i.tenant_id IS NULL";
            }
            else
            {
                args.Add(p.TenantId);
                sql += $" AND i.tenant_id = {{{args.Count - 1}}}";
            }
            if (p.CorrelationId is not null)
            {
                args.Add(p.CorrelationId);
                sql += $" AND i.correlation_id = {{{args.Count - 1}}}";
            }
            if (p.InstanceId is not null)
            {
                args.Add(p.InstanceId);
                sql += $" AND i.id = {{{args.Count - 1}}}";
            }
            sql += " ON CONFLICT (dedup_key) DO NOTHING";
            await db.Database.ExecuteSqlRawAsync(sql, args, ct);
        }
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        tx ??= await db.Database.BeginTransactionAsync(ct);
        if (newInstances.Count > 0)
        {
            // The instance rows first: their work item and journal rows reference them (EF does not know these foreign keys).
            foreach (var (instance, _, _) in newInstances)
            {
                var row = new WorkflowInstanceRow();
                WorkflowRowMapper.Fill(row, instance);
                db.Add(row);
            }
            await db.SaveChangesAsync(ct);
            foreach (var (_, first, started) in newInstances)
            {
                newWork.Add(first);
                journal.Add(started);
            }
        }
        if (Instance is not null && instanceRow is not null)
        {
            WorkflowRowMapper.Fill(instanceRow, Instance);
            instanceRow.RowVersion = Instance.RowVersion + 1;
        }
        if (itemRow is not null)
        {
            db.Remove(itemRow);
        }
        foreach (var e in journal)
        {
            db.Add(WorkflowRowMapper.ToRow(e));
        }
        if (executions.Count > 0)
        {
            // A record may exist already for an activity that waited (its bookmark carries the id), was retried, or is a composite
            // (Sequence, If, Switch) completing after its embedded activities: look every id up (one primary-key query).
            var ids = executions.Keys.ToList();
            var existing = ids.Count == 0
                ? new Dictionary<string, ActivityExecutionRow>()
                : await db.Set<ActivityExecutionRow>().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
            foreach (var (id, e) in executions)
            {
                if (existing.TryGetValue(id, out var row))
                {
                    WorkflowRowMapper.Fill(row, e);
                }
                else
                {
                    // Filled before it is tracked: EF keys the new row by its id (several new records in one transaction).
                    row = new ActivityExecutionRow();
                    WorkflowRowMapper.Fill(row, e);
                    db.Add(row);
                }
            }
        }
        if (removedBookmarks.Count > 0)
        {
            var removed = bookmarkRows.Where(b => removedBookmarks.Contains(b.Id)).ToList();
            db.RemoveRange(removed);
            // A task whose bookmark goes without being completed (End on another branch, cancel) is cancelled.
            var taskIds = removed.Where(b => b.Kind == "HumanTask").Select(b => b.Id).ToList();
            if (taskIds.Count > 0)
            {
                foreach (var t in await db.Set<HumanTaskRow>().Where(x => taskIds.Contains(x.Id) && (x.Status == "Open" || x.Status == "Claimed")).ToListAsync(ct))
                {
                    t.Status = HumanTaskStatus.Canceled.ToString();
                }
            }
        }
        foreach (var (b, task) in addedBookmarks)
        {
            db.Add(WorkflowRowMapper.ToRow(b));
            if (task is not null && Instance is not null)
            {
                var taskRow = new HumanTaskRow
                {
                    Id = b.Id, InstanceId = b.InstanceId, DefinitionId = Instance.DefinitionId, ActivityId = b.ActivityId, ActivityNodeId = b.ActivityNodeId,
                    Department = task.Department, Title = task.Title, Description = task.Description, AssigneeRole = task.AssigneeRole,
                    AssigneeUser = task.AssigneeUser, DueAt = task.DueAt?.UtcDateTime, FormData = task.FormData,
                    Outcomes = WorkflowJson.Serialize(task.Outcomes), Status = HumanTaskStatus.Open.ToString(), CreatedAt = b.CreatedAt.UtcDateTime,
                };
                db.Add(taskRow);
                // The task's mail is queued in the same commit as the task: never a task without its mail, nor a mail for no task
                // (unless the workflow turned the mail off because it mails about the same cause itself).
                if (task.SendMail) db.Add(Notifications.OutboxRow.ForNewTask(taskRow));
            }
        }
        foreach (var w in newWork)
        {
            db.Add(WorkflowRowMapper.ToRow(w));
        }
        await db.SaveChangesAsync(ct);
        await WritePublicationsAsync(ct);
        if (!shared)
        {
            await tx.CommitAsync(ct);
        }
        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (shared)
        {
            return;
        }
        try
        {
            if (!committed)
            {
                try
                {
                    if (tx is not null)
                    {
                        await tx.RollbackAsync();
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already completed or the connection is gone: nothing was committed either way.
                }
            }
            if (tx is not null)
            {
                await tx.DisposeAsync();
            }
            await db.DisposeAsync();
        }
        finally
        {
            gate?.Release();
            gate = null;
        }
    }
}
