using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>
/// The stored fingerprints carry their scheme (migration 0111). A conversation stored under another scheme has its
/// fingerprints recomputed when the next read-out is merged, so an intended change of the scheme does not turn every
/// stored message into "missing" plus a new copy.
/// </summary>
public class FingerprintSchemeTests
{
    private static readonly DateTimeOffset February = new(2024, 2, 7, 12, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset March = new(2024, 3, 8, 12, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fingerprints_stored_under_another_scheme_are_recomputed_and_the_next_read_out_matches_them(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "ingest");
        await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February), at: February);
        Assert.Equal(1, await IngestionData.CountAsync(db, $"SELECT COUNT(*) FROM ingest_conversations WHERE fingerprint_scheme = {Fingerprint.Scheme}"));

        // As if the stored rows had been fingerprinted by an older scheme: every stored identity differs from today's.
        var pg = provider == DatabaseProvider.PostgreSql;
        var zero = pg ? "'\\x00000000000000000000000000000000'::bytea" : "X'00000000000000000000000000000000'";
        await IngestionData.CountAsync(db, $"UPDATE ingest_messages SET fingerprint = {zero}, occurrence = id + 1000 RETURNING 1");
        await IngestionData.CountAsync(db, $"UPDATE ingest_system_events SET fingerprint = {zero}, occurrence = id + 1000 RETURNING 1");
        await IngestionData.CountAsync(db, "UPDATE ingest_conversations SET fingerprint_scheme = 0 RETURNING 1");

        // New messages on 1 and 7 February, so those days are matched message by message, not by their day digest.
        var march = IngestionData.February.ToList();
        march.Insert(4, "01-02-2024 09:30 - Sanne de Vries: Nog één ding over de beslisnota.");
        march.Add("07-02-2024 10:05 - Sanne de Vries: Komt goed.");
        var second = await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, march), at: March);

        Assert.Equal(2, second.New);
        Assert.Equal(8, second.Known);
        Assert.Equal(0, second.Missing);
        Assert.Equal(0, second.NewSystemEvents);
        Assert.DoesNotContain(second.Findings, f => f.Kind == FindingKinds.MissingSinceReadOut);
        Assert.Equal(10, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_system_events"));
        // Every stored identity is today's: no old fingerprint or occurrence is left, and the scheme is recorded.
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE occurrence >= 1000 OR occurrence < 0"));
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_system_events WHERE occurrence >= 1000 OR occurrence < 0"));
        Assert.Equal(1, await IngestionData.CountAsync(db, $"SELECT COUNT(*) FROM ingest_conversations WHERE fingerprint_scheme = {Fingerprint.Scheme}"));
        // The two identical "Ok" of 1 February are still two messages, numbered 0 and 1.
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE text = 'Ok' AND occurrence = 1"));
    }
}
