using System.Globalization;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Persistence.Ingestion;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Persistence.ReadOuts;

public sealed partial class ReadOutService
{
    public async Task<UploadResult> RegisterUploadsAsync(long readOutId, IReadOnlyList<ExportUpload> files, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Er is geen exportbestand meegestuurd. Kies het bestand (zip of tekst) dat de telefoon heeft gemaakt.");
        }
        if (by.Role != Domain.Registry.Roles.InformationProfessional)
        {
            throw new ReadOutException(ReadOutProblem.Forbidden, "Alleen een informatieprofessional uploadt de export van een uitlezing (Handreiking §2.2.2 stap 3). Meld je aan met die rol.");
        }
        var vault = modules.Vault ?? throw new ReadOutException(ReadOutProblem.Conflict,
            "Er is geen sleutel voor de kluis met ruwe exports ingesteld (ChatArchive:Sealing:VaultKey), dus een export kan niet veilig worden bewaard. Vraag de beheerder de sleutel in te stellen.");

        // Checks that need no files first: a refusal here reads nothing.
        ReadOutState before;
        await using (var s = await BeginAsync(ct))
        {
            var row = await LockAsync(s.Db, readOutId, ct);
            RequireUploadOpen(row);
            before = (await StateAsync(s.Db, readOutId, ct))!;
            await s.CommitAsync(ct);
        }

        // Each file: copied to a private temporary folder (outside the data folder, removed at the end), detected as
        // 'inspect' does, checked against the officeholder, then stored encrypted in the vault.
        var temp = Directory.CreateTempSubdirectory("chatarchive-upload-");
        var prepared = new List<(ExportUpload Upload, string Format, string Channel, string Sha, long Bytes, string VaultId)>();
        var officeholder = await OfficeholderNamesAsync(before.OfficeholderId, ct);
        var conversations = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var f = files[i];
                var name = SafeFileName(f.FileName);
                var path = Path.Combine(temp.FullName, i.ToString(CultureInfo.InvariantCulture), name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                long bytes;
                await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    await f.Content.CopyToAsync(output, ct);
                    bytes = output.Length;
                }
                string format, sha;
                try
                {
                    using var source = ExportSourceFactory.Open(path);
                    var reader = FormatDetector.Default().Detect(source, f.Format);
                    format = reader.Format;
                    var channel = FormatChannels.ChannelOf(format);
                    var wanted = string.IsNullOrWhiteSpace(f.Channel) ? channel : f.Channel.Trim().ToLowerInvariant();
                    if (wanted != channel)
                    {
                        throw new ReadOutException(ReadOutProblem.Invalid,
                            $"'{name}' is een {format}-export en hoort bij kanaal '{channel}', niet '{wanted}'. Kies het juiste kanaal of het juiste bestand.");
                    }
                    sha = SourceHash.Compute(source, ct);
                    Collect(conversations, i, reader.Read(source, ct));
                    prepared.Add((f, format, channel, sha, bytes, ""));
                }
                catch (ExportFormatException e)
                {
                    // Shown by the upload page and the API: advice the web user can follow, not the command line's options.
                    throw new ReadOutException(ReadOutProblem.Invalid, WebUserAdvice.For(e.Message));
                }
            }
            CheckOwner(officeholder, conversations, string.Join("', '", files.Select(f => SafeFileName(f.FileName))));
            // Stored in the vault only when every file passed.
            for (var i = 0; i < prepared.Count; i++)
            {
                var p = prepared[i];
                var path = Path.Combine(temp.FullName, i.ToString(CultureInfo.InvariantCulture), SafeFileName(p.Upload.FileName));
                await using var input = File.OpenRead(path);
                prepared[i] = p with { VaultId = await vault.StoreAsync(input, ct: ct) };
            }
        }
        catch
        {
            foreach (var p in prepared.Where(p => p.VaultId.Length > 0)) vault.Delete(p.VaultId);
            throw;
        }
        finally
        {
            try { temp.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        var kept = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var s = await BeginAsync(ct);
            var row = await LockAsync(s.Db, readOutId, ct);
            RequireUploadOpen(row);
            var result = new List<RegisteredUpload>();
            foreach (var p in prepared)
            {
                // The same export in another read-out: another officeholder's export, or one already read out before.
                await using (var r = await s.Db.ReaderAsync(
                    "SELECT u.read_out_id, ro.officeholder_id FROM ro_uploads u JOIN ro_read_outs ro ON ro.id = u.read_out_id WHERE u.sha256 = @h AND u.read_out_id <> @ro LIMIT 1", ct,
                    ("h", p.Sha), ("ro", readOutId)))
                {
                    if (await r.ReadAsync(ct))
                    {
                        var other = r.GetInt64(1);
                        throw other == row.OfficeholderId
                            ? new ReadOutException(ReadOutProblem.Conflict, $"Export '{SafeFileName(p.Upload.FileName)}' is al geüpload bij uitlezing {r.GetInt64(0)} van deze bewindspersoon. Upload de nieuwe export van de telefoon.")
                            : new ReadOutException(ReadOutProblem.Invalid, $"Export '{SafeFileName(p.Upload.FileName)}' hoort bij een andere bewindspersoon. Upload de export van de telefoon van deze bewindspersoon.");
                    }
                }
                var existing = await s.Db.ScalarAsync("SELECT id FROM ro_uploads WHERE read_out_id = @ro AND sha256 = @h", ct, ("ro", readOutId), ("h", p.Sha));
                if (existing is not null and not DBNull)
                {
                    result.Add(new RegisteredUpload(Convert.ToInt64(existing, CultureInfo.InvariantCulture), SafeFileName(p.Upload.FileName), p.Channel, p.Format, p.Sha, p.Bytes, true));
                    continue;
                }
                var id = Convert.ToInt64(await s.Db.ScalarAsync(
                    "INSERT INTO ro_uploads (read_out_id, file_name, channel, format, sha256, bytes, vault_id, uploaded_by, uploaded_at) " +
                    "VALUES (@ro, @n, @c, @f, @h, @b, @v, @by, @at) RETURNING id", ct,
                    ("ro", readOutId), ("n", SafeFileName(p.Upload.FileName)), ("c", p.Channel), ("f", p.Format), ("h", p.Sha), ("b", p.Bytes), ("v", p.VaultId),
                    ("by", by.UserId), ("at", s.Db.Instant(Now))), CultureInfo.InvariantCulture);
                kept.Add(p.VaultId);
                result.Add(new RegisteredUpload(id, SafeFileName(p.Upload.FileName), p.Channel, p.Format, p.Sha, p.Bytes, false));
            }
            await SetStageAsync(s.Db, readOutId, ReadOutStage.Uploaded, ct);
            var state = (await StateAsync(s.Db, readOutId, ct))!;
            await s.CommitAsync(ct);
            _log.LogInformation("Read-out {ReadOutId}: {Files} export file(s) registered", readOutId, result.Count(u => !u.AlreadyRegistered));
            return new UploadResult(state, result);
        }
        finally
        {
            // Copies not recorded (refused, or a file registered before) are not kept.
            foreach (var p in prepared.Where(p => !kept.Contains(p.VaultId))) vault.Delete(p.VaultId);
        }
    }

    public async Task<IngestResult> IngestAsync(long readOutId, CancellationToken ct = default)
    {
        List<(long Id, string FileName, string Channel, string Format, string Sha, string VaultId, DateTimeOffset At)> pending = [];
        Row row;
        await using (var s = await BeginAsync(ct))
        {
            row = await LockAsync(s.Db, readOutId, ct);
            if (row.Stage > ReadOutStage.Uploaded)
            {
                var done = await IngestedAsync(s.Db, readOutId, ct);
                await s.CommitAsync(ct);
                return done with { AlreadyIngested = true };
            }
            if (row.Stage < ReadOutStage.Uploaded) throw NeedsFirst(row, ReadOutStage.Uploaded);
            await using (var r = await s.Db.ReaderAsync(
                "SELECT id, file_name, channel, format, sha256, vault_id, uploaded_at FROM ro_uploads WHERE read_out_id = @ro AND ingest_read_out_id IS NULL ORDER BY id", ct, ("ro", readOutId)))
            {
                while (await r.ReadAsync(ct))
                {
                    pending.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), s.Db.ReadInstant(r, 6, null)!.Value));
                }
            }
            await s.CommitAsync(ct);
        }

        // Each upload: ingestion stores it in its own transaction and knows an export it stored before (same SHA-256),
        // so a crash after its commit and before the link below is resumed without storing anything twice.
        var store = new ReadOutStore(options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var u in pending)
        {
            var vault = modules.Vault ?? throw new ReadOutException(ReadOutProblem.Conflict,
                "Er is geen sleutel voor de kluis met ruwe exports ingesteld (ChatArchive:Sealing:VaultKey), dus de geüploade export kan niet worden gelezen.");
            var temp = Directory.CreateTempSubdirectory("chatarchive-ingest-");
            try
            {
                var path = Path.Combine(temp.FullName, SafeFileName(u.FileName));
                await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                await using (var input = vault.OpenRead(u.VaultId))
                {
                    await input.CopyToAsync(output, ct);
                }
                using var source = ExportSourceFactory.Open(path);
                var reader = FormatDetector.Default().Detect(source, u.Format);
                await store.IngestAsync(new ReadOutRequest(row.OfficeholderId, u.Channel, u.Format, u.FileName, u.Sha, u.At), reader.Read(source, ct), null, ct);
            }
            catch (ExportFormatException e)
            {
                _log.LogWarning("Read-out {ReadOutId}: upload {UploadId} could not be ingested", readOutId, u.Id);
                throw new ReadOutException(ReadOutProblem.Invalid, $"De export '{u.FileName}' kon niet worden ingelezen: {WebUserAdvice.For(e.Message)} Upload een volledige export opnieuw.");
            }
            finally
            {
                try { temp.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            Phase(readOutId, "ingest/upload", watch, 1);
        }

        await using (var s = await BeginAsync(ct))
        {
            row = await LockAsync(s.Db, readOutId, ct);
            if (row.Stage > ReadOutStage.Uploaded)
            {
                var done = await IngestedAsync(s.Db, readOutId, ct);
                await s.CommitAsync(ct);
                return done with { AlreadyIngested = true };
            }
            foreach (var u in pending)
            {
                var ingestId = Convert.ToInt64(await s.Db.ScalarAsync(
                    "SELECT id FROM ingest_read_outs WHERE officeholder_id = @o AND channel = @c AND source_sha256 = @h", ct,
                    ("o", row.OfficeholderId), ("c", u.Channel), ("h", u.Sha)), CultureInfo.InvariantCulture);
                await s.Db.ExecAsync("UPDATE ro_uploads SET ingest_read_out_id = @i WHERE id = @u", ct, ("i", ingestId), ("u", u.Id));
                // Sealing opens attachments from this copy (migration 0102).
                await s.Db.ExecAsync("UPDATE ingest_read_outs SET raw_export_vault_id = @v WHERE id = @i AND raw_export_vault_id IS NULL", ct, ("v", u.VaultId), ("i", ingestId));
                // Every finding is kept with the read-out. Those about missing messages, disappearing messages on, deletions for
                // everyone and a gap between read-outs longer than the department's interval need an answer before sealing; the
                // other kinds (span covered, date order assumed, renames …) only inform.
                var kinds = "'" + string.Join("', '", AnswerNeeded) + "'";
                var gapFinding = await GapFindingAsync(s.Db, ingestId, row.Policy, ct);
                await s.Db.ExecAsync(
                    "INSERT INTO ro_findings (read_out_id, ingest_finding_id, needs_answer) " +
                    $"SELECT @ro, f.id, CASE WHEN f.kind IN ({kinds}) OR f.id = @gap THEN @yes ELSE @no END FROM ingest_findings f WHERE f.read_out_id = @i " +
                    "AND NOT EXISTS (SELECT 1 FROM ro_findings x WHERE x.ingest_finding_id = f.id)", ct,
                    ("ro", readOutId), ("i", ingestId), ("gap", gapFinding ?? -1L), ("yes", true), ("no", false));
            }
            await SetStageAsync(s.Db, readOutId, ReadOutStage.Ingested, ct);
            var result = await IngestedAsync(s.Db, readOutId, ct);
            await s.CommitAsync(ct);
            _log.LogInformation("Read-out {ReadOutId} ingested: {Messages} message(s), {New} new, {Missing} missing, {Findings} finding(s)",
                readOutId, result.Messages, result.New, result.Missing, result.Findings.Count);
            return result;
        }
    }

    /// <summary>Finding kinds of ingestion that the professional must answer before sealing.</summary>
    public static readonly IReadOnlyList<string> AnswerNeeded = [FindingKinds.MissingSinceReadOut, FindingKinds.DisappearingOn, FindingKinds.DeletedForEveryone];

    /// <summary>The "days since the previous read-out" finding when the gap is longer than the department's interval; else null.</summary>
    private static async Task<long?> GapFindingAsync(Sql db, long ingestId, Domain.Policies.DepartmentPolicy policy, CancellationToken ct)
    {
        if (policy.IntervalDays is not { } interval) return null;
        DateTimeOffset? at = null, previous = null;
        await using (var r = await db.ReaderAsync(
            "SELECT i.read_out_at, (SELECT MAX(p.read_out_at) FROM ingest_read_outs p WHERE p.officeholder_id = i.officeholder_id AND p.channel = i.channel AND p.number < i.number) " +
            "FROM ingest_read_outs i WHERE i.id = @i", ct, ("i", ingestId)))
        {
            if (await r.ReadAsync(ct))
            {
                at = db.ReadInstant(r, 0, null);
                previous = db.ReadInstant(r, 1, null);
            }
        }
        if (at is null || previous is null || (at.Value - previous.Value).TotalDays <= interval) return null;
        var id = await db.ScalarAsync("SELECT id FROM ingest_findings WHERE read_out_id = @i AND kind = @k ORDER BY id LIMIT 1", ct, ("i", ingestId), ("k", FindingKinds.DaysSincePreviousReadOut));
        return id is null or DBNull ? null : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    private async Task<IngestResult> IngestedAsync(Sql db, long readOutId, CancellationToken ct)
    {
        long messages = 0, fresh = 0, known = 0, missing = 0, attachments = 0;
        await using (var r = await db.ReaderAsync(
            "SELECT COALESCE(SUM(i.messages_read), 0), COALESCE(SUM(i.messages_new), 0), COALESCE(SUM(i.messages_known), 0), COALESCE(SUM(i.messages_missing), 0), COALESCE(SUM(i.attachments), 0) " +
            "FROM ingest_read_outs i JOIN ro_uploads u ON u.ingest_read_out_id = i.id WHERE u.read_out_id = @ro", ct, ("ro", readOutId)))
        {
            await r.ReadAsync(ct);
            messages = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            fresh = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
            known = Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture);
            missing = Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture);
            attachments = Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture);
        }
        var findings = await FindingsAsync(db, readOutId, ct);
        return new IngestResult((await StateAsync(db, readOutId, ct))!, messages, fresh, known, missing, attachments, findings, false);
    }

    private static void RequireUploadOpen(Row row)
    {
        if (row.Stage == ReadOutStage.Sealed)
        {
            throw new ReadOutException(ReadOutProblem.Conflict,
                $"Uitlezing {row.Id} is al verzegeld; er kan niets meer aan worden toegevoegd. Upload een nieuwe export bij de volgende uitlezing.");
        }
        if (row.Stage > ReadOutStage.Uploaded)
        {
            throw OutOfOrder(row, "Exports kunnen alleen worden toegevoegd voordat de uitlezing is ingelezen. Upload een nieuwe export bij de volgende uitlezing.");
        }
    }

    /// <summary>Only a file name, never a path: no folder of the server can be reached through an upload's name.</summary>
    private static string SafeFileName(string name)
    {
        var n = Path.GetFileName((name ?? "").Replace('\\', '/'));
        foreach (var c in Path.GetInvalidFileNameChars()) n = n.Replace(c, '_');
        return string.IsNullOrWhiteSpace(n) || n is "." or ".." ? "export" : n;
    }

    private sealed record NameSets(HashSet<string> Own, Dictionary<string, long> Others);

    /// <summary>The officeholder's own names and account addresses, and those of every other officeholder.</summary>
    private async Task<NameSets> OfficeholderNamesAsync(long officeholderId, CancellationToken ct)
    {
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var others = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        await using var s = await BeginAsync(ct);
        await using (var r = await s.Db.ReaderAsync("SELECT id, display_name FROM officeholders", ct))
        {
            while (await r.ReadAsync(ct)) Add(r.GetInt64(0), r.GetString(1));
        }
        await using (var r = await s.Db.ReaderAsync("SELECT officeholder_id, address FROM accounts", ct))
        {
            while (await r.ReadAsync(ct)) Add(r.GetInt64(0), r.GetString(1));
        }
        await s.CommitAsync(ct);
        foreach (var n in own) others.Remove(n);
        return new NameSets(own, others);

        void Add(long id, string name)
        {
            var key = NormalName(name);
            if (key.Length < 3) return;
            if (id == officeholderId) own.Add(key); else others.TryAdd(key, id);
        }
    }

    /// <summary>Names compare trimmed and case-insensitively; phone numbers by their digits (+31 6 … = 06 …).</summary>
    private static string NormalName(string name)
    {
        var t = name.Trim();
        var digits = new string(t.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 8 && t.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
        {
            if (digits.StartsWith("31", StringComparison.Ordinal)) digits = "0" + digits[2..];
            return "tel:" + digits;
        }
        return t;
    }

    /// <summary>Who takes part in each conversation of one uploaded file (senders and participants, normalised).</summary>
    private static void Collect(Dictionary<string, HashSet<string>> perConversation, int file, IEnumerable<ExportItem> items)
    {
        foreach (var item in items)
        {
            var key = file.ToString(CultureInfo.InvariantCulture) + "/" + item.ConversationKey;
            if (!perConversation.TryGetValue(key, out var set))
            {
                perConversation[key] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }
            switch (item)
            {
                case MessageRead m: set.Add(NormalName(m.Message.Sender)); break;
                case ConversationStarted c: foreach (var p in c.Participants) set.Add(NormalName(p)); break;
                case ConversationCompleted c: foreach (var p in c.Participants) set.Add(NormalName(p)); break;
            }
        }
    }

    /// <summary>
    /// Refuses another officeholder's export. The phone's owner takes part in every conversation of the uploaded files, so the
    /// names found in the most conversations (senders and participants) are the owner's: when one of those is another
    /// officeholder of the registry (by name or account) and none is this officeholder, the export is refused. An export
    /// whose owner names nobody known passes: most exports show only the names the owner gave their contacts.
    /// </summary>
    private static void CheckOwner(NameSets names, Dictionary<string, HashSet<string>> perConversation, string fileName)
    {
        if (names.Others.Count == 0) return;
        if (perConversation.Count < 2) return; // one chat cannot tell the owner from the contact
        var counts = perConversation.Values.SelectMany(v => v).GroupBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Name: g.Key, Count: g.Count())).ToList();
        if (counts.Count == 0) return;
        var max = counts.Max(c => c.Count);
        var owners = counts.Where(c => c.Count == max).Select(c => c.Name).ToList();
        if (owners.Any(names.Own.Contains)) return;
        if (owners.Any(names.Others.ContainsKey))
        {
            throw new ReadOutException(ReadOutProblem.Invalid,
                $"Export '{fileName}' komt van de telefoon van een andere bewindspersoon: die neemt deel aan alle gesprekken, deze bewindspersoon niet. Upload de export van de juiste telefoon.");
        }
    }
}
