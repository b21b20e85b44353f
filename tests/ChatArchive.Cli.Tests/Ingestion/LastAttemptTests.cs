using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>
/// The merge reads an export again, inside one all-or-nothing transaction, when the first read cannot be merged as it
/// stands: a conversation-day that appears twice (the day-digest shortcut does not apply), a renamed chat, then its
/// renamed senders. That is four reads, the most the store allows; the fourth looks for no more renames.
/// </summary>
public class LastAttemptTests
{
    private static readonly DateTimeOffset February = new(2024, 2, 7, 12, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset March = new(2024, 3, 8, 12, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_split_day_a_renamed_chat_and_a_renamed_sender_are_all_merged_on_the_last_read(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February), at: February);

        // The contact is saved under a new name (file name and every line of hers), and the export holds 1 February twice:
        // a message of that day comes after those of 7 February.
        var march = IngestionData.February
            .Select(l => l.Replace(" - Sanne de Vries: ", " - Sanne de Vries (BZK): ", StringComparison.Ordinal))
            .Append("01-02-2024 09:30 - Sanne de Vries (BZK): Nog één ding over de beslisnota.")
            .Append("08-03-2024 11:00 - Sanne de Vries (BZK): De Kamerbrief is verstuurd.")
            .ToList();
        var second = await IngestionData.IngestAsync(db, IngestionData.Write("WhatsApp-chat met Sanne de Vries (BZK).txt", march), at: March);

        // Read 1: the split day; read 2: the chat is the stored one; read 3: Sanne is the stored sender; read 4 merges.
        Assert.Equal(2, second.New);
        Assert.Equal(8, second.Known);
        Assert.Equal(0, second.Missing);
        Assert.DoesNotContain(second.Findings, f => f.Kind == FindingKinds.MissingSinceReadOut);
        Assert.Single(second.Findings, f => f.Kind == FindingKinds.ConversationRenamed);
        var sender = Assert.Single(second.Findings, f => f.Kind == FindingKinds.SenderRenamed);
        Assert.Equal("Sanne de Vries (BZK)", sender.Actor);
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_conversations"));
        Assert.Equal(10, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(2, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_read_outs"));
        // Nothing of the three reads that were not merged is left behind.
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE missing_since_read_out_id IS NOT NULL"));
    }
}
