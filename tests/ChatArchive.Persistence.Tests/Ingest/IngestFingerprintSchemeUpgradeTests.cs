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
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade111");
        var before = await new DatabaseMigrator(db).MigrateAsync(upTo: 110);
        Assert.DoesNotContain(before, s => s.Id >= 111);

        var data = await new IngestUpgradeData(db, provider == DatabaseProvider.PostgreSql).SeedAsync();
        var conversation = data.Conversation;
        var message = await data.MessageAsync(conversation, data.Minister, 1);

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 111);
        Assert.Equal(1, await Sql.ScalarAsync(db, "SELECT fingerprint_scheme FROM ingest_conversations WHERE id = @c", ("c", conversation)));
        Assert.Equal(1, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE id = @m AND conversation_id = @c", ("m", message), ("c", conversation)));
    }
}
