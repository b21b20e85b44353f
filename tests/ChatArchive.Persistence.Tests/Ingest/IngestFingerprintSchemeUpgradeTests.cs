using ChatArchive.Persistence;
using ChatArchive.Persistence.Tests.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.Ingest;

/// <summary>
/// Migration 0111: every stored conversation records the fingerprint scheme of its stored fingerprints. A database with
/// stored conversations upgrades, keeps them, and records scheme 1 for them (the only scheme before 0111).
/// </summary>
public class IngestFingerprintSchemeUpgradeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_database_with_stored_conversations_upgrades_to_0111_and_records_scheme_1_for_them(DatabaseProvider provider)
    {
        var pg = provider == DatabaseProvider.PostgreSql;
        object At() => pg ? DateTime.UtcNow : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade111");
        var before = await new DatabaseMigrator(db).MigrateAsync(upTo: 110);
        Assert.DoesNotContain(before, s => s.Id >= 111);

        var dept = await Sql.ScalarAsync(db, "INSERT INTO departments (code, name) VALUES ('OCW', 'Ministerie van Onderwijs, Cultuur en Wetenschap') RETURNING id");
        var minister = await Sql.ScalarAsync(db,
            "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, 'Minister van OCW', 'Minister', @at) RETURNING id", ("d", dept), ("at", At()));
        var ro = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
            "VALUES (@o, 'whatsapp', 1, 'whatsapp-android', 'chat.txt', 'abc', @at, @at) RETURNING id", ("o", minister), ("at", At()));
        var conversation = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_conversations (officeholder_id, channel, conversation_key, title, is_group, participants, first_read_out_id, last_read_out_id) " +
            "VALUES (@o, 'whatsapp', 'chat', 'Overleg', @no, '[]', @ro, @ro) RETURNING id", ("o", minister), ("no", false), ("ro", ro));
        var message = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_messages (conversation_id, officeholder_id, fingerprint, occurrence, sender, sent_at, sent_offset_minutes, sent_day, digest_a, digest_b, text, edited, deleted, first_read_out_id) " +
            "VALUES (@c, @o, @fp, 0, 'Afzender', @at, 60, 19800, 1, 2, 'tekst', @no, @no, @ro) RETURNING id",
            ("c", conversation), ("o", minister), ("fp", new byte[] { 1 }), ("at", At()), ("no", false), ("ro", ro));

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 111);
        Assert.Equal(1, await Sql.ScalarAsync(db, "SELECT fingerprint_scheme FROM ingest_conversations WHERE id = @c", ("c", conversation)));
        Assert.Equal(1, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE id = @m AND conversation_id = @c", ("m", message), ("c", conversation)));
    }
}
