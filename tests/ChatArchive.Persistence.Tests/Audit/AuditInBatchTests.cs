using System.Data.Common;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChatArchive.Persistence.Tests.Audit;

/// <summary>
/// A write's armed audit event goes to the database with the write's own commands: Entity Framework sends the staged row in
/// the SaveChanges batch of the write, a read-out session's first write sends it in its batch (PostgreSQL), so the event
/// costs no round trip of its own. It commits with the write, not without it, and SaveChanges and the statement still
/// report the write's own rows.
/// </summary>
public class AuditInBatchTests
{
    private static readonly AuditEventInput Event = new("7", "administrator", "BZK", AuditActions.RegistryUpdate, "departments", "1");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_entity_framework_write_carries_its_event_in_its_own_batch(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditbatch");
        var id = await SeedDepartmentAsync(db);
        Assert.Empty(await StagedAsync(db)); // nothing armed: no event

        var commands = new CommandLog();
        await using var context = Context(db, commands);
        var department = await context.Set<Department>().SingleAsync(x => x.Id == id);
        department.Name = "Proef gewijzigd";
        department.Version++;
        commands.Texts.Clear();
        using (var armed = AuditInTransaction.Arm(Event with { ObjectId = id.ToString() }, TimeProvider.System))
        {
            Assert.Equal(1, await context.SaveChangesAsync()); // the write's own row, not the event's
            Assert.True(armed.Committed);
        }
        Assert.Empty(context.ChangeTracker.Entries<AuditStagedRow>()); // not left tracked in the request's context
        var carrying = Assert.Single(commands.Texts, t => t.Contains("audit_staged", StringComparison.Ordinal));
        if (provider == DatabaseProvider.PostgreSql)
        {
            // One command (one round trip) holds the write and its event.
            Assert.Single(commands.Texts);
            Assert.Matches("UPDATE \"?departments\"? SET", carrying);
        }
        var staged = Assert.Single(await StagedAsync(db));
        Assert.Equal((AuditActions.RegistryUpdate, id.ToString(), AuditOutcomes.Success), staged);

        // The trail chains it with the instant it was staged, in a valid chain.
        var trail = new AuditTrail(db, TimeProvider.System);
        Assert.Equal(1, await trail.ChainStagedAsync());
        var rows = new List<AuditEvent>();
        await foreach (var r in trail.ReadAllAsync()) rows.Add(r);
        var e = Assert.Single(rows);
        Assert.Equal(id.ToString(), e.ObjectId);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - e.At).TotalMinutes) < 10, $"staged at {e.At:O}");
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(e.Sequence, e.Hash, DateTimeOffset.UtcNow)]));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_refused_entity_framework_write_commits_no_event_and_the_next_write_carries_it(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditbatchstale");
        var id = await SeedDepartmentAsync(db);
        await using var context = Context(db, new CommandLog());
        var department = await context.Set<Department>().SingleAsync(x => x.Id == id);
        await using (var other = DatabaseSetup.CreateContext(db))
        {
            await other.Set<Department>().Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, 5));
        }
        using var armed = AuditInTransaction.Arm(Event, TimeProvider.System);
        department.Name = "Verouderd";
        department.Version++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => context.SaveChangesAsync());
        Assert.False(armed.Committed);
        Assert.Empty(context.ChangeTracker.Entries<AuditStagedRow>());
        Assert.Empty(await StagedAsync(db));

        // The same flow's next write carries the event once.
        context.ChangeTracker.Clear();
        var fresh = await context.Set<Department>().SingleAsync(x => x.Id == id);
        fresh.Name = "Opnieuw";
        fresh.Version++;
        Assert.Equal(1, await context.SaveChangesAsync());
        Assert.True(armed.Committed);
        Assert.Single(await StagedAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_sessions_first_write_carries_the_event_and_a_session_given_up_releases_it(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditbatchsql");
        await using (var seed = DatabaseSetup.CreateContext(db))
        {
            seed.AddRange(new Department { Code = "PROEFA", Name = "A" }, new Department { Code = "PROEFB", Name = "B" });
            await seed.SaveChangesAsync();
        }
        var postgres = provider == DatabaseProvider.PostgreSql;
        using var armed = AuditInTransaction.Arm(Event, TimeProvider.System);

        // A session that writes and is given up (an error after its write): no event, and the event is free again.
        await using (var conn = DatabaseSetup.CreateConnection(db))
        {
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            var sql = new Sql(conn, tx, postgres, auditInBatch: true);
            Assert.Equal(2, await sql.ExecAsync("UPDATE departments SET name = @n WHERE code LIKE 'PROEF%'", default, ("n", "Nooit")));
            if (postgres) Assert.Single(await StagedAsync(conn, tx)); // went with the UPDATE
            AuditInTransaction.Abandon(tx);
            await tx.RollbackAsync();
        }
        Assert.False(armed.Committed);
        Assert.Empty(await StagedAsync(db));

        // The next session: its first write's statement reports its own rows; the commit carries the event once.
        await using (var conn = DatabaseSetup.CreateConnection(db))
        {
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            var sql = new Sql(conn, tx, postgres, auditInBatch: true);
            Assert.Equal(2, await sql.ExecAsync("UPDATE departments SET name = @n WHERE code LIKE 'PROEF%'", default, ("n", "Gewijzigd")));
            Assert.Equal(postgres ? 1 : 0, (await StagedAsync(conn, tx)).Count); // PostgreSQL: in the UPDATE's batch; SQLite: at the commit
            Assert.Equal(1, await sql.ExecAsync("UPDATE departments SET name = @n WHERE code = 'PROEFA'", default, ("n", "Nog eens")));
            var carrier = await AuditInTransaction.StageAsync(conn, tx, default);
            Assert.NotNull(carrier);
            await tx.CommitAsync();
            carrier.MarkCommitted();
        }
        Assert.True(armed.Committed);
        Assert.Single(await StagedAsync(db));
    }

    private static async Task<long> SeedDepartmentAsync(DatabaseOptions db)
    {
        await using var seed = DatabaseSetup.CreateContext(db);
        var d = new Department { Code = "PROEF", Name = "Proef" };
        seed.Add(d);
        Assert.Equal(1, await seed.SaveChangesAsync());
        return d.Id;
    }

    private static ChatArchiveDbContext Context(DatabaseOptions db, CommandLog log)
    {
        var builder = new DbContextOptionsBuilder<ChatArchiveDbContext>().UseChatArchiveDatabase(db).AddInterceptors(log);
        return new ChatArchiveDbContext((DbContextOptions<ChatArchiveDbContext>)builder.Options);
    }

    private static async Task<List<(string Action, string ObjectId, string Outcome)>> StagedAsync(DatabaseOptions db)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        return await StagedAsync(conn, null);
    }

    private static async Task<List<(string Action, string ObjectId, string Outcome)>> StagedAsync(DbConnection conn, DbTransaction? tx)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT action, object_id, outcome FROM audit_staged ORDER BY id";
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        return rows;
    }

    /// <summary>The text of every command Entity Framework sends (one per round trip).</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken ct = default)
        {
            Texts.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, ct);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken ct = default)
        {
            Texts.Add(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, ct);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken ct = default)
        {
            Texts.Add(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, ct);
        }
    }
}
