using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatArchive.Persistence.Workflows;

/// <summary>
/// Work items of several instances claimed in one PostgreSQL transaction (<c>FOR UPDATE OF w, i SKIP LOCKED</c>, at most one
/// item per instance), with their instances, bookmarks and pending-work counts read in three queries for the whole batch
/// instead of three per item. Each instance's burst runs in its own savepoint: a failing burst is rolled back alone and its
/// item stays for a later claim; the rest commits once. The locks hold until that commit, as for a single claim.
/// </summary>
internal sealed class EfStepBatch : IWorkflowStepBatch
{
    private readonly ChatArchiveDbContext db;
    private readonly IDbContextTransaction tx;
    private readonly List<IWorkflowStep> steps;
    private bool committed;

    private EfStepBatch(ChatArchiveDbContext db, IDbContextTransaction tx, List<IWorkflowStep> steps)
    {
        this.db = db;
        this.tx = tx;
        this.steps = steps;
    }

    public IReadOnlyList<IWorkflowStep> Steps => steps;

    public bool Shared => true;

    /// <summary>Null when no work item is free; the caller owns <paramref name="db"/> until then.</summary>
    public static async Task<EfStepBatch?> ClaimAsync(ChatArchiveDbContext db, int max, CancellationToken ct)
    {
        // Savepoints are taken per burst here; EF's own savepoint around every SaveChanges would only add round trips.
        db.Database.AutoSavepointsEnabled = false;
        var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var claimed = await db.Set<WorkItemRow>().FromSql($"""
                SELECT w.* FROM wf_work_items w JOIN wf_instances i ON i.id = w.instance_id
                ORDER BY w.id LIMIT {max} FOR UPDATE OF w, i SKIP LOCKED
                """).ToListAsync(ct);
            // One item per instance: two steps of one instance never run side by side on two copies of its state. The other
            // items of that instance stay (locked until this commit) for a later claim.
            var items = claimed.OrderBy(x => x.Id).DistinctBy(x => x.InstanceId).ToList();
            if (items.Count == 0)
            {
                await tx.RollbackAsync(ct);
                await tx.DisposeAsync();
                return null;
            }
            var ids = items.Select(x => x.InstanceId).ToList();
            var instances = await db.Set<WorkflowInstanceRow>().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
            var bookmarks = (await db.Set<BookmarkRow>().Where(x => ids.Contains(x.InstanceId)).ToListAsync(ct)).ToLookup(x => x.InstanceId);
            var pending = await db.Set<WorkItemRow>().Where(x => ids.Contains(x.InstanceId)).GroupBy(x => x.InstanceId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var steps = new List<IWorkflowStep>(items.Count);
            foreach (var item in items)
            {
                // An instance row that is gone leaves a step without instance: the item is only removed.
                steps.Add(EfWorkflowStep.OpenShared(db, tx, item, instances.GetValueOrDefault(item.InstanceId), [.. bookmarks[item.InstanceId]],
                    pending.GetValueOrDefault(item.InstanceId) - 1));
            }
            return new EfStepBatch(db, tx, steps);
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }

    private static string Savepoint(IWorkflowStep step) => "burst_" + (step.Item?.Id ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task BeginAsync(IWorkflowStep step, CancellationToken ct = default) => tx.CreateSavepointAsync(Savepoint(step), ct);

    public async Task<bool> UndoAsync(IWorkflowStep step, CancellationToken ct = default)
    {
        try
        {
            await tx.RollbackToSavepointAsync(Savepoint(step), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
        // What the burst left in EF's change tracker is not written either: the other steps' rows are untouched (each step
        // saved its own changes before the next one began).
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.State = EntityState.Detached;
                    break;
                case EntityState.Modified:
                    entry.CurrentValues.SetValues(entry.OriginalValues);
                    entry.State = EntityState.Unchanged;
                    break;
                case EntityState.Deleted:
                    entry.State = EntityState.Unchanged;
                    break;
            }
        }
        return true;
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await tx.CommitAsync(ct);
        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!committed)
        {
            try
            {
                await tx.RollbackAsync();
            }
            catch (InvalidOperationException)
            {
                // Already completed or the connection is gone: nothing was committed either way.
            }
        }
        await tx.DisposeAsync();
        await db.DisposeAsync();
    }
}

/// <summary>One claimed item that commits itself (SQLite, or a batch size of 1).</summary>
internal sealed class SingleStepBatch(IWorkflowStep step) : IWorkflowStepBatch
{
    public IReadOnlyList<IWorkflowStep> Steps { get; } = [step];

    public bool Shared => false;

    public Task BeginAsync(IWorkflowStep s, CancellationToken ct = default) => Task.CompletedTask;

    public Task<bool> UndoAsync(IWorkflowStep s, CancellationToken ct = default) => Task.FromResult(false);

    public Task CommitAsync(CancellationToken ct = default) => Task.CompletedTask;

    // The step is disposed by its burst.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
