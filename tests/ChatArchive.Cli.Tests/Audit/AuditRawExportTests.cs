using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Cli.Tests.Sealing;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Audit;

/// <summary>
/// A raw export's destruction is an audit event of its own: a department that keeps no raw dataset has its export
/// deleted from the vault once the read-out is sealed, and the trail says who did it, when, and which export; a
/// department that keeps it leaves no such event. On PostgreSQL and SQLite, through the built CLI.
/// </summary>
public class AuditRawExportTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleting_the_raw_export_after_sealing_is_an_audit_event_and_keeping_it_is_not(DatabaseProvider provider)
    {
        foreach (var keep in new[] { false, true })
        {
            var db = await TestDatabases.CreateAsync(provider, keep ? "auditrawkeep" : "auditrawdel");
            await IngestionData.RegisterOfficeholderAsync(db, 7, cleaning: "None", keepRawDataset: keep);
            var env = SealFromDatabaseTests.Env(db);
            var export = IngestionData.WriteZipWithPhoto(IngestionData.February, new byte[512]);
            var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "7", "--channel", "whatsapp"], env);
            Assert.True(ingest.ExitCode == 0, ingest.StdErr);
            var vaultId = await ScalarAsync(db, "SELECT raw_export_vault_id FROM ingest_read_outs");

            var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
            Assert.True(seal.ExitCode == 0, seal.StdErr);

            var rows = new List<AuditEvent>();
            await foreach (var e in new AuditTrail(db, TimeProvider.System).ReadAllAsync()) rows.Add(e);
            Assert.Single(rows, e => e.Action == AuditActions.Seal && e.Actor == "ip-jansen");
            var destroyed = rows.Where(e => e.Action == AuditActions.RawExportDestroy).ToList();
            if (keep)
            {
                Assert.Empty(destroyed);
                Assert.NotEmpty(Directory.GetFiles(Path.Combine(db.DataFolder, "vault")));
                continue;
            }
            // The object: the read-out as the seal names it (its number within officeholder and channel) and the vault id.
            var ev = Assert.Single(destroyed);
            Assert.Equal(("ip-jansen", "cli", "raw-export", $"{ChatArchive.Persistence.Sealing.DatabaseSealSource.ReadOutId(1)}/{vaultId}", AuditOutcomes.Success), (ev.Actor, ev.Role, ev.ObjectType, ev.ObjectId, ev.Outcome));
            Assert.Empty(Directory.GetFiles(Path.Combine(db.DataFolder, "vault")));
            Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
        }
    }

    private static async Task<string> ScalarAsync(DatabaseOptions db, string sql)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await using var cmd = ChatArchive.Persistence.DbCommands.Create(conn, null, sql);
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
