using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Workflows;

/// <inheritdoc cref="IHumanTaskStore"/>
/// <param name="factory">EF Core contexts for the list queries.</param>
/// <param name="database">
/// The database itself, for <see cref="InboxAsync"/>'s plain SQL: a connection without a context (setting up a context's
/// services cost about a tenth of an inbox request's CPU). Without it (a host that registers only the factory) the
/// inbox borrows a context's connection.
/// </param>
public sealed class EfHumanTaskStore(IDbContextFactory<ChatArchiveDbContext> factory, DatabaseOptions? database = null) : IHumanTaskStore
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

    /// <summary>The columns an inbox row shows, in the order <see cref="ReadInboxRow"/> reads them (after the list marker).</summary>
    private const string InboxColumns = "id, instance_id, definition_id, activity_id, activity_node_id, department, title, assignee_role, assignee_user, due_at, status, claimed_by, created_at";

    /// <summary>1 for a task without a due date (listed last).</summary>
    private const string NoDue = "CASE WHEN due_at IS NULL THEN 1 ELSE 0 END";

    /// <summary>Overdue first (earliest due date), no due date last, then the oldest; the id keeps pages stable.</summary>
    private const string InboxOrder = NoDue + ", due_at, created_at, id";

    /// <summary>
    /// Both lists of an inbox, each a page with its whole count, in one statement: two paged sub-queries joined by
    /// UNION ALL, each row carrying its list's count (a sub-query that does not depend on the row, so the database
    /// counts once). Plain SQL on a plain connection (PostgreSQL and SQLite alike): the same filters as
    /// <see cref="Filter"/> builds for "mine" (User) and "team" (Roles + ExceptUser), without EF Core's per-query
    /// translation and materialization, and without the columns a list does not show. A page past the end of its
    /// list has no rows to carry the count: only then a second statement counts it. On PostgreSQL the statement is
    /// prepared: the server parses and plans it once per pooled connection (Npgsql keeps it prepared when the
    /// connection goes back to the pool), not on every request.
    /// </summary>
    public async Task<HumanTaskInbox> InboxAsync(HumanTaskInboxQuery query, CancellationToken ct = default)
    {
        ChatArchiveDbContext? db = null;
        System.Data.Common.DbConnection conn;
        if (database is not null)
        {
            conn = DatabaseSetup.CreateConnection(database);
        }
        else
        {
            db = await factory.CreateDbContextAsync(ct);
            conn = db.Database.GetDbConnection();
        }
        await using var context = db;
        await using var owned = db is null ? conn : null;
        await conn.OpenAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 500);
        await using var cmd = conn.CreateCommand();
        var where = new System.Text.StringBuilder("status IN ('Open', 'Claimed')");
        if (query.Departments is { } deps)
        {
            where.Append(" AND department IN (").Append(deps.Count == 0 ? "NULL" : string.Join(", ", deps.Select((d, i) => Parameter(cmd, "d" + i, d)))).Append(')');
        }
        if (query.Title is { Length: > 0 } title) where.Append(" AND title = ").Append(Parameter(cmd, "title", title));
        if (query.CorrelationId is { Length: > 0 } correlation)
        {
            where.Append(" AND instance_id IN (SELECT id FROM wf_instances WHERE correlation_id = ").Append(Parameter(cmd, "correlation", correlation)).Append(')');
        }
        var user = Parameter(cmd, "user", query.User);
        var mine = $"{where} AND (assignee_user = {user} OR claimed_by = {user})";
        var team = query.Roles.Count == 0
            ? "1 = 0"
            : $"{where} AND assignee_user IS NULL AND assignee_role IN ({string.Join(", ", query.Roles.Select((r, i) => Parameter(cmd, "r" + i, r)))}) AND (claimed_by IS NULL OR claimed_by <> {user})";
        var limit = Parameter(cmd, "size", size);
        var mineOffset = Parameter(cmd, "mineoffset", query.MinePage * size);
        var teamOffset = Parameter(cmd, "teamoffset", query.TeamPage * size);
        // The outer ORDER BY of a UNION may name result columns only (PostgreSQL), hence the "nodue" column.
        cmd.CommandText =
            $"SELECT 0 AS list, {InboxColumns}, (SELECT COUNT(*) FROM wf_human_tasks WHERE {mine}) AS total, nodue " +
            $"FROM (SELECT {InboxColumns}, {NoDue} AS nodue FROM wf_human_tasks WHERE {mine} ORDER BY {InboxOrder} LIMIT {limit} OFFSET {mineOffset}) m " +
            "UNION ALL " +
            $"SELECT 1 AS list, {InboxColumns}, (SELECT COUNT(*) FROM wf_human_tasks WHERE {team}) AS total, nodue " +
            $"FROM (SELECT {InboxColumns}, {NoDue} AS nodue FROM wf_human_tasks WHERE {team} ORDER BY {InboxOrder} LIMIT {limit} OFFSET {teamOffset}) t " +
            "ORDER BY list, nodue, due_at, created_at, id";
        if (conn is Npgsql.NpgsqlConnection) await cmd.PrepareAsync(ct);
        var lists = new[] { new List<HumanTaskItem>(), new List<HumanTaskItem>() };
        var totals = new long[] { -1, -1 };
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var list = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                lists[list].Add(ReadInboxRow(reader));
                totals[list] = Convert.ToInt64(reader.GetValue(14), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        for (var i = 0; i < 2; i++)
        {
            if (totals[i] >= 0) continue;
            var page = i == 0 ? query.MinePage : query.TeamPage;
            if (page <= 0 || (i == 1 && query.Roles.Count == 0))
            {
                totals[i] = 0;
                continue;
            }
            // A page past the end: count the whole list (same parameters, only this list's filter).
            cmd.CommandText = $"SELECT COUNT(*) FROM wf_human_tasks WHERE {(i == 0 ? mine : team)}";
            totals[i] = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new HumanTaskInbox(new Page<HumanTaskItem>(lists[0], totals[0]), new Page<HumanTaskItem>(lists[1], totals[1]));
    }

    private static HumanTaskItem ReadInboxRow(System.Data.Common.DbDataReader r) => new()
    {
        Id = r.GetString(1), InstanceId = r.GetString(2), DefinitionId = r.GetString(3), ActivityId = r.GetString(4), ActivityNodeId = r.GetString(5),
        Department = r.IsDBNull(6) ? null : r.GetString(6), Title = r.GetString(7),
        AssigneeRole = r.IsDBNull(8) ? null : r.GetString(8), AssigneeUser = r.IsDBNull(9) ? null : r.GetString(9),
        DueAt = r.IsDBNull(10) ? null : Utc(r.GetDateTime(10)),
        Status = Enum.Parse<HumanTaskStatus>(r.GetString(11)),
        ClaimedBy = r.IsDBNull(12) ? null : r.GetString(12),
        CreatedAt = Utc(r.GetDateTime(13)),
    };

    /// <summary>Stored in UTC on both providers (SQLite's text has no zone; PostgreSQL's timestamptz comes back as UTC).</summary>
    private static DateTimeOffset Utc(DateTime d) => new(DateTime.SpecifyKind(d, DateTimeKind.Utc));

    /// <summary>Adds a parameter and returns its placeholder (@name: Npgsql and Microsoft.Data.Sqlite both take it).</summary>
    private static string Parameter(System.Data.Common.DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
        return "@" + name;
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
        if (query.CorrelationId is { Length: > 0 } correlation)
        {
            q = q.Where(x => db.Set<WorkflowInstanceRow>().Any(i => i.Id == x.InstanceId && i.CorrelationId == correlation));
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
