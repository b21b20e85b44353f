using System.Globalization;
using System.Text.Json;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.Persistence.Sealing;
using ChatArchive.Sealing;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Storage;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Persistence.ReadOuts;

public sealed partial class ReadOutService
{
    public async Task<CleaningResult> ApplyCleaningAsync(long readOutId, DepartmentPolicy policy, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        // Purged copies a killed cleaning stored but never pointed at (and other files no row points at) go first.
        await SweepOrphanVaultFilesAsync(VaultSweepGrace, ct);
        var newCopies = new List<string>();
        var superseded = new List<string>();
        CleaningResult result;
        try
        {
            await using var s = await BeginAsync(ct);
            var row = await LockAsync(s.Db, readOutId, ct);
            if (row.Stage >= ReadOutStage.Cleaned)
            {
                var done = await CleanedAsync(s.Db, readOutId, ct);
                await s.CommitAsync(ct);
                await DeleteSupersededCopiesAsync(readOutId, ct);
                return done with { AlreadyApplied = true };
            }
            // Without cleaning nothing needs a decision (Handreiking §2.2.2 stap 7: alles wordt bewaard); otherwise validation comes first.
            var needed = policy.Cleaning == CleaningMode.None ? ReadOutStage.Suggested : ReadOutStage.Validated;
            if (row.Stage < needed) throw NeedsFirst(row, needed);
            if (row.Stage is ReadOutStage.Offered) throw NeedsFirst(row, ReadOutStage.Validated);
            row = row with { Policy = policy };
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var loaded = await LoadReviewAsync(s.Db, row, "1 = 1", null, ct);
            Phase(readOutId, "clean/load", watch, loaded.Review.Messages.Count);
            CleaningOutcome outcome;
            try
            {
                outcome = loaded.Review.Apply(by);
            }
            catch (DecisionException e)
            {
                throw Refused(e);
            }
            Phase(readOutId, "clean/apply-model", watch, outcome.Removals.Count);
            var saved = await SaveReviewAsync(s.Db, readOutId, loaded, ct, writeRows: false);
            Phase(readOutId, "clean/save-records", watch, saved);
            await WriteFinalStatesAsync(s.Db, readOutId, policy.Cleaning, outcome, loaded, ct);
            Phase(readOutId, "clean/save-states", watch, outcome.FinalStates.Count);

            if (outcome.Removals.Count > 0)
            {
                var ids = outcome.Removals.Select(r => long.Parse(r.MessageId, CultureInfo.InvariantCulture)).ToList();
                // The raw copy first, while the texts are still in the database to be found in it.
                var (texts, files) = await RemovedContentAsync(s.Db, ids, ct);
                Phase(readOutId, "clean/read-removed-content", watch, texts.Count);
                // The removed texts prepared once for every uploaded file (200 files once built 200 patterns).
                var matcher = RawExportPurge.Matcher(texts);
                var vault = modules.Vault;
                var uploads = new List<(long Id, string VaultId)>();
                await using (var r = await s.Db.ReaderAsync("SELECT id, vault_id FROM ro_uploads WHERE read_out_id = @ro ORDER BY id", ct, ("ro", readOutId)))
                {
                    while (await r.ReadAsync(ct)) uploads.Add((r.GetInt64(0), r.GetString(1)));
                }
                foreach (var u in uploads)
                {
                    if (vault is null || !vault.Exists(u.VaultId)) continue;
                    string copy;
                    await using (var plain = vault.OpenRead(u.VaultId))
                    {
                        var purged = await RawExportPurge.RewriteAsync(plain, matcher, files, ct);
                        await using (purged)
                        {
                            copy = await vault.StoreAsync(purged, ct: ct);
                        }
                    }
                    newCopies.Add(copy);
                    superseded.Add(u.VaultId);
                    await s.Db.ExecAsync("UPDATE ro_uploads SET vault_id = @v, superseded_vault_id = @old, purged_at = @at WHERE id = @id", ct,
                        ("v", copy), ("old", u.VaultId), ("at", s.Db.Instant(Now)), ("id", u.Id));
                    await s.Db.ExecAsync("UPDATE ingest_read_outs SET raw_export_vault_id = @v WHERE raw_export_vault_id = @old", ct, ("v", copy), ("old", u.VaultId));
                }

                Phase(readOutId, "clean/purge-raw-copies", watch, uploads.Count);
                var records = outcome.Removals.Select(r => new object?[]
                {
                    long.Parse(r.MessageId, CultureInfo.InvariantCulture), readOutId, r.Fingerprint, r.Label.ToString(),
                    s.Db.Instant(loaded.Facts[r.MessageId].Sent), r.ReviewedBy, s.Db.Instant(r.ReviewedAt), r.ValidatedBy,
                    r.ValidatedAt is { } va ? s.Db.Instant(va) : null, r.RemovedBy, s.Db.Instant(r.RemovedAt),
                }).ToList();
                string[] recordColumns = ["message_id", "read_out_id", "fingerprint", "label", "message_sent", "reviewed_by", "reviewed_at", "validated_by", "validated_at", "removed_by", "removed_at"];
                if (Pg) await s.Db.InsertRowsAsync("ro_deletion_records", recordColumns, records, "", ct);
                else await InsertEachAsync(s, "ro_deletion_records", recordColumns, records, ct); // 11.5 s for 9,045 rows as multi-row INSERTs
                Phase(readOutId, "clean/deletion-records", watch, records.Count);
                // Text, sender and attachments go; the fingerprint stays, so a later export that still holds the message recognises it.
                foreach (var chunk in Chunks(ids))
                {
                    await s.Db.ExecAsync($"DELETE FROM ingest_attachments WHERE message_id IN ({chunk})", ct);
                    await s.Db.ExecAsync($"UPDATE ingest_messages SET text = '', sender = '' WHERE id IN ({chunk})", ct);
                }
                Phase(readOutId, "clean/blank-texts", watch, ids.Count);
            }
            await s.Db.ExecAsync("UPDATE ro_read_outs SET stage = @st, policy = @p, cleaning_mode = @m, cleaned_by = @by, cleaned_at = @at WHERE id = @id", ct,
                ("st", nameof(ReadOutStage.Cleaned)), ("p", JsonSerializer.Serialize(policy, PolicyJson)), ("m", policy.Cleaning.ToString()),
                ("by", by.UserId), ("at", s.Db.Instant(Now)), ("id", readOutId));
            result = await CleanedAsync(s.Db, readOutId, ct);
            await s.CommitAsync(ct);
            Phase(readOutId, "clean/commit", watch, 0);
            newCopies.Clear();
        }
        finally
        {
            // Copies of a transaction that did not commit are not kept.
            foreach (var copy in newCopies) modules.Vault?.Delete(copy);
        }
        await DeleteSupersededCopiesAsync(readOutId, ct);
        _log.LogInformation("Read-out {ReadOutId} cleaned ({Mode}): {Kept} kept, {Removed} removed, {Marked} marked", readOutId, result.Mode, result.Kept, result.Removed, result.Marked);
        return result;
    }

    /// <summary>
    /// The final state of every message of the read-out with one set-based UPDATE from ro_message_states (migration 0516),
    /// instead of one write per message: status Final, final_state and final_at, and the review state resolved into the row
    /// (a scope's label, note, author and time written out; state_id with it), so after the cleaning every row holds its
    /// whole state. The rule (marked = decided private or party-political) mirrors the decision model's, which decided
    /// <paramref name="outcome"/>; the counts per final state are checked against it and a difference changes nothing.
    /// </summary>
    private static async Task WriteFinalStatesAsync(Sql db, long readOutId, CleaningMode mode, CleaningOutcome outcome, LoadedReview loaded, CancellationToken ct)
    {
        var marked = mode switch
        {
            CleaningMode.None => FinalState.Kept,
            CleaningMode.Mark => FinalState.Marked,
            _ => FinalState.Removed,
        };
        var at = loaded.Review.Messages.Select(m => m.FinalAt).FirstOrDefault(a => a is not null) ?? default;
        var written = await db.ExecAsync(
            "UPDATE ro_messages SET status = 'Final', final_at = @at, " +
            "final_state = CASE WHEN v.label IS NOT NULL AND v.label <> 'Business' THEN @marked ELSE 'Kept' END, " +
            "label = v.label, note = v.note, decided_by = v.decided_by, decided_at = v.decided_at, state_id = v.state_id " +
            "FROM ro_message_states v WHERE ro_messages.read_out_id = @ro AND v.read_out_id = @ro AND v.message_id = ro_messages.message_id", ct,
            ("ro", readOutId), ("at", db.Instant(at)), ("marked", marked.ToString()));
        var expected = outcome.FinalStates.Values.GroupBy(x => x).ToDictionary(g => g.Key.ToString(), g => (long)g.Count(), StringComparer.Ordinal);
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var r = await db.ReaderAsync("SELECT final_state, COUNT(*) FROM ro_messages WHERE read_out_id = @ro GROUP BY final_state", ct, ("ro", readOutId)))
        {
            while (await r.ReadAsync(ct)) stored[r.IsDBNull(0) ? "" : r.GetString(0)] = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
        }
        if (written != outcome.FinalStates.Count || stored.Count != expected.Count || stored.Any(kv => expected.GetValueOrDefault(kv.Key) != kv.Value))
        {
            throw new InvalidOperationException($"Read-out {readOutId}: the final states written ({written} rows) differ from the decision model's outcome ({outcome.FinalStates.Count}).");
        }
    }

    private static async Task<(List<string> Texts, HashSet<string> Files)> RemovedContentAsync(Sql db, List<long> ids, CancellationToken ct)
    {
        var texts = new List<string>();
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in Chunks(ids))
        {
            await using (var r = await db.ReaderAsync($"SELECT text FROM ingest_messages WHERE id IN ({chunk})", ct))
            {
                while (await r.ReadAsync(ct)) texts.Add(r.GetString(0));
            }
            await using (var r = await db.ReaderAsync($"SELECT file_name FROM ingest_attachments WHERE message_id IN ({chunk})", ct))
            {
                while (await r.ReadAsync(ct)) files.Add(r.GetString(0));
            }
        }
        return (texts, files);
    }

    /// <summary>The vault copies replaced by purged ones: deleted after the commit; a crash in between is finished by the next call.</summary>
    private async Task DeleteSupersededCopiesAsync(long readOutId, CancellationToken ct)
    {
        if (modules.Vault is not { } vault) return;
        await using var s = await BeginAsync(ct);
        var list = new List<(long Id, string VaultId)>();
        await using (var r = await s.Db.ReaderAsync("SELECT id, superseded_vault_id FROM ro_uploads WHERE read_out_id = @ro AND superseded_vault_id IS NOT NULL", ct, ("ro", readOutId)))
        {
            while (await r.ReadAsync(ct)) list.Add((r.GetInt64(0), r.GetString(1)));
        }
        foreach (var (id, old) in list)
        {
            vault.Delete(old);
            await s.Db.ExecAsync("UPDATE ro_uploads SET superseded_vault_id = NULL WHERE id = @id", ct, ("id", id));
        }
        await s.CommitAsync(ct);
    }

    private async Task<CleaningResult> CleanedAsync(Sql db, long readOutId, CancellationToken ct)
    {
        var state = (await StateAsync(db, readOutId, ct))!;
        long kept = 0, removed = 0, marked = 0;
        await using (var r = await db.ReaderAsync(
            "SELECT COALESCE(SUM(CASE WHEN final_state = 'Kept' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN final_state = 'Removed' THEN 1 ELSE 0 END), 0), " +
            "COALESCE(SUM(CASE WHEN final_state = 'Marked' THEN 1 ELSE 0 END), 0) FROM ro_messages WHERE read_out_id = @ro", ct, ("ro", readOutId)))
        {
            await r.ReadAsync(ct);
            kept = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            removed = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
            marked = Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture);
        }
        return new CleaningResult(state, state.Policy.Cleaning, kept, removed, marked, state.Policy.KeepRawDataset, false);
    }

    public async Task<SealResult> SealAsync(long readOutId, Actor by, CancellationToken ct = default)
    {
        if (by.Role != Domain.Registry.Roles.InformationProfessional)
        {
            throw new ReadOutException(ReadOutProblem.Forbidden, "Alleen een informatieprofessional verzegelt een uitlezing (Handreiking §2.2.2 stap 8). Meld je aan met die rol.");
        }
        Row row;
        var uploads = new List<(long Id, string Channel, int Number, string VaultId)>();
        await using (var s = await BeginAsync(ct))
        {
            row = await LockAsync(s.Db, readOutId, ct);
            if (row.Stage == ReadOutStage.Sealed)
            {
                var state = (await StateAsync(s.Db, readOutId, ct))!;
                await s.CommitAsync(ct);
                return new SealResult(state, state.Packages, true, await RawDestroyedAsync(readOutId, ct));
            }
            if (row.Stage < ReadOutStage.Cleaned) throw NeedsFirst(row, ReadOutStage.Cleaned);
            var open = Convert.ToInt32(await s.Db.ScalarAsync("SELECT COUNT(*) FROM ro_findings WHERE read_out_id = @ro AND needs_answer = @yes AND resolution IS NULL", ct, ("ro", readOutId), ("yes", true)), CultureInfo.InvariantCulture);
            if (open > 0)
            {
                throw new ReadOutException(ReadOutProblem.OutOfOrder,
                    $"Er staan nog {open} bevinding(en) open. Leg eerst per bevinding vast wat ermee is gedaan (besproken, verklaard of geëscaleerd), verzegel daarna.");
            }
            await using (var r = await s.Db.ReaderAsync(
                "SELECT u.id, u.channel, i.number, u.vault_id FROM ro_uploads u JOIN ingest_read_outs i ON i.id = u.ingest_read_out_id WHERE u.read_out_id = @ro ORDER BY u.id", ct, ("ro", readOutId)))
            {
                while (await r.ReadAsync(ct)) uploads.Add((r.GetInt64(0), r.GetString(1), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), r.GetString(3)));
            }
            await s.CommitAsync(ct);
        }
        var sealing = modules.Sealing ?? throw new ReadOutException(ReadOutProblem.Conflict,
            "Verzegelen is op deze server niet ingesteld (archiefmap en archiefsleutel, ChatArchive:Sealing). Vraag de beheerder dit in te stellen.");
        await DeleteSupersededCopiesAsync(readOutId, ct);

        // Sealing is idempotent per read-out (its chain knows what it sealed), so a crash before the commit below is resumed here.
        var packages = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var store = new FileSystemArchiveStore(sealing.StoreFolder);
        store.Recover();
        using (var key = sealing.LoadArchiveKey())
        {
            foreach (var channel in uploads.Select(u => u.Channel).Distinct(StringComparer.Ordinal))
            {
                var oh = row.OfficeholderId.ToString(CultureInfo.InvariantCulture);
                using var source = new DatabaseSealSource(options, modules.Vault);
                var service = new SealService(store, source, key, sealing, _clock, modules.Vault);
                SealRun run;
                try
                {
                    run = await service.SealAsync(oh, channel, by.UserId, ct);
                }
                catch (SealingException e)
                {
                    throw new ReadOutException(ReadOutProblem.Conflict, e.Message);
                }
                // The database's record of every seal (sealed_packages, with an audit event and anchor), as 'chatarchive seal'
                // keeps it: verify --all and the coverage report read it. Idempotent, so a crash before it is caught up here.
                var anchors = modules.Anchors ?? Audit.AuditAnchors.FromLookup(
                    k => k == SealingOptions.Section + ":StoreFolder" ? sealing.StoreFolder : null, options.DataFolder);
                await SealRecords.RecordAsync(options, store, oh, channel, run, by.UserId, anchors, _log, ct, by.Role);
                var mine = uploads.Where(u => u.Channel == channel).Select(u => DatabaseSealSource.ReadOutId(u.Number)).ToHashSet(StringComparer.Ordinal);
                var links = ChainIndex.Read(store, oh, channel).Where(l => mine.Contains(l.Statement.ReadOutId)).ToList();
                if (links.Count != mine.Count)
                {
                    throw new ReadOutException(ReadOutProblem.Conflict,
                        $"Niet elke export van uitlezing {readOutId} kon worden verzegeld; er wachten nog beslissingen. Controleer de beoordeling en verzegel opnieuw.");
                }
                packages.AddRange(links.Select(l => l.Address.ToString()));
                Phase(readOutId, "seal/" + channel, watch, links.Count);
            }
        }

        await using (var s = await BeginAsync(ct))
        {
            row = await LockAsync(s.Db, readOutId, ct);
            if (row.Stage != ReadOutStage.Sealed)
            {
                foreach (var u in uploads.Where(u => modules.Vault is { } v && !v.Exists(u.VaultId)))
                {
                    await s.Db.ExecAsync("UPDATE ro_uploads SET destroyed_at = @at WHERE id = @id AND destroyed_at IS NULL", ct, ("at", s.Db.Instant(Now)), ("id", u.Id));
                }
                await s.Db.ExecAsync("UPDATE ro_read_outs SET stage = @st, sealed_by = @by, sealed_at = @at, packages = @p WHERE id = @id", ct,
                    ("st", nameof(ReadOutStage.Sealed)), ("by", by.UserId), ("at", s.Db.Instant(Now)), ("p", JsonSerializer.Serialize(packages)), ("id", readOutId));
            }
            var state = (await StateAsync(s.Db, readOutId, ct))!;
            await s.CommitAsync(ct);
            _log.LogInformation("Read-out {ReadOutId} sealed by user {UserId}: {Packages} package(s)", readOutId, by.UserId, packages.Count);
            return new SealResult(state, state.Packages, false, await RawDestroyedAsync(readOutId, ct));
        }
    }

    private async Task<bool> RawDestroyedAsync(long readOutId, CancellationToken ct)
    {
        if (modules.Vault is not { } vault) return false;
        await using var s = await BeginAsync(ct);
        var ids = new List<string>();
        await using (var r = await s.Db.ReaderAsync("SELECT vault_id FROM ro_uploads WHERE read_out_id = @ro", ct, ("ro", readOutId)))
        {
            while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        }
        await s.CommitAsync(ct);
        return ids.Count > 0 && ids.All(id => !vault.Exists(id));
    }
}
