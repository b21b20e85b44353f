using System.Text;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>Issue 16 on a real PostgreSQL and SQLite: mail stored like chats, and a missing message that comes back.</summary>
public class EmailAndReturnIngestTests
{
    private static string Mail(string id, string date, string body) =>
        $"From MAILER-DAEMON Mon Mar  6 09:00:00 2023\nFrom: Anna Jansen <anna.jansen@minbzk.nl>\nTo: karel@gemeente.nl\nDate: {date}\nMessage-ID: <{id}>\nSubject: Overleg {id}\n\n{body}\n\n";

    private static readonly string A = Mail("a@minbzk.nl", "Mon, 06 Mar 2023 09:00:00 +0100", "Eerste");
    private static readonly string B = Mail("b@minbzk.nl", "Mon, 06 Mar 2023 10:00:00 +0100", "Tweede");
    private static readonly string C = Mail("c@minbzk.nl", "Mon, 06 Mar 2023 11:00:00 +0100", "Derde");

    private static async Task<ReadOutStored> IngestMailAsync(DatabaseOptions db, string mbox, DateTimeOffset at)
    {
        await IngestionData.RegisterOfficeholderAsync(db, 42);
        var dir = Directory.CreateTempSubdirectory("chatarchive-mail-").FullName;
        var path = Path.Combine(dir, "Inbox.mbox");
        File.WriteAllText(path, mbox, new UTF8Encoding(false));
        using var source = ExportSourceFactory.Open(path);
        var reader = FormatDetector.Default().Detect(source);
        Assert.Equal("email", FormatChannels.ChannelOf(reader.Format));
        var request = new ReadOutRequest(42, FormatChannels.ChannelOf(reader.Format), reader.Format, source.DisplayName, SourceHash.Compute(source), at);
        return await new ReadOutStore(db).IngestAsync(request, reader.Read(source));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_second_mbox_lacking_a_message_the_first_had_yields_missing_since_read_out(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        var first = await IngestMailAsync(db, A + B + C, new DateTimeOffset(2023, 3, 7, 12, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(3, first.New);

        var second = await IngestMailAsync(db, A + C, new DateTimeOffset(2023, 3, 8, 12, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(0, second.New);
        Assert.Equal(2, second.Known);
        Assert.Equal(1, second.Missing);
        var missing = Assert.Single(second.Findings, f => f.Kind == FindingKinds.MissingSinceReadOut);
        Assert.Equal("Anna Jansen <anna.jansen@minbzk.nl>", missing.Actor);
        Assert.Equal(new DateTimeOffset(2023, 3, 6, 10, 0, 0, TimeSpan.FromHours(1)), missing.At);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_message_reported_missing_that_comes_back_later_is_no_longer_missing_and_not_new(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestMailAsync(db, A + B + C, new DateTimeOffset(2023, 3, 7, 12, 0, 0, TimeSpan.FromHours(1)));
        var gone = await IngestMailAsync(db, A + C, new DateTimeOffset(2023, 3, 8, 12, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(1, gone.Missing);
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE missing_since_read_out_id IS NOT NULL"));

        // The third read-out has it again (restored from a backup on the phone): it is known, not new, and no longer missing.
        var back = await IngestMailAsync(db, A + B + C + Mail("d@minbzk.nl", "Mon, 06 Mar 2023 12:00:00 +0100", "Vierde"),
            new DateTimeOffset(2023, 3, 9, 12, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(1, back.New);
        Assert.Equal(3, back.Known);
        Assert.Equal(0, back.Missing);
        Assert.DoesNotContain(back.Findings, f => f.Kind == FindingKinds.MissingSinceReadOut);
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE missing_since_read_out_id IS NOT NULL"));
        Assert.Equal(4, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
    }
}
