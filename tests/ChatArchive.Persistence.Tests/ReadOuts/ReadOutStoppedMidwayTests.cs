using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// A long step stopped hard in the middle (the token cancelled at a named phase, as a crash or a shutdown would stop it):
/// nothing is half-written, and running the step again finishes it exactly once.
/// </summary>
public class ReadOutStoppedMidwayTests
{
    private const string DuplicateMessages =
        "SELECT COUNT(*) FROM (SELECT conversation_id, fingerprint, occurrence FROM ingest_messages GROUP BY conversation_id, fingerprint, occurrence HAVING COUNT(*) > 1) d";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_ingest_stopped_after_the_first_of_two_exports_resumes_without_storing_anything_twice(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.CreateReadOutAsync();
        await w.Service.RegisterUploadsAsync(ro.Id, w.BothChats(), w.Professional);
        using var stop = new CancellationTokenSource();
        w.Service.AtPhase = phase => { if (phase == "ingest/upload") stop.Cancel(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.Service.IngestAsync(ro.Id, stop.Token));
        // The first export's ingestion committed on its own; the read-out did not move on and links neither export yet.
        Assert.Equal(ReadOutStage.Uploaded, (await w.Service.GetAsync(ro.Id))!.Stage);
        Assert.Equal(5, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(2, await w.CountAsync($"SELECT COUNT(*) FROM ro_uploads WHERE read_out_id = {ro.Id} AND ingest_read_out_id IS NULL"));
        Assert.Equal(0, await w.CountAsync($"SELECT COUNT(*) FROM ro_findings WHERE read_out_id = {ro.Id}"));

        w.Service.AtPhase = null;
        var resumed = await w.Service.IngestAsync(ro.Id);
        Assert.False(resumed.AlreadyIngested);
        Assert.Equal(ReadOutStage.Ingested, resumed.ReadOut.Stage);
        Assert.Equal(9, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(0, await w.CountAsync(DuplicateMessages));
        Assert.Equal(2, await w.CountAsync("SELECT COUNT(*) FROM ingest_read_outs"));
        Assert.Equal(0, await w.CountAsync($"SELECT COUNT(*) FROM ro_uploads WHERE read_out_id = {ro.Id} AND ingest_read_out_id IS NULL"));
        // Once more: already done, nothing added.
        Assert.True((await w.Service.IngestAsync(ro.Id)).AlreadyIngested);
        Assert.Equal(9, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages"));
        Assert.Equal(9, (await w.Service.SuggestAsync(ro.Id, ReadOutWorld.Removing())).Suggested);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cleaning_stopped_after_purging_the_raw_copies_and_writing_deletion_records_leaves_everything_as_it_was_and_resumes_once(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        await w.ReviewAsync(ro.Id);
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var marked = await w.MarkedAsync(ro.Id);
        await w.Service.ValidateAsync(ro.Id, new ValidationRequest(marked.Select(m => new MessageVerdict(m, true, null)).ToList(), w.MinisterUser));
        var before = await w.SnapshotAsync();
        var vaultFiles = Directory.GetFiles(w.Sealing.VaultFolder).Length;
        using var stop = new CancellationTokenSource();
        var phases = new List<string>();
        w.Service.AtPhase = phase =>
        {
            phases.Add(phase);
            if (phase == "clean/deletion-records") stop.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional, stop.Token));
        // It did get that far: the copies were purged and the deletion records written inside the step.
        Assert.Contains("clean/purge-raw-copies", phases);
        Assert.Equal("clean/deletion-records", phases[^1]);
        // Nothing of it remains: the database and the vault's files are exactly as before (texts, states, no deletion record).
        Assert.Equal(before, await w.SnapshotAsync());
        Assert.Equal(ReadOutStage.Validated, (await w.Service.GetAsync(ro.Id))!.Stage);

        w.Service.AtPhase = null;
        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional);
        Assert.False(cleaned.AlreadyApplied);
        Assert.Equal(marked.Count, cleaned.Removed);
        Assert.Equal(marked.Count, await w.CountAsync("SELECT COUNT(*) FROM ro_deletion_records"));
        Assert.Equal(marked.Count, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages WHERE text = ''"));
        Assert.Equal(0, await w.CountAsync("SELECT COUNT(*) FROM ingest_messages WHERE text = @t", ("t", ReadOutWorld.PrivateText)));
        // The purged copies replaced the originals one for one.
        Assert.Equal(vaultFiles, Directory.GetFiles(w.Sealing.VaultFolder).Length);
        // Once more: already applied, nothing added.
        Assert.True((await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional)).AlreadyApplied);
        Assert.Equal(marked.Count, await w.CountAsync("SELECT COUNT(*) FROM ro_deletion_records"));
        Assert.Equal(vaultFiles, Directory.GetFiles(w.Sealing.VaultFolder).Length);
    }
}
