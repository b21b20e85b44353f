using System.Collections.Concurrent;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Workflows;

/// <summary>
/// The runtime's write side on EF Core. PostgreSQL: a step claims its work item and the instance row together
/// with <c>SELECT … FOR UPDATE OF w, i SKIP LOCKED</c>, so processes running side by side never take the same
/// step, and an item whose instance another worker holds is skipped instead of waited for. The locks live as long
/// as the step's transaction; a killed process releases them with its connection and the item is claimed again.
/// SQLite (one node): steps are serialised per database file by a gate plus an immediate write transaction.
/// </summary>
public sealed class EfWorkflowExecutionStore(IDbContextFactory<ChatArchiveDbContext> factory, DatabaseOptions options) : IWorkflowExecutionStore
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteGates = new(StringComparer.Ordinal);

    private bool IsPostgres => options.Provider == DatabaseProvider.PostgreSql;

    public async Task<bool> CreateInstanceAsync(WorkflowInstance instance, WorkItem first, JournalEntry started, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The instance row first (the work item and journal rows reference it). A second start of the same idempotent instance id is
        // expected (two callers at once): ON CONFLICT makes it a quiet no-op instead of a unique-key error EF would log as a failure.
        var r = new WorkflowInstanceRow();
        WorkflowRowMapper.Fill(r, instance);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO wf_instances (id, definition_id, definition_version_id, version, tenant_id, status, sub_status, correlation_id, name,
                incident_count, created_at, updated_at, finished_at, state, row_version)
            VALUES ({r.Id}, {r.DefinitionId}, {r.DefinitionVersionId}, {r.Version}, {r.TenantId}, {r.Status}, {r.SubStatus}, {r.CorrelationId},
                {r.Name}, {r.IncidentCount}, {r.CreatedAt}, {r.UpdatedAt}, {r.FinishedAt}, {r.State}, {0L})
            ON CONFLICT (id) DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            return false;
        }
        db.Add(WorkflowRowMapper.ToRow(first));
        db.Add(WorkflowRowMapper.ToRow(started));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> EnqueueAsync(WorkItem item, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await InsertWorkItemAsync(db, item, ct) == 1;
    }

    /// <summary>INSERT that ignores a duplicate dedup key (the same statement works on both providers).</summary>
    internal static Task<int> InsertWorkItemAsync(ChatArchiveDbContext db, WorkItem w, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO wf_work_items (instance_id, kind, activity_id, bookmark_id, is_trigger, outcome, payload, resumed_by, dedup_key, created_at)
            VALUES ({w.InstanceId}, {w.Kind.ToString()}, {w.ActivityId}, {w.BookmarkId}, {w.IsTrigger}, {w.Outcome}, {w.Payload}, {w.ResumedBy}, {w.DedupKey}, {w.CreatedAt.UtcDateTime})
            ON CONFLICT (dedup_key) DO NOTHING
            """, ct);

    public async Task<bool?> EnqueueResumeAsync(string bookmarkId, string? outcome, string? payload, string? resumedBy, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var added = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO wf_work_items (instance_id, kind, activity_id, bookmark_id, is_trigger, outcome, payload, resumed_by, dedup_key, created_at)
            SELECT b.instance_id, {nameof(WorkItemKind.Resume)}, NULL, b.id, {false}, {outcome}, {payload}, {resumedBy}, {"resume:"} || b.id, {now.UtcDateTime}
            FROM wf_bookmarks b WHERE b.id = {bookmarkId}
            ON CONFLICT (dedup_key) DO NOTHING
            """, ct);
        if (added == 1)
        {
            return true;
        }
        return await db.Set<BookmarkRow>().AnyAsync(x => x.Id == bookmarkId, ct) ? false : null;
    }

    public async Task<int> EnqueueDueTimersAsync(DateTimeOffset upTo, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Uses ix_wf_bookmarks_due (kind, due_at); the dedup key makes a repeated firing a no-op.
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO wf_work_items (instance_id, kind, activity_id, bookmark_id, is_trigger, outcome, payload, resumed_by, dedup_key, created_at)
            SELECT b.instance_id, {nameof(WorkItemKind.Resume)}, NULL, b.id, {false}, NULL, NULL, {"timer"}, {"resume:"} || b.id, {now.UtcDateTime}
            FROM wf_bookmarks b WHERE b.kind = {"Timer"} AND b.due_at <= {upTo.UtcDateTime}
            ON CONFLICT (dedup_key) DO NOTHING
            """, ct);
    }

    public async Task<IWorkflowStepBatch?> ClaimBatchAsync(int max, CancellationToken ct = default)
    {
        if (IsPostgres && max > 1)
        {
            var db = await factory.CreateDbContextAsync(ct);
            EfStepBatch? batch = null;
            try
            {
                batch = await EfStepBatch.ClaimAsync(db, max, ct);
                return batch;
            }
            finally
            {
                if (batch is null)
                {
                    await db.DisposeAsync();
                }
            }
        }
        var step = await ClaimNextAsync(ct);
        return step is null ? null : new SingleStepBatch(step);
    }

    public async Task<IWorkflowStep?> ClaimNextAsync(CancellationToken ct = default)
    {
        SemaphoreSlim? gate = null;
        if (!IsPostgres)
        {
            gate = SqliteGates.GetOrAdd(options.ConnectionString, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(ct);
        }
        var db = await factory.CreateDbContextAsync(ct);
        try
        {
            // PostgreSQL: the claimed item and its instance stay locked for the whole step. SQLite: no transaction while the
            // activity runs (it may write through its own connection, e.g. the read-out service); the step's commit takes one.
            // A failed save rolls the whole step back, so EF's savepoint around each SaveChanges would only add round trips.
            db.Database.AutoSavepointsEnabled = false;
            var tx = IsPostgres ? await db.Database.BeginTransactionAsync(ct) : null;
            var item = IsPostgres
                ? (await db.Set<WorkItemRow>().FromSql($"""
                    SELECT w.* FROM wf_work_items w JOIN wf_instances i ON i.id = w.instance_id
                    ORDER BY w.id LIMIT 1 FOR UPDATE OF w, i SKIP LOCKED
                    """).ToListAsync(ct)).FirstOrDefault()
                : await db.Set<WorkItemRow>().OrderBy(x => x.Id).FirstOrDefaultAsync(ct);
            if (item is null)
            {
                if (tx is not null)
                {
                    await tx.RollbackAsync(ct);
                    await tx.DisposeAsync();
                }
                await db.DisposeAsync();
                gate?.Release();
                return null;
            }
            var instance = await db.Set<WorkflowInstanceRow>().FirstOrDefaultAsync(x => x.Id == item.InstanceId, ct);
            return await EfWorkflowStep.OpenAsync(db, tx, item, instance, gate, ct);
        }
        catch
        {
            await db.DisposeAsync();
            gate?.Release();
            throw;
        }
    }

    public async Task<bool> UpdateInstanceAsync(string instanceId, Func<IWorkflowStep, Task> change, CancellationToken ct = default)
    {
        SemaphoreSlim? gate = null;
        if (!IsPostgres)
        {
            gate = SqliteGates.GetOrAdd(options.ConnectionString, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(ct);
        }
        var db = await factory.CreateDbContextAsync(ct);
        EfWorkflowStep? step = null;
        try
        {
            var tx = await db.Database.BeginTransactionAsync(ct);
            if (IsPostgres)
            {
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM wf_instances WHERE id = {instanceId} FOR UPDATE", ct);
            }
            var instance = await db.Set<WorkflowInstanceRow>().FirstOrDefaultAsync(x => x.Id == instanceId, ct);
            step = await EfWorkflowStep.OpenAsync(db, tx, null, instance, gate, ct);
            gate = null;
            if (instance is null)
            {
                return false;
            }
            await change(step);
            await step.CommitAsync(ct);
            return true;
        }
        finally
        {
            if (step is not null)
            {
                await step.DisposeAsync();
            }
            else
            {
                await db.DisposeAsync();
                gate?.Release();
            }
        }
    }

    public async Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.Set<BookmarkRow>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == bookmarkId, ct);
        return r is null ? null : WorkflowRowMapper.ToModel(r);
    }

    public async Task<IReadOnlyList<Bookmark>> ListTimerBookmarksAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<BookmarkRow>().AsNoTracking().Where(x => x.DueAt != null).OrderBy(x => x.DueAt).ToListAsync(ct);
        return rows.Select(WorkflowRowMapper.ToModel).ToList();
    }

    public async Task<long> PendingWorkCountAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<WorkItemRow>().LongCountAsync(ct);
    }
}
