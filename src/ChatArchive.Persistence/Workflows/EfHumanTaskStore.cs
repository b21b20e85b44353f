using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Workflows;

/// <inheritdoc cref="IHumanTaskStore"/>
public sealed class EfHumanTaskStore(IDbContextFactory<ChatArchiveDbContext> factory) : IHumanTaskStore
{
    public async Task<Page<HumanTaskItem>> ListAsync(HumanTaskQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = Filter(db, query);
        var size = Math.Clamp(query.PageSize, 1, 500);
        // Overdue first, then by due date, no due date last. The index on (department, status, due_at, created_at)
        // (migration 0610) finds a department's open tasks without reading its completed history.
        // The page and the whole list's count in one round trip: the count is a sub-query that does not depend on the
        // row, so the database works it out once. Only a page past the end (no rows) needs a query of its own.
        var rows = await q.OrderBy(x => x.DueAt == null).ThenBy(x => x.DueAt).ThenBy(x => x.CreatedAt).ThenBy(x => x.Id)
            .Skip(Math.Max(0, query.Page) * size).Take(size)
            .Select(x => new { Row = x, Total = q.LongCount() })
            .ToListAsync(ct);
        var total = rows.Count > 0 ? rows[0].Total : query.Page <= 0 ? 0 : await q.LongCountAsync(ct);
        return new Page<HumanTaskItem>(rows.Select(r => WorkflowRowMapper.ToModel(r.Row)).ToList(), total);
    }

    public async Task<IReadOnlyList<string>> TitlesAsync(HumanTaskQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var titles = await Filter(db, query with { Title = null }).Select(x => x.Title).Distinct().ToListAsync(ct);
        return titles.Order(StringComparer.CurrentCulture).ToList();
    }

    private static IQueryable<HumanTaskRow> Filter(ChatArchiveDbContext db, HumanTaskQuery query)
    {
        var q = db.Set<HumanTaskRow>().AsNoTracking();
        if (query.Departments is { } deps)
        {
            var list = deps.ToList();
            q = list.Count == 1
                ? q.Where(x => x.Department == list[0])
                : q.Where(x => x.Department != null && list.Contains(x.Department));
        }
        if (query.Statuses is { Count: > 0 } st)
        {
            var names = st.Select(s => s.ToString()).ToList();
            q = q.Where(x => names.Contains(x.Status));
        }
        if (query.InstanceId is { Length: > 0 } iid)
        {
            q = q.Where(x => x.InstanceId == iid);
        }
        if (query.Title is { Length: > 0 } title)
        {
            q = q.Where(x => x.Title == title);
        }
        if (query.Viewer is { } viewer)
        {
            q = q.Where(x => x.AssigneeUser == null || x.AssigneeUser == viewer);
        }
        if (query.ExceptUser is { } except)
        {
            q = q.Where(x => (x.AssigneeUser == null || x.AssigneeUser != except) && (x.ClaimedBy == null || x.ClaimedBy != except));
        }
        var roles = query.Roles?.ToList();
        var user = query.User;
        if (roles is { Count: > 0 } || user is not null)
        {
            roles ??= [];
            // For me: assigned to me, claimed by me, or open to one of my roles without a named assignee.
            q = q.Where(x => (user != null && (x.AssigneeUser == user || x.ClaimedBy == user))
                || (x.AssigneeUser == null && x.AssigneeRole != null && roles.Contains(x.AssigneeRole)));
        }
        return q;
    }

    public async Task<HumanTaskItem?> GetAsync(string taskId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.Set<HumanTaskRow>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == taskId, ct);
        return r is null ? null : WorkflowRowMapper.ToModel(r);
    }

    public async Task<bool> TryClaimAsync(string taskId, string user, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var at = now.UtcDateTime;
        return await db.Set<HumanTaskRow>().Where(x => x.Id == taskId && x.Status == "Open")
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, "Claimed").SetProperty(x => x.ClaimedBy, user).SetProperty(x => x.ClaimedAt, at), ct) == 1;
    }

    public async Task<bool> TryReleaseAsync(string taskId, string user, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<HumanTaskRow>().Where(x => x.Id == taskId && x.Status == "Claimed" && x.ClaimedBy == user)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, "Open").SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedAt, (DateTime?)null), ct) == 1;
    }

    public async Task<bool> TryCompleteAsync(string taskId, string user, string outcome, string? result, DateTimeOffset now, WorkItem resume, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var at = now.UtcDateTime;
        var changed = await db.Set<HumanTaskRow>()
            .Where(x => x.Id == taskId && (x.Status == "Open" || (x.Status == "Claimed" && x.ClaimedBy == user)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, "Completed")
                .SetProperty(x => x.ClaimedBy, user)
                .SetProperty(x => x.CompletedBy, user)
                .SetProperty(x => x.CompletedAt, at)
                .SetProperty(x => x.Outcome, outcome)
                .SetProperty(x => x.Result, result), ct);
        if (changed != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        // The task state and the event that resumes the workflow are committed together: never one without the other.
        await EfWorkflowExecutionStore.InsertWorkItemAsync(db, resume, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
