using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>
/// WhatsApp writes the phone's current contact name into every line and into the file name. Saving an unknown number
/// as a contact or renaming one must not turn every earlier message into "missing" plus a new copy (migration 0103).
/// </summary>
public class RenameTests
{
    private static readonly DateTimeOffset February = new(2024, 2, 7, 12, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset March = new(2024, 3, 8, 12, 0, 0, TimeSpan.FromHours(1));

    private static IEnumerable<string> Renamed(IEnumerable<string> lines, string from, string to) =>
        lines.Select(l => l.Replace(" - " + from + ": ", " - " + to + ": ", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_renamed_contact_in_a_one_to_one_chat_is_the_same_chat_and_the_same_messages(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February), at: February);

        // The minister saved the contact as "Sanne de Vries (BZK)": the file name and every line of hers change.
        var march = Renamed(IngestionData.February, "Sanne de Vries", "Sanne de Vries (BZK)")
            .Append("08-03-2024 11:00 - Sanne de Vries (BZK): De Kamerbrief is verstuurd.").ToList();
        var second = await IngestionData.IngestAsync(db, IngestionData.Write("WhatsApp-chat met Sanne de Vries (BZK).txt", march), at: March);

        Assert.Equal(1, second.New);
        Assert.Equal(8, second.Known);
        Assert.Equal(0, second.Missing);
        Assert.DoesNotContain(second.Findings, f => f.Kind == FindingKinds.MissingSinceReadOut);
        var chat = Assert.Single(second.Findings, f => f.Kind == FindingKinds.ConversationRenamed);
        Assert.Contains("'Sanne de Vries (BZK)'", chat.Detail);
        var sender = Assert.Single(second.Findings, f => f.Kind == FindingKinds.SenderRenamed);
        Assert.Equal("Sanne de Vries (BZK)", sender.Actor);
        Assert.Contains("'Sanne de Vries'", sender.Detail);
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_conversations"));
        Assert.Equal(9, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
        // The new message keeps the name as the export wrote it; earlier ones keep theirs.
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE sender = 'Sanne de Vries (BZK)'"));

        // The next read-out with the new names is an ordinary one: nothing renamed again, nothing missing, nothing new.
        var april = march.Append("02-04-2024 09:30 - Minister Bakker: Dank!").ToList();
        var third = await IngestionData.IngestAsync(db, IngestionData.Write("WhatsApp-chat met Sanne de Vries (BZK).txt", april),
            at: new DateTimeOffset(2024, 4, 2, 12, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(1, third.New);
        Assert.Equal(9, third.Known);
        Assert.Equal(0, third.Missing);
        Assert.DoesNotContain(third.Findings, f => f.Kind is FindingKinds.ConversationRenamed or FindingKinds.SenderRenamed);
        Assert.Equal(10, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_number_saved_as_a_contact_in_a_group_is_recognised_and_a_real_deletion_is_still_reported(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        string[] group =
        [
            "01-02-2024 09:00 - Minister Bakker heeft deze groep aangemaakt",
            "01-02-2024 09:01 - Minister Bakker: Welkom in het crisisoverleg.",
            "01-02-2024 09:05 - +31 6 1234 5678: Dank, ik sluit aan namens de veiligheidsregio.",
            "01-02-2024 09:06 - Sanne de Vries: Goedemorgen allemaal.",
            "02-02-2024 10:00 - +31 6 1234 5678: De situatie in het gebied is stabiel.",
            "02-02-2024 10:02 - +31 6 1234 5678: Ok",
            "03-02-2024 16:00 - Sanne de Vries: Persbericht gaat om 17.00 uur uit.",
        ];
        const string file = "WhatsApp-chat met Crisisoverleg.txt";
        await IngestionData.IngestAsync(db, IngestionData.Write(file, group), at: February);

        // The number is now "Karel Pietersen"; and Sanne's message of 3 February was deleted on the phone.
        var march = Renamed(group, "+31 6 1234 5678", "Karel Pietersen").Where(l => !l.Contains("Persbericht", StringComparison.Ordinal))
            .Append("05-03-2024 08:00 - Karel Pietersen: Evaluatie volgt.").ToList();
        var second = await IngestionData.IngestAsync(db, IngestionData.Write(file, march), at: March);

        Assert.Equal(1, second.New);
        Assert.Equal(1, second.Missing);
        var missing = Assert.Single(second.Findings, f => f.Kind == FindingKinds.MissingSinceReadOut);
        Assert.Equal("Sanne de Vries", missing.Actor);
        var renamed = Assert.Single(second.Findings, f => f.Kind == FindingKinds.SenderRenamed);
        Assert.Equal("Karel Pietersen", renamed.Actor);
        Assert.Contains("'+31 6 1234 5678'", renamed.Detail);
        Assert.Contains("3 berichten", renamed.Detail);
        Assert.DoesNotContain(second.Findings, f => f.Kind == FindingKinds.ConversationRenamed);
        Assert.Equal(7, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_sender_aliases"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_different_chat_that_shares_one_message_is_not_taken_for_a_renamed_one(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February), at: February);

        // Another person's chat in the next read-out, with one identical "Ok" in the same minute as in Sanne's chat.
        string[] other =
        [
            "01-02-2024 09:01 - Minister Bakker: Ok",
            "01-02-2024 09:30 - Joost van Dijk: Het debat is verschoven naar dinsdag.",
            "04-03-2024 14:00 - Joost van Dijk: De stukken liggen klaar.",
        ];
        var second = await IngestionData.IngestAsync(db, IngestionData.Write("WhatsApp-chat met Joost van Dijk.txt", other), at: March);
        Assert.Equal(3, second.New);
        Assert.DoesNotContain(second.Findings, f => f.Kind is FindingKinds.ConversationRenamed or FindingKinds.SenderRenamed);
        Assert.Equal(2, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_conversations"));
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_conversation_aliases"));
    }
}
