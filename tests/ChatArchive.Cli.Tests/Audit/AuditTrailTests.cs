using System.Data.Common;
using System.Text.Json;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Audit;

/// <summary>
/// The audit trail's hash chain and anchors on PostgreSQL and SQLite: every tamper of the table (edit, delete,
/// insert, reorder, truncate the tail) is found by the built <c>chatarchive audit verify</c>.
/// </summary>
public class AuditTrailTests
{
    private static readonly string[] Actions = [AuditActions.SignIn, AuditActions.DefinitionSave, AuditActions.RegistryUpdate, AuditActions.Seal, AuditActions.DefinitionPublish, AuditActions.SignIn];

    /// <summary>Six events of a realistic morning, then an anchor written by the CLI.</summary>
    private static async Task<(DatabaseOptions Db, Dictionary<string, string> Env, IReadOnlyList<AuditEvent> Events)> TrailAsync(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "audit");
        var trail = new AuditTrail(db, TimeProvider.System);
        var events = new List<AuditEvent>();
        for (var i = 0; i < Actions.Length; i++)
        {
            events.Add(await trail.RecordAsync(new AuditEventInput($"user-{i + 3}", i % 2 == 0 ? "ProcessOwner" : "InformationProfessional", "BZK", Actions[i], "object", $"id-{100 + i}")));
        }
        var env = IngestionData.Env(db);
        var anchor = await CliRunner.RunAsync(["audit", "anchor"], env);
        Assert.True(anchor.ExitCode == 0, anchor.StdErr);
        Assert.Contains("Gebeurtenis 6", anchor.StdOut);
        return (db, env, events);
    }

    private static async Task<JsonElement> VerifyAsync(Dictionary<string, string> env, int expectedExit)
    {
        var r = await CliRunner.RunAsync(["audit", "verify", "--json"], env);
        Assert.True(r.ExitCode == expectedExit, $"exit {r.ExitCode}: {r.StdOut} {r.StdErr}");
        using var doc = JsonDocument.Parse(r.StdOut);
        return doc.RootElement.Clone();
    }

    private static string[] Kinds(JsonElement report) =>
        report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("kind").GetString()!).ToArray();

    /// <summary>What an administrator with database rights would do: lift the append-only triggers, then change rows.</summary>
    private static async Task TamperAsync(DatabaseOptions db, params string[] statements)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        var lift = db.Provider == DatabaseProvider.PostgreSql
            ? new[] { "ALTER TABLE audit_events DISABLE TRIGGER USER" }
            : ["DROP TRIGGER tr_audit_events_no_update", "DROP TRIGGER tr_audit_events_no_delete"];
        foreach (var sql in lift.Concat(statements)) await ExecAsync(conn, sql);
    }

    private static async Task ExecAsync(DbConnection conn, string sql, params (string, object?)[] ps)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in ps)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = n;
            p.Value = v ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        await cmd.ExecuteNonQueryAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_untouched_trail_with_its_anchor_is_valid(DatabaseProvider provider)
    {
        var (_, env, events) = await TrailAsync(provider);
        var report = await VerifyAsync(env, 0);
        Assert.True(report.GetProperty("valid").GetBoolean());
        Assert.Equal(6, report.GetProperty("events").GetInt64());
        Assert.Equal(events[^1].Hash, report.GetProperty("headHash").GetString());
        Assert.Equal(1, report.GetProperty("anchors").GetInt32());
        Assert.Empty(Kinds(report));

        var text = await CliRunner.RunAsync(["audit", "verify"], env);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("In orde: 6 gebeurtenis(sen)", text.StdOut);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_application_cannot_update_or_delete_a_row(DatabaseProvider provider)
    {
        var (db, env, _) = await TrailAsync(provider);
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => ExecAsync(conn, "UPDATE audit_events SET actor = 'user-99' WHERE seq = 2"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecAsync(conn, "DELETE FROM audit_events WHERE seq = 6"));
        Assert.True((await VerifyAsync(env, 0)).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_edited_row_is_detected(DatabaseProvider provider)
    {
        var (db, env, _) = await TrailAsync(provider);
        await TamperAsync(db, "UPDATE audit_events SET actor = 'user-99' WHERE seq = 3");
        var report = await VerifyAsync(env, 1);
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal(AuditProblemKinds.RowEdited, problem.GetProperty("kind").GetString());
        Assert.Equal(3, problem.GetProperty("sequence").GetInt64());

        var text = await CliRunner.RunAsync(["audit", "verify"], env);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("NIET in orde", text.StdOut);
        Assert.Contains("Gebeurtenis 3 is gewijzigd", text.StdOut);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_removed_row_is_detected(DatabaseProvider provider)
    {
        var (db, env, _) = await TrailAsync(provider);
        await TamperAsync(db, "DELETE FROM audit_events WHERE seq = 4");
        var report = await VerifyAsync(env, 1);
        var kinds = Kinds(report);
        Assert.Contains(AuditProblemKinds.RowsMissing, kinds);
        Assert.Contains(AuditProblemKinds.ChainBroken, kinds);
        Assert.All(report.GetProperty("problems").EnumerateArray(), p => Assert.Equal(5, p.GetProperty("sequence").GetInt64()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_inserted_row_is_detected_even_when_its_own_hash_is_forged_correctly(DatabaseProvider provider)
    {
        var (db, env, events) = await TrailAsync(provider);
        // Make room at 3 and insert a row whose hash is right for its place after row 2.
        var at = events[1].At.AddSeconds(1);
        var forged = AuditChain.Hash(3, at, "user-66", "Administrator", "BZK", AuditActions.RegistryUpdate, "object", "id-666", AuditOutcomes.Success, events[1].Hash);
        var atValue = provider == DatabaseProvider.PostgreSql ? (object)at.UtcDateTime : at.ToUnixTimeMilliseconds();
        await TamperAsync(db,
            "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 3",
            "UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000");
        await using (var conn = DatabaseSetup.CreateConnection(db))
        {
            await conn.OpenAsync();
            await ExecAsync(conn,
                "INSERT INTO audit_events (seq, at, actor, role, department, action, object_type, object_id, outcome, previous_hash, hash) " +
                "VALUES (3, @at, 'user-66', 'Administrator', 'BZK', 'registry-update', 'object', 'id-666', 'success', @prev, @hash)",
                ("@at", atValue), ("@prev", events[1].Hash), ("@hash", forged));
        }
        var report = await VerifyAsync(env, 1);
        var kinds = Kinds(report);
        // The shifted rows no longer match their hashes (the sequence is hashed), and row 4 does not follow the forgery.
        Assert.Contains(AuditProblemKinds.RowEdited, kinds);
        Assert.Contains(AuditProblemKinds.ChainBroken, kinds);
        Assert.DoesNotContain(report.GetProperty("problems").EnumerateArray(), p => p.GetProperty("sequence").GetInt64() < 4);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reordered_rows_are_detected(DatabaseProvider provider)
    {
        var (db, env, _) = await TrailAsync(provider);
        await TamperAsync(db,
            "UPDATE audit_events SET seq = 1000 WHERE seq = 2",
            "UPDATE audit_events SET seq = 2 WHERE seq = 3",
            "UPDATE audit_events SET seq = 3 WHERE seq = 1000");
        var report = await VerifyAsync(env, 1);
        var seqs = report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("sequence").GetInt64()).Distinct().Order().ToArray();
        Assert.Equal([2L, 3L, 4L], seqs);
        Assert.Contains(AuditProblemKinds.RowEdited, Kinds(report));
        Assert.Contains(AuditProblemKinds.ChainBroken, Kinds(report));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_truncated_tail_is_detected_by_the_anchor(DatabaseProvider provider)
    {
        var (db, env, _) = await TrailAsync(provider);
        await TamperAsync(db, "DELETE FROM audit_events WHERE seq >= 5");
        var report = await VerifyAsync(env, 1);
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal(AuditProblemKinds.Truncated, problem.GetProperty("kind").GetString());
        Assert.Equal(6, problem.GetProperty("sequence").GetInt64());
        Assert.Equal(4, report.GetProperty("events").GetInt64());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_rewritten_chain_is_detected_by_the_anchor(DatabaseProvider provider)
    {
        // Edit row 6 and recompute its hash: the chain itself is consistent again, only the anchor knows better.
        var (db, env, events) = await TrailAsync(provider);
        var e = events[5];
        var rewritten = AuditChain.Hash(e.Sequence, e.At, "user-99", e.Role, e.Department, e.Action, e.ObjectType, e.ObjectId, e.Outcome, e.PreviousHash);
        await TamperAsync(db, $"UPDATE audit_events SET actor = 'user-99', hash = '{rewritten}' WHERE seq = 6");
        var report = await VerifyAsync(env, 1);
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal(AuditProblemKinds.AnchorMismatch, problem.GetProperty("kind").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_trail_without_any_anchor_is_reported(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditnoanchor");
        await new AuditTrail(db, TimeProvider.System).RecordAsync(new AuditEventInput("user-3", "Auditor", null, AuditActions.SignIn, "user", "user-3"));
        var report = await VerifyAsync(IngestionData.Env(db), 1);
        Assert.Equal([AuditProblemKinds.AnchorsMissing], Kinds(report));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_writers_keep_one_unbroken_chain(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditconc");
        const int writers = 6, each = 40;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            // Each writer its own trail instance, as separate requests or nodes would have.
            var trail = new AuditTrail(db, TimeProvider.System);
            for (var i = 0; i < each; i++)
            {
                await trail.RecordAsync(new AuditEventInput($"user-{w}", "InformationProfessional", "FIN", AuditActions.RegistryUpdate, "contact", $"{w}-{i}"));
            }
        })));
        var rows = new List<AuditEvent>();
        await foreach (var e in new AuditTrail(db, TimeProvider.System).ReadAllAsync()) rows.Add(e);
        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
    }

    [Fact]
    public void The_canonical_form_is_length_prefixed_so_moving_text_between_fields_changes_the_hash()
    {
        var at = new DateTimeOffset(2024, 9, 16, 8, 30, 0, TimeSpan.FromHours(2));
        var a = AuditChain.Hash(1, at, "user-1", "Auditor", "AZ", "sign-in", "user", "1", "success", AuditChain.Genesis);
        var b = AuditChain.Hash(1, at, "user-1Auditor", "", "AZ", "sign-in", "user", "1", "success", AuditChain.Genesis);
        Assert.NotEqual(a, b);
        Assert.Equal(64, a.Length);
        Assert.StartsWith("chatarchive-audit/1\n1:1\n24:2024-09-16T06:30:00.000Z\n",
            System.Text.Encoding.UTF8.GetString(AuditChain.Canonical(1, at, "user-1", "Auditor", "AZ", "sign-in", "user", "1", "success", AuditChain.Genesis)));
    }
}
