using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Workflows;

/// <inheritdoc cref="IWorkflowInstanceStore"/>
public sealed class EfWorkflowInstanceStore(IDbContextFactory<ChatArchiveDbContext> factory) : IWorkflowInstanceStore
{
    public async Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.Set<WorkflowInstanceRow>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == instanceId, ct);
        return r is null ? null : WorkflowRowMapper.ToModel(r);
    }

    public async Task<Page<WorkflowInstanceSummary>> ListAsync(WorkflowInstanceQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<WorkflowInstanceRow>().AsNoTracking();
        if (!query.AllTenants)
        {
            var tenant = query.Tenant;
            q = tenant is null ? q.Where(x => x.TenantId == null) : q.Where(x => x.TenantId == tenant);
        }
        if (query.DefinitionIds is { Count: > 0 } dids)
        {
            q = q.Where(x => dids.Contains(x.DefinitionId));
        }
        if (query.DefinitionVersionIds is { Count: > 0 } vids)
        {
            q = q.Where(x => vids.Contains(x.DefinitionVersionId));
        }
        if (query.Statuses is { Count: > 0 } st)
        {
            var names = st.Select(s => s.ToString()).ToList();
            q = q.Where(x => names.Contains(x.Status));
        }
        if (query.SubStatuses is { Count: > 0 } sst)
        {
            var names = sst.Select(s => s.ToString()).ToList();
            q = q.Where(x => names.Contains(x.SubStatus));
        }
        if (query.CorrelationId is { Length: > 0 } cid)
        {
            q = q.Where(x => x.CorrelationId == cid);
        }
        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var term = query.SearchTerm.Trim();
            var lower = term.ToLower();
            q = q.Where(x => x.Id == term || x.CorrelationId == term || x.DefinitionId == term || (x.Name != null && x.Name.ToLower().Contains(lower)));
        }
        var total = await q.LongCountAsync(ct);
        q = query.Descending ? q.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id) : q.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id);
        var size = Math.Clamp(query.PageSize, 1, 500);
        var rows = await q.Skip(Math.Max(0, query.Page) * size).Take(size).ToListAsync(ct);
        return new Page<WorkflowInstanceSummary>(rows.Select(WorkflowRowMapper.ToSummary).ToList(), total);
    }

    public async Task<Page<JournalEntry>> GetJournalAsync(string instanceId, int skip, int take, IReadOnlyList<string>? nodeIds = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<JournalRow>().AsNoTracking().Where(x => x.InstanceId == instanceId);
        if (nodeIds is { Count: > 0 })
        {
            q = q.Where(x => x.NodeId != null && nodeIds.Contains(x.NodeId));
        }
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderBy(x => x.Sequence).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        return new Page<JournalEntry>(rows.Select(WorkflowRowMapper.ToModel).ToList(), total);
    }

    public async Task<IReadOnlyList<ActivityExecutionRecord>> GetActivityExecutionsAsync(string instanceId, string? activityNodeId = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<ActivityExecutionRow>().AsNoTracking().Where(x => x.InstanceId == instanceId);
        if (activityNodeId is { Length: > 0 })
        {
            q = q.Where(x => x.ActivityNodeId == activityNodeId);
        }
        var rows = await q.OrderBy(x => x.StartedAt).ThenBy(x => x.Id).ToListAsync(ct);
        return rows.Select(WorkflowRowMapper.ToModel).ToList();
    }

    public async Task<ActivityExecutionRecord?> GetActivityExecutionAsync(string id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.Set<ActivityExecutionRow>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return r is null ? null : WorkflowRowMapper.ToModel(r);
    }

    public async Task<IReadOnlyList<ActivityExecutionStats>> GetActivityStatsAsync(string instanceId, IReadOnlyList<string>? activityNodeIds = null, CancellationToken ct = default)
    {
        var all = await GetActivityExecutionsAsync(instanceId, null, ct);
        return all
            .Where(e => activityNodeIds is not { Count: > 0 } || activityNodeIds.Contains(e.ActivityNodeId))
            .GroupBy(e => (e.ActivityId, e.ActivityNodeId))
            .Select(g => new ActivityExecutionStats(
                g.Key.ActivityId,
                g.Key.ActivityNodeId,
                g.Count(),
                g.Count(e => e.Status == ActivityExecutionStatus.Completed),
                g.Count(e => e.Status != ActivityExecutionStatus.Completed),
                g.Any(e => e.Status == ActivityExecutionStatus.Running && e.HasBookmarks),
                g.Any(e => e.Status == ActivityExecutionStatus.Faulted)))
            .ToList();
    }

    public async Task<IReadOnlyList<Bookmark>> GetBookmarksAsync(string instanceId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<BookmarkRow>().AsNoTracking().Where(x => x.InstanceId == instanceId).OrderBy(x => x.CreatedAt).ToListAsync(ct);
        return rows.Select(WorkflowRowMapper.ToModel).ToList();
    }

    public async Task<int> DeleteAsync(IReadOnlyList<string> instanceIds, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = instanceIds.ToList();
        await db.Set<WorkItemRow>().Where(x => ids.Contains(x.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Set<BookmarkRow>().Where(x => ids.Contains(x.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Set<JournalRow>().Where(x => ids.Contains(x.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Set<ActivityExecutionRow>().Where(x => ids.Contains(x.InstanceId)).ExecuteDeleteAsync(ct);
        await db.Set<HumanTaskRow>().Where(x => ids.Contains(x.InstanceId)).ExecuteDeleteAsync(ct);
        var n = await db.Set<WorkflowInstanceRow>().Where(x => ids.Contains(x.Id)).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return n;
    }
}
