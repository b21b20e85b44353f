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

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Purged_copies_a_killed_cleaning_left_in_the_vault_are_swept_before_it_resumes_and_fresh_files_are_kept(DatabaseProvider provider)
    {
        var w = await ReadOutWorld.CreateAsync(provider);
        var ro = await w.SuggestedAsync();
        await w.ReviewAsync(ro.Id);
        await w.Service.OfferForValidationAsync(ro.Id, w.Professional);
        var marked = await w.MarkedAsync(ro.Id);
        await w.Service.ValidateAsync(ro.Id, new ValidationRequest(marked.Select(m => new MessageVerdict(m, true, null)).ToList(), w.MinisterUser));
        var folder = w.Sealing.VaultFolder;
        var originals = Directory.GetFiles(folder, "*.vault").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(2, originals.Count);
        // A SIGKILL runs no finally: keep what the cleaning had stored when it was stopped (the purged copies, never committed).
        var kept = Path.Combine(Path.GetTempPath(), "sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(kept);
        using var stop = new CancellationTokenSource();
        w.Service.AtPhase = phase =>
        {
            if (phase != "clean/purge-raw-copies") return;
            foreach (var f in Directory.GetFiles(folder, "*.vault").Where(f => !originals.Contains(f))) File.Copy(f, Path.Combine(kept, Path.GetFileName(f)));
            stop.Cancel();
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional, stop.Token));
        w.Service.AtPhase = null;
        var orphans = Directory.GetFiles(kept).Select(f => Path.Combine(folder, Path.GetFileName(f))).ToList();
        Assert.Equal(2, orphans.Count);
        foreach (var f in Directory.GetFiles(kept))
        {
            var target = Path.Combine(folder, Path.GetFileName(f));
            File.Move(f, target);
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddHours(-2));
        }
        Directory.Delete(kept);
        // The originals are as old; a row points at them. A fresh unreferenced file may be an upload still being registered.
        foreach (var f in originals) File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddHours(-2));
        string fresh;
        using (var bytes = new MemoryStream([1, 2, 3])) fresh = await w.Vault.StoreAsync(bytes);
        Assert.Equal(5, Directory.GetFiles(folder, "*.vault").Length);

        var cleaned = await w.Service.ApplyCleaningAsync(ro.Id, ReadOutWorld.Removing(), w.Professional);
        Assert.Equal(marked.Count, cleaned.Removed);
        Assert.All(orphans, f => Assert.False(File.Exists(f)));
        Assert.True(w.Vault.Exists(fresh));
        // Left: the two purged copies the database points at (the originals superseded and deleted) and the fresh file.
        var pointed = await Sql.TextsAsync(w.Db, $"SELECT vault_id FROM ro_uploads WHERE read_out_id = {ro.Id} ORDER BY id");
        Assert.Equal(2, pointed.Count);
        Assert.All(pointed, id => Assert.True(w.Vault.Exists(id)));
        Assert.Equal(pointed.Append(fresh).Order(StringComparer.Ordinal),
            Directory.GetFiles(folder, "*.vault").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal));
        // Without the grace the fresh one goes too; what a row points at never does.
        Assert.Equal(1, await w.Service.SweepOrphanVaultFilesAsync(TimeSpan.Zero));
        Assert.Equal(0, await w.Service.SweepOrphanVaultFilesAsync(TimeSpan.Zero));
        Assert.All(pointed, id => Assert.True(w.Vault.Exists(id)));
    }
}
