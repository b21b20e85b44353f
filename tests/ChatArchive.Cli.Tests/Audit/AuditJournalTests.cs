using System.Data.Common;
using System.Text;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Audit;

/// <summary>
/// The server's audit journal on PostgreSQL and SQLite: appends are durable in a local file before they return and are
/// chained into the table by the background writer; a journal left behind by a crashed process is replayed from its
/// mark (nothing twice, a torn last line skipped) and deleted. The kill -9 test of the real server is in the Server tests.
/// </summary>
public class AuditJournalTests
{
    private static string Folder() => Path.Combine(Path.GetTempPath(), $"audit-journal-test-{Guid.NewGuid():N}");

    private static async Task<List<AuditEvent>> RowsAsync(DatabaseOptions db)
    {
        var rows = new List<AuditEvent>();
        await foreach (var e in new AuditTrail(db, TimeProvider.System).ReadAllAsync()) rows.Add(e);
        return rows;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_appends_are_chained_once_each_in_one_valid_chain_and_the_journal_is_removed_on_stop(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditjournal");
        var folder = Folder();
        await using (var journal = new AuditJournal(db, TimeProvider.System, folder))
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                {
                    await journal.AppendAsync(new AuditEventInput($"user-{w}", "InformationProfessional", "BZK", AuditActions.ContentRead, "read-out", $"{w}-{i}"));
                }
            })));
            // Reads see the caller's own events: the query waits for the writer.
            var page = await journal.QueryAsync(new AuditQuery(Action: AuditActions.ContentRead, PageSize: 1000));
            Assert.Equal(180, page.Total);
            var recorded = await journal.RecordAsync(new AuditEventInput("user-9", "Auditor", null, AuditActions.AuditExport, "audit", "-"));
            Assert.Equal(181, recorded.Sequence);
            Assert.Single(Directory.GetFiles(folder));
        }
        var rows = await RowsAsync(db);
        Assert.Equal(Enumerable.Range(1, 181).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(180, rows.Where(r => r.Action == AuditActions.ContentRead).Select(r => r.ObjectId).Distinct().Count());
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
        Assert.Empty(Directory.GetFiles(folder));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM audit_journal_marks"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_journal_left_by_a_crash_is_replayed_from_its_mark_without_the_torn_line_and_then_deleted(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditreplay");
        var folder = Folder();
        Directory.CreateDirectory(folder);
        // What a process killed mid-write leaves: three fsynced entries, the first already chained (its mark says 1),
        // and half a line it never acknowledged.
        var name = $"journal-{AuditJournal.Fingerprint(db)}-20261207010000000-{Guid.NewGuid():N}";
        var first = new AuditTrail(db, TimeProvider.System);
        await first.RecordAsync(new AuditEventInput("user-1", "ProcessOwner", "BZK", AuditActions.SignIn, "user", "1"));
        await ExecAsync(db, "INSERT INTO audit_journal_marks (journal, position) VALUES (@j, 1)", ("j", name));
        var lines = new StringBuilder()
            .Append("""{"p":1,"at":1796605200000,"actor":"user-1","role":"ProcessOwner","dept":"BZK","action":"sign-in","otype":"user","oid":"1","outcome":"success"}""").Append('\n')
            .Append("""{"p":2,"at":1796605200005,"actor":"user-2","role":"Auditor","action":"content-read","otype":"read-out","oid":"7/3","outcome":"success"}""").Append('\n')
            .Append("""{"p":3,"at":1796605200009,"actor":"user-2","role":"Auditor","action":"content-read","otype":"read-out","oid":"7/4","outcome":"success"}""").Append('\n')
            .Append("""{"p":4,"at":1796605200011,"actor":"user-2","ro""");
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".log"), lines.ToString());
        // Another database's journal in the same folder is not touched.
        var foreign = Path.Combine(folder, "journal-0000000000000000-20261207010000000-x.log");
        await File.WriteAllTextAsync(foreign, lines.ToString());

        await using (var journal = new AuditJournal(db, TimeProvider.System, folder))
        {
            await journal.Recovery.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, journal.Recovered);
            Assert.Equal(1, journal.TornLines);
            Assert.Null(journal.LastChainError);
        }
        var rows = await RowsAsync(db);
        Assert.Equal(new[] { "1", "7/3", "7/4" }, rows.Select(r => r.ObjectId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1796605200005), rows[1].At);
        Assert.Null(rows[1].Department);
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
        Assert.Equal(new[] { foreign }, Directory.GetFiles(folder));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM audit_journal_marks"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_pre_allocated_journal_is_replayed_up_to_its_first_zero_byte(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditzeros");
        var folder = Folder();
        Directory.CreateDirectory(folder);
        // What a process killed mid-write leaves in a pre-allocated file: two acknowledged entries, the start of a
        // third that was never acknowledged, then the zero bytes the file was made with; after them, bytes of a write
        // that was not acknowledged either (a later page reached the disk first).
        var name = $"journal-{AuditJournal.Fingerprint(db)}-20261207020000000-{Guid.NewGuid():N}";
        var file = new byte[8192];
        var written = Encoding.UTF8.GetBytes(new StringBuilder()
            .Append("""{"p":1,"at":1796605200000,"actor":"user-1","role":"Auditor","action":"content-read","otype":"read-out","oid":"8/1","outcome":"success"}""").Append('\n')
            .Append("""{"p":2,"at":1796605200003,"actor":"user-1","role":"Auditor","action":"content-read","otype":"read-out","oid":"8/2","outcome":"success"}""").Append('\n')
            .Append("""{"p":3,"at":1796605200007,"actor":"us""").ToString());
        written.CopyTo(file, 0);
        var later = Encoding.UTF8.GetBytes("""{"p":9,"at":1796605200009,"actor":"user-1","role":"Auditor","action":"content-read","otype":"read-out","oid":"8/9","outcome":"success"}""" + "\n");
        later.CopyTo(file, 4096);
        await File.WriteAllBytesAsync(Path.Combine(folder, name + ".log"), file);

        await using (var journal = new AuditJournal(db, TimeProvider.System, folder))
        {
            await journal.Recovery.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, journal.Recovered);
            Assert.Equal(1, journal.TornLines);
            // The journal's own file is pre-allocated too, and its appends come after the replayed entries.
            var own = Assert.Single(Directory.GetFiles(folder, "*.log"), f => !f.Contains(name, StringComparison.Ordinal));
            Assert.Equal(AuditJournal.RotateBytes, new FileInfo(own).Length);
            await journal.RecordAsync(new AuditEventInput("user-2", "Auditor", null, AuditActions.AuditExport, "audit", "-"));
        }
        var rows = await RowsAsync(db);
        Assert.Equal(new[] { "8/1", "8/2", "-" }, rows.Select(r => r.ObjectId));
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Journal_files_rotate_when_full_and_each_full_one_is_deleted_once_chained(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditrotate");
        var folder = Folder();
        // Files of 4 KiB hold about twenty entries: 200 appends from 4 writers fill about ten of them.
        await using (var journal = new AuditJournal(db, TimeProvider.System, folder, segmentBytes: 4096))
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await journal.AppendAsync(new AuditEventInput($"user-{w}", "InformationProfessional", "BZK", AuditActions.ContentRead, "read-out", $"{w}-{i}"));
                }
            })));
            await journal.FlushAsync();
            Assert.Equal(200, (await journal.QueryAsync(new AuditQuery(Action: AuditActions.ContentRead, PageSize: 1000))).Total);
            // Left: the file being written and the spare made ahead; every full file is gone once its entries are chained.
            Assert.InRange(Directory.GetFiles(folder).Length, 1, 3);
            Assert.All(Directory.GetFiles(folder), f => Assert.True(new FileInfo(f).Length >= 4096));
            // Marks of deleted files are removed with them.
            Assert.InRange(await ScalarAsync(db, "SELECT COUNT(*) FROM audit_journal_marks"), 0L, 2L);
        }
        var rows = await RowsAsync(db);
        Assert.Equal(200, rows.Count);
        Assert.Equal(200, rows.Select(r => r.ObjectId).Distinct().Count());
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
        Assert.Empty(Directory.GetFiles(folder));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM audit_journal_marks"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_live_process_journal_is_not_replayed_by_another(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "auditlive");
        var folder = Folder();
        await using var slow = new AuditJournal(db, TimeProvider.System, folder, TimeSpan.FromMinutes(10));
        await slow.AppendAsync(new AuditEventInput("user-1", "Auditor", null, AuditActions.AuditExport, "audit", "-"));
        await using (var other = new AuditJournal(db, TimeProvider.System, folder))
        {
            await other.Recovery.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, other.Recovered);
        }
        Assert.Empty(await RowsAsync(db));
        Assert.Single(Directory.GetFiles(folder)); // the slow one's, still waiting to be chained
    }

    private static async Task<long> ScalarAsync(DatabaseOptions db, string sql)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await using var cmd = ChatArchive.Persistence.DbCommands.Create(conn, null, sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(DatabaseOptions db, string sql, params (string, object?)[] ps)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await using DbCommand cmd = ChatArchive.Persistence.DbCommands.Create(conn, null, sql, ps);
        await cmd.ExecuteNonQueryAsync();
    }
}
