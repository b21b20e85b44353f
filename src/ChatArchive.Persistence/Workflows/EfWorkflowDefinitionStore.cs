using ChatArchive.Workflows.Engine;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Workflows;

/// <inheritdoc cref="IWorkflowDefinitionStore"/>
public sealed class EfWorkflowDefinitionStore(IDbContextFactory<ChatArchiveDbContext> factory) : IWorkflowDefinitionStore
{
    public async Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.Set<WorkflowDefinitionRow>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == versionId, ct);
        return r is null ? null : WorkflowRowMapper.ToModel(r);
    }

    public async Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions options, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = Filter(db.Set<WorkflowDefinitionRow>().AsNoTracking().Where(x => x.DefinitionId == definitionId), options);
        var r = await q.OrderByDescending(x => x.IsLatest).ThenByDescending(x => x.Version).FirstOrDefaultAsync(ct);
        return r is null ? null : WorkflowRowMapper.ToModel(r);
    }

    public async Task<IReadOnlyList<WorkflowDefinition>> FindVersionsAsync(string definitionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<WorkflowDefinitionRow>().AsNoTracking().Where(x => x.DefinitionId == definitionId).OrderBy(x => x.Version).ToListAsync(ct);
        return rows.Select(WorkflowRowMapper.ToModel).ToList();
    }

    public async Task<Page<WorkflowDefinitionSummary>> ListAsync(WorkflowDefinitionQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = Filter(db.Set<WorkflowDefinitionRow>().AsNoTracking(), query.VersionOptions);
        var tenant = query.Tenant;
        q = tenant is null
            ? q.Where(x => x.TenantId == null)
            : query.IncludeTemplates ? q.Where(x => x.TenantId == tenant || x.TenantId == null) : q.Where(x => x.TenantId == tenant);
        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var term = query.SearchTerm.Trim().ToLower();
            q = q.Where(x => x.Name.ToLower().Contains(term) || (x.Description != null && x.Description.ToLower().Contains(term)) || x.DefinitionId == query.SearchTerm);
        }
        if (query.DefinitionIds is { Count: > 0 } dids)
        {
            q = q.Where(x => dids.Contains(x.DefinitionId));
        }
        if (query.Ids is { Count: > 0 } ids)
        {
            q = q.Where(x => ids.Contains(x.Id));
        }
        var total = await q.LongCountAsync(ct);
        q = (query.OrderBy, query.Descending) switch
        {
            (DefinitionOrder.Version, false) => q.OrderBy(x => x.Version).ThenBy(x => x.Id),
            (DefinitionOrder.Version, true) => q.OrderByDescending(x => x.Version).ThenBy(x => x.Id),
            (DefinitionOrder.CreatedAt, false) => q.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id),
            (DefinitionOrder.CreatedAt, true) => q.OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id),
            (_, true) => q.OrderByDescending(x => x.Name).ThenBy(x => x.Version),
            _ => q.OrderBy(x => x.Name).ThenBy(x => x.Version),
        };
        var rows = await q.Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(x => new { x.Id, x.DefinitionId, x.Name, x.Description, x.Version, x.IsLatest, x.IsPublished, x.CreatedAt, x.TenantId })
            .ToListAsync(ct);
        return new Page<WorkflowDefinitionSummary>(rows.Select(x => new WorkflowDefinitionSummary(
            x.Id, x.DefinitionId, x.Name, x.Description, x.Version, "3.8.0.0", x.IsLatest, x.IsPublished, "Json", true,
            UtcDateTimeConverter.FromUtc(x.CreatedAt), false, x.TenantId)).ToList(), total);
    }

    public async Task<IReadOnlyList<WorkflowDefinition>> ListPublishedAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<WorkflowDefinitionRow>().AsNoTracking().Where(x => x.IsPublished).ToListAsync(ct);
        return rows.Select(WorkflowRowMapper.ToModel).ToList();
    }

    public async Task<bool> NameExistsAsync(string? tenantId, string name, string? exceptDefinitionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var lower = name.Trim().ToLower();
        return await db.Set<WorkflowDefinitionRow>().AsNoTracking()
            .Where(x => x.TenantId == tenantId && x.IsLatest && x.Name.ToLower() == lower)
            .Where(x => exceptDefinitionId == null || x.DefinitionId != exceptDefinitionId)
            .AnyAsync(ct);
    }

    public Task SaveAsync(IReadOnlyList<WorkflowDefinition> versions, CancellationToken ct = default) => SaveAsync(versions, null, ct);

    public async Task SaveAsync(IReadOnlyList<WorkflowDefinition> versions, string? createdVersionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = versions.Select(v => v.Id).ToList();
        var existing = await db.Set<WorkflowDefinitionRow>().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        if (createdVersionId is not null && existing.ContainsKey(createdVersionId))
        {
            // The other save committed before this transaction began (SQLite serialises writers; PostgreSQL when it came first).
            throw ConcurrentSave(versions);
        }
        // First clear the latest/published flags that move, so the partial unique indexes never see two at once.
        var cleared = false;
        foreach (var v in versions)
        {
            if (existing.TryGetValue(v.Id, out var r) && ((r.IsLatest && !v.IsLatest) || (r.IsPublished && !v.IsPublished)))
            {
                r.IsLatest &= v.IsLatest;
                r.IsPublished &= v.IsPublished;
                cleared = true;
            }
        }
        if (cleared)
        {
            await db.SaveChangesAsync(ct);
        }
        foreach (var v in versions)
        {
            if (existing.TryGetValue(v.Id, out var r))
            {
                WorkflowRowMapper.Fill(r, v);
                continue;
            }
            // A new version: a row another save inserted meanwhile (same version id, or a second latest/published version of the
            // definition) makes this insert a no-op instead of a unique-index error; the transaction is then rolled back.
            var n = new WorkflowDefinitionRow();
            WorkflowRowMapper.Fill(n, v);
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO wf_definitions (id, definition_id, version, tenant_id, name, description, is_latest, is_published, created_at, data)
                VALUES ({n.Id}, {n.DefinitionId}, {n.Version}, {n.TenantId}, {n.Name}, {n.Description}, {n.IsLatest}, {n.IsPublished}, {n.CreatedAt}, {n.Data})
                ON CONFLICT DO NOTHING
                """, ct);
            if (inserted == 0)
            {
                throw ConcurrentSave(versions);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static WorkflowEngineException ConcurrentSave(IReadOnlyList<WorkflowDefinition> versions) =>
        new(WorkflowErrorKind.Conflict,
            $"Workflow '{versions[^1].Name}' is zojuist ook door een ander opgeslagen; die versie is bewaard, de uwe niet. " +
            "Open de workflow opnieuw en breng uw wijziging daarna aan.");

    public async Task<int> DeleteDefinitionAsync(string definitionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<WorkflowDefinitionRow>().Where(x => x.DefinitionId == definitionId).ExecuteDeleteAsync(ct);
    }

    public async Task<int> DeleteVersionAsync(string versionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<WorkflowDefinitionRow>().Where(x => x.Id == versionId).ExecuteDeleteAsync(ct);
    }

    private static IQueryable<WorkflowDefinitionRow> Filter(IQueryable<WorkflowDefinitionRow> q, VersionOptions o) => o.Selector switch
    {
        VersionSelector.Latest => q.Where(x => x.IsLatest),
        VersionSelector.Published => q.Where(x => x.IsPublished),
        VersionSelector.LatestOrPublished => q.Where(x => x.IsLatest || x.IsPublished),
        VersionSelector.LatestAndPublished => q.Where(x => x.IsLatest && x.IsPublished),
        VersionSelector.Draft => q.Where(x => !x.IsPublished),
        VersionSelector.SpecificVersion => q.Where(x => x.Version == o.Version),
        _ => q,
    };
}
