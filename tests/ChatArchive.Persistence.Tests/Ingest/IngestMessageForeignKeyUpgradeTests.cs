using ChatArchive.Persistence;
using ChatArchive.Persistence.Tests.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.Ingest;

/// <summary>
/// Migration 0110: a stored message's conversation and officeholder are checked by one foreign key (PostgreSQL). A database
/// with stored messages upgrades and keeps them; a message of an unknown conversation, or (PostgreSQL) of another
/// officeholder than its conversation's, is still refused.
/// </summary>
public class IngestMessageForeignKeyUpgradeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_database_with_stored_messages_upgrades_to_0110_keeps_them_and_still_refuses_a_message_of_an_unknown_conversation(DatabaseProvider provider)
    {
        var pg = provider == DatabaseProvider.PostgreSql;
        var db = await TestDatabases.CreateEmptyAsync(provider, "upgrade110");
        var before = await new DatabaseMigrator(db).MigrateAsync(upTo: 109);
        Assert.DoesNotContain(before, s => s.Id >= 110);

        var data = await new IngestUpgradeData(db, pg).SeedAsync();
        var (minister, other, conversation) = (data.Minister, data.Other, data.Conversation);
        Task<long> Message(long conv, long officeholder, byte fp) => data.MessageAsync(conv, officeholder, fp);
        var stored = await Message(conversation, minister, 1);

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 110);
        Assert.Equal(1, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE id = @id AND conversation_id = @c", ("id", stored), ("c", conversation)));

        // After the upgrade: a message of the conversation's own officeholder is stored; one of an unknown conversation is not.
        Assert.True(await Message(conversation, minister, 2) > stored);
        var unknown = await Assert.ThrowsAnyAsync<Exception>(() => Message(conversation + 1000, minister, 3));
        Assert.Contains(pg ? "fk_ingest_messages_conversation_officeholder" : "FOREIGN KEY constraint failed", unknown.Message);
        if (pg)
        {
            // Stricter than before 0110: the officeholder must be the conversation's.
            var mismatch = await Assert.ThrowsAnyAsync<Exception>(() => Message(conversation, other, 4));
            Assert.Contains("fk_ingest_messages_conversation_officeholder", mismatch.Message);
            Assert.Equal(0, await Sql.ScalarAsync(db,
                "SELECT COUNT(*) FROM pg_constraint WHERE conname IN ('fk_ingest_messages_officeholder', 'ingest_messages_conversation_id_fkey')"));
        }
        Assert.Equal(2, await Sql.ScalarAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
    }
}
