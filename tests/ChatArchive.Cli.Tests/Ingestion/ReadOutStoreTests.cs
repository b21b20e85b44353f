using System.Security.Cryptography;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>The storage of read-outs on a real PostgreSQL and a real SQLite, without server or CLI.</summary>
public class ReadOutStoreTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task First_read_out_stores_every_message_and_the_same_export_again_adds_nothing(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        var path = IngestionData.Write(IngestionData.FileName, IngestionData.February);

        var first = await IngestionData.IngestAsync(db, path);
        Assert.False(first.AlreadyIngested);
        Assert.Equal(1, first.Number);
        Assert.Equal(8, first.New);
        Assert.Equal(0, first.Known);
        Assert.Equal(1, first.SystemEvents);
        Assert.Equal(8, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE deleted = TRUE"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_attachments WHERE present = FALSE"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_findings WHERE kind = 'deleted-for-everyone' AND message_id IS NOT NULL"));
        Assert.Contains(first.Findings, f => f.Kind == FindingKinds.DeletedForEveryone && f.Actor == "Sanne de Vries");

        var again = await IngestionData.IngestAsync(db, path);
        Assert.True(again.AlreadyIngested);
        Assert.Equal(1, again.Number);
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_read_outs"));
        Assert.Equal(8, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Later_read_out_adds_new_messages_and_reports_one_deleted_inside_its_span_as_missing(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February), at: new DateTimeOffset(2024, 2, 7, 12, 0, 0, TimeSpan.FromHours(1)));

        // The export a month later starts later (the cap dropped the notice and the first message) and lacks the call-back message of 2 February.
        var march = IngestionData.February.Skip(2).Where(l => !l.Contains("gedeputeerde", StringComparison.Ordinal))
            .Append("08-03-2024 11:00 - Sanne de Vries: De Kamerbrief is verstuurd.").ToList();
        var second = await IngestionData.IngestAsync(db, IngestionData.Write("WhatsApp-chat met Sanne de Vries (2).txt", march),
            at: new DateTimeOffset(2024, 3, 8, 12, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(2, second.Number);
        Assert.Equal(1, second.New);
        Assert.Equal(6, second.Known);
        Assert.Equal(1, second.Missing);
        var missing = Assert.Single(second.Findings, f => f.Kind == FindingKinds.MissingSinceReadOut);
        Assert.Equal("Sanne de Vries", missing.Actor);
        Assert.Equal(new DateTimeOffset(2024, 2, 2, 13, 15, 0, TimeSpan.FromHours(1)), missing.At);
        Assert.Contains("uitlezing 2", missing.Detail);
        Assert.Equal(30.0, second.DaysSincePrevious);
        Assert.Contains(second.Findings, f => f.Kind == FindingKinds.DaysSincePreviousReadOut && f.Detail.StartsWith("30 dagen", StringComparison.Ordinal));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_conversations"));
        Assert.Equal(1, await IngestionData.CountAsync(db,
            "SELECT COUNT(*) FROM ingest_messages m JOIN ingest_read_outs r ON r.id = m.missing_since_read_out_id WHERE r.number = 2"));
        Assert.Equal(9, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_system_events"));
        // The tombstone of 6 February was reported by read-out 1 and is not reported again.
        Assert.DoesNotContain(second.Findings, f => f.Kind == FindingKinds.DeletedForEveryone);
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_findings WHERE kind = 'deleted-for-everyone'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task One_of_two_identical_messages_in_a_minute_gone_is_one_missing_message(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February));
        var later = IngestionData.February.Where((_, i) => i != 3).ToList();
        var second = await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, later));
        Assert.Equal(1, second.Missing);
        Assert.Equal(0, second.New);
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE missing_since_read_out_id IS NOT NULL AND text = 'Ok' AND occurrence = 1"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_read_out_that_fails_halfway_leaves_nothing_and_can_be_ingested_again(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        var path = IngestionData.Write(IngestionData.FileName, IngestionData.February);
        using (var source = ExportSourceFactory.Open(path))
        {
            var items = FormatDetector.Default().Detect(source).Read(source).Take(5).Concat(Broken());
            await Assert.ThrowsAsync<ExportFormatException>(() => IngestionData.IngestAsync(db, path, items: items));
        }
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_read_outs"));
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_conversations"));

        var retry = await IngestionData.IngestAsync(db, path);
        Assert.Equal(1, retry.Number);
        Assert.Equal(8, retry.New);

        static IEnumerable<ExportItem> Broken()
        {
            yield return new ConversationCompleted("x", []);
            throw new ExportFormatException("Regel 6 van 'chat.txt' is beschadigd.", "chat.txt", 6);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Attachments_beside_the_chat_are_stored_with_size_and_sha256(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        var photo = Enumerable.Range(0, 2048).Select(i => (byte)(i % 256)).ToArray();
        var stored = await IngestionData.IngestAsync(db, IngestionData.WriteZipWithPhoto(IngestionData.February, photo));
        Assert.Equal(1, stored.Attachments);
        var sha = Convert.ToHexStringLower(SHA256.HashData(photo));
        Assert.Equal(1, await IngestionData.CountAsync(db,
            $"SELECT COUNT(*) FROM ingest_attachments WHERE present = TRUE AND size = 2048 AND sha256 = '{sha}' AND file_name = 'IMG-20240205-WA0003.jpg' AND media_type = 'image/jpeg'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Read_outs_of_two_officeholders_do_not_mix(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        var path = IngestionData.Write(IngestionData.FileName, IngestionData.February);
        await IngestionData.IngestAsync(db, path, officeholder: 1);
        var other = await IngestionData.IngestAsync(db, path, officeholder: 2);
        Assert.False(other.AlreadyIngested);
        Assert.Equal(1, other.Number);
        Assert.Equal(8, other.New);
        Assert.Equal(8, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE officeholder_id = 2"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_whole_day_gone_from_a_later_export_is_missing_message_by_message(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February));
        // 2 February (two messages) is gone; the other days match their stored digest as a whole.
        var later = IngestionData.February.Where(l => !l.StartsWith("02-02-2024", StringComparison.Ordinal))
            .Append("09-02-2024 08:00 - Minister Bakker: Goedemorgen.").ToList();
        var second = await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, later));
        Assert.Equal(2, second.Missing);
        Assert.Equal(1, second.New);
        Assert.Equal(6, second.Known);
        Assert.Equal(2, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE missing_since_read_out_id IS NOT NULL AND sent_day = 20240202"));

        // A third read-out equal to the second reports nothing new and nothing missing again.
        var third = await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, later.Append("09-02-2024 08:01 - Sanne de Vries: Goedemorgen!")));
        Assert.Equal(0, third.Missing);
        Assert.Equal(1, third.New);
        Assert.Equal(7, third.Known);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_out_of_order_later_export_gives_the_same_answer_as_an_ordered_one(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February));
        // The 2 February call-back message comes after the 5 February photo (connectivity, FORMATS.md §1.2), one "Ok" is gone.
        var lines = IngestionData.February.Where((_, i) => i != 3).ToList();
        var callBack = lines.Single(l => l.Contains("gedeputeerde", StringComparison.Ordinal));
        lines.Remove(callBack);
        lines.Insert(lines.FindIndex(l => l.StartsWith("06-02-2024", StringComparison.Ordinal)), callBack);
        var second = await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, lines));
        Assert.Equal(1, second.Missing);
        Assert.Equal(0, second.New);
        Assert.Equal(7, second.Known);
        Assert.Equal(8, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
    }
}
