using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.Sealing;
using ChatArchive.Sealing.Input;
using ChatArchive.Sealing.Vault;

namespace ChatArchive.Persistence.Sealing;

/// <summary>
/// The production <see cref="ISealSource"/> (docs/notes/sealing.md "Database-backed ISealSource"): read-outs from the
/// ingestion tables, the officeholder and department from the registry, the cleaning mode from the department policy,
/// attachments from the read-out's encrypted raw export in the vault.
/// A package holds the messages a read-out brought in for the first time (first_read_out_id): earlier read-outs
/// already sealed the rest, so each message is sealed once in its officeholder+channel chain.
/// Decisions come from the read-out life cycle (migration 0500): an export that belongs to a read-out of that life
/// cycle is decided once the read-out is cleaned, with that read-out's cleaning mode and raw-dataset setting; its removed
/// messages never enter the package, their deletion records do. An export ingested outside the life cycle (the CLI's
/// <c>ingest</c>) counts as decided only when the registry's policy does not clean (<see cref="CleaningMode.None"/>).
/// </summary>
public sealed class DatabaseSealSource(DatabaseOptions options, RawExportVault? vault) : ISealSource, IDisposable
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private readonly SemaphoreSlim zipLock = new(1, 1);
    private string? openVaultId;
    private ZipArchive? openZip;

    public async IAsyncEnumerable<ReadOutToSeal> ReadOutsAsync(string officeholderId, string channel, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!long.TryParse(officeholderId, NumberStyles.None, CultureInfo.InvariantCulture, out var oh) || oh <= 0)
        {
            throw new SealingException($"'{officeholderId}' is geen id van een bewindspersoon uit het register. Geef het getal uit het register, bijv. --officeholder 12.");
        }
        var pg = options.Provider == DatabaseProvider.PostgreSql;
        await using DbConnection conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        // One snapshot for the whole chain: an ingest running alongside cannot make a package half old, half new.
        await using var tx = await conn.BeginTransactionAsync(pg ? System.Data.IsolationLevel.RepeatableRead : System.Data.IsolationLevel.Serializable, ct);
        var db = new Sql(conn, tx, pg);

        var (info, cleaning, keepRaw) = await RegistryAsync(db, oh, ct);
        var readOuts = new List<(long Id, int Number, DateTimeOffset ReadAt, DateTimeOffset? Start, DateTimeOffset? End, string? VaultId)>();
        await using (var r = await db.ReaderAsync(
            "SELECT id, number, read_out_at, span_start, span_end, raw_export_vault_id FROM ingest_read_outs " +
            "WHERE officeholder_id = @o AND channel = @c ORDER BY number", ct, ("o", oh), ("c", channel)))
        {
            while (await r.ReadAsync(ct))
            {
                readOuts.Add((r.GetInt64(0), r.GetInt32(1), db.ReadInstant(r, 2, null)!.Value, db.ReadInstant(r, 3, null), db.ReadInstant(r, 4, null), r.IsDBNull(5) ? null : r.GetString(5)));
            }
        }

        var list = new List<ReadOutToSeal>();
        foreach (var ro in readOuts)
        {
            var start = LocalDate(ro.Start ?? ro.ReadAt);
            var end = LocalDate(ro.End ?? ro.ReadAt);
            if (end < start) end = start;
            var (mode, keep, decided) = (cleaning, keepRaw, cleaning == CleaningMode.None);
            await using (var r = await db.ReaderAsync(
                "SELECT ro.stage, ro.policy, ro.cleaning_mode FROM ro_uploads u JOIN ro_read_outs ro ON ro.id = u.read_out_id WHERE u.ingest_read_out_id = @i", ct, ("i", ro.Id)))
            {
                if (await r.ReadAsync(ct))
                {
                    var policy = JsonSerializer.Deserialize<DepartmentPolicy>(r.GetString(1), ReadOuts.ReadOutService.PolicyJson)!;
                    var stage = Enum.Parse<ReadOuts.ReadOutStage>(r.GetString(0));
                    mode = r.IsDBNull(2) ? policy.Cleaning : Enum.Parse<CleaningMode>(r.GetString(2));
                    keep = policy.KeepRawDataset;
                    decided = stage >= ReadOuts.ReadOutStage.Cleaned;
                }
            }
            // Only a decided read-out needs its messages; a waiting one is reported by id.
            var conversations = decided ? await ConversationsAsync(db, oh, channel, ro.Id, ct) : [];
            var deletions = decided ? await DeletionsAsync(db, ro.Id, ct) : [];
            list.Add(new ReadOutToSeal(
                ReadOutId(ro.Number), info, channel, start, end, ro.ReadAt, mode, decided, conversations, deletions,
                new RawExportInfo(ro.VaultId, keep)));
        }
        await tx.CommitAsync(ct);
        foreach (var r in list.OrderBy(r => r.PeriodStart).ThenBy(r => r.ReadOutId, StringComparer.Ordinal)) yield return r;
    }

    /// <summary>Stable and MDTO/path safe; the number is the read-out's number within its officeholder+channel.</summary>
    public static string ReadOutId(int number) => "uitlezing-" + number.ToString("0000", CultureInfo.InvariantCulture);

    public async Task<Stream> OpenAttachmentAsync(ReadOutToSeal readOut, ConversationToSeal conversation, AttachmentRef attachment, CancellationToken ct = default)
    {
        if (vault is null)
        {
            throw new SealingException("Er is geen sleutel voor de kluis met ruwe exports ingesteld, dus bijlagen kunnen niet gelezen worden. Zet ChatArchive:Sealing:VaultKey (dezelfde sleutel als bij het inlezen).");
        }
        if (readOut.RawExport.VaultId is not { } id)
        {
            throw new SealingException($"Van {readOut.ReadOutId} is de ruwe export niet in de kluis bewaard, dus bijlagen kunnen niet gelezen worden. Lees de export opnieuw in met 'chatarchive ingest' en een ingestelde kluissleutel.");
        }
        await zipLock.WaitAsync(ct);
        try
        {
            var zip = await ZipAsync(id, ct);
            var name = attachment.FileName;
            var entry = zip?.Entries.FirstOrDefault(e => !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal) && e.Name == name)
                ?? throw new SealingException($"Bijlage {attachment.Sha256 ?? "(zonder controlegetal)"} van {readOut.ReadOutId} staat niet in de ruwe export. Lees de export met media opnieuw in.");
            // Entries are copied out under the lock: a ZipArchive is not safe for parallel readers.
            var copy = new MemoryStream(checked((int)Math.Max(0, entry.Length)));
            await using (var s = entry.Open()) await s.CopyToAsync(copy, ct);
            copy.Position = 0;
            return copy;
        }
        finally
        {
            zipLock.Release();
        }
    }

    public void Dispose()
    {
        openZip?.Dispose();
        zipLock.Dispose();
    }

    /// <summary>The decrypted raw export, held in memory (never written in the clear); null when it is a single text file.</summary>
    private async Task<ZipArchive?> ZipAsync(string vaultId, CancellationToken ct)
    {
        if (openVaultId == vaultId) return openZip;
        openZip?.Dispose();
        openZip = null;
        var plain = new MemoryStream();
        await using (var s = vault!.OpenRead(vaultId)) await s.CopyToAsync(plain, ct);
        plain.Position = 0;
        var isZip = plain.Length >= 4 && plain.GetBuffer()[0] == (byte)'P' && plain.GetBuffer()[1] == (byte)'K';
        openZip = isZip ? new ZipArchive(plain, ZipArchiveMode.Read) : null;
        openVaultId = vaultId;
        return openZip;
    }

    private static async Task<(OfficeholderInfo Info, CleaningMode Cleaning, bool KeepRaw)> RegistryAsync(Sql db, long oh, CancellationToken ct)
    {
        string name, code, department;
        var cleaning = CleaningMode.Remove;
        var keepRaw = false;
        await using (var r = await db.ReaderAsync(
            "SELECT o.display_name, d.code, d.name, p.cleaning, p.keep_raw_dataset FROM officeholders o " +
            "JOIN departments d ON d.id = o.department_id LEFT JOIN department_policies p ON p.department_id = d.id WHERE o.id = @o", ct, ("o", oh)))
        {
            if (!await r.ReadAsync(ct))
            {
                throw new SealingException($"Bewindspersoon {oh} staat niet in het register. Controleer het id (chatarchive of /api/officeholders) en verzegel opnieuw.");
            }
            name = r.GetString(0);
            code = r.GetString(1);
            department = r.GetString(2);
            // No policy row: the registry's default policy (migration 0002) cleans by removal.
            if (!r.IsDBNull(3)) cleaning = Enum.Parse<CleaningMode>(r.GetString(3), ignoreCase: true);
            if (!r.IsDBNull(4)) keepRaw = Convert.ToBoolean(r.GetValue(4), CultureInfo.InvariantCulture);
        }
        // The function of the latest appointment; the CIO Rijk-rapportage 2024 registry names officeholders by function.
        var function = await db.ScalarAsync("SELECT function_title FROM appointments WHERE officeholder_id = @o ORDER BY starts_on DESC LIMIT 1", ct, ("o", oh)) as string;
        return (new OfficeholderInfo(oh.ToString(CultureInfo.InvariantCulture), name, function ?? name, code, department), cleaning, keepRaw);
    }

    private static async Task<IReadOnlyList<ConversationToSeal>> ConversationsAsync(Sql db, long oh, string channel, long readOutId, CancellationToken ct)
    {
        var convs = new List<(long Id, string Title, bool Group, string Participants)>();
        await using (var r = await db.ReaderAsync(
            "SELECT c.id, c.title, c.is_group, c.participants FROM ingest_conversations c WHERE c.officeholder_id = @o AND c.channel = @c AND " +
            "(EXISTS (SELECT 1 FROM ingest_messages m WHERE m.conversation_id = c.id AND m.first_read_out_id = @ro AND " + NotRemoved + ") OR " +
            " EXISTS (SELECT 1 FROM ingest_system_events e WHERE e.conversation_id = c.id AND e.first_read_out_id = @ro)) ORDER BY c.id",
            ct, ("o", oh), ("c", channel), ("ro", readOutId)))
        {
            while (await r.ReadAsync(ct)) convs.Add((r.GetInt64(0), r.GetString(1), Convert.ToBoolean(r.GetValue(2), CultureInfo.InvariantCulture), r.GetString(3)));
        }

        var result = new List<ConversationToSeal>(convs.Count);
        foreach (var c in convs)
        {
            var attachments = new Dictionary<long, List<AttachmentRef>>();
            await using (var r = await db.ReaderAsync(
                "SELECT a.message_id, a.file_name, a.media_type, a.size, a.sha256, a.present FROM ingest_attachments a JOIN ingest_messages m ON m.id = a.message_id " +
                "WHERE m.conversation_id = @cv AND m.first_read_out_id = @ro AND " + NotRemoved + " ORDER BY a.message_id, a.ordinal", ct, ("cv", c.Id), ("ro", readOutId)))
            {
                while (await r.ReadAsync(ct))
                {
                    var id = r.GetInt64(0);
                    if (!attachments.TryGetValue(id, out var l)) attachments[id] = l = [];
                    l.Add(new AttachmentRef(r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3),
                        r.IsDBNull(4) ? null : r.GetString(4), Convert.ToBoolean(r.GetValue(5), CultureInfo.InvariantCulture)));
                }
            }
            var messages = new List<CanonicalMessage>();
            var marks = new List<string?>();
            // In export order (id): ties in time keep it, as the canonical document requires. A message kept with a restriction
            // mark (cleaning mode Markeren, final state Marked) carries the label it was marked with.
            await using (var r = await db.ReaderAsync(
                "SELECT m.id, m.sender, m.sent_at, m.sent_offset_minutes, m.text, m.edited, m.deleted, m.source_id, " +
                "CASE WHEN rm.final_state = 'Marked' THEN rm.label END FROM ingest_messages " +
                "m LEFT JOIN ro_messages rm ON rm.message_id = m.id WHERE m.conversation_id = @cv AND m.first_read_out_id = @ro AND " + NotRemoved + " ORDER BY m.id", ct, ("cv", c.Id), ("ro", readOutId)))
            {
                while (await r.ReadAsync(ct))
                {
                    var id = r.GetInt64(0);
                    marks.Add(r.IsDBNull(8) ? null : r.GetString(8));
                    messages.Add(new CanonicalMessage(r.GetString(1), db.ReadInstant(r, 2, Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture))!.Value, r.GetString(4),
                        attachments.TryGetValue(id, out var a) ? a : [],
                        Convert.ToBoolean(r.GetValue(5), CultureInfo.InvariantCulture), Convert.ToBoolean(r.GetValue(6), CultureInfo.InvariantCulture),
                        r.IsDBNull(7) ? null : r.GetString(7)));
                }
            }
            var events = new List<SystemEvent>();
            await using (var r = await db.ReaderAsync(
                "SELECT kind, at, at_offset_minutes, actor, text FROM ingest_system_events WHERE conversation_id = @cv AND first_read_out_id = @ro ORDER BY id",
                ct, ("cv", c.Id), ("ro", readOutId)))
            {
                while (await r.ReadAsync(ct))
                {
                    events.Add(new SystemEvent(SystemEventKinds.FromWire(r.GetString(0)), db.ReadInstant(r, 1, Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture))!.Value,
                        r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
                }
            }
            var participants = JsonSerializer.Deserialize<List<string>>(c.Participants) ?? [];
            result.Add(new ConversationToSeal("gesprek-" + c.Id.ToString(CultureInfo.InvariantCulture),
                new CanonicalConversation(c.Title, c.Group, participants, messages, events), marks.Any(m => m is not null) ? marks : null));
        }
        return result;
    }

    /// <summary>Removed messages (cleaning mode Verwijderen) never enter a package; alias m = ingest_messages.</summary>
    private const string NotRemoved = "NOT EXISTS (SELECT 1 FROM ro_deletion_records d WHERE d.message_id = m.id)";

    /// <summary>Proof of lawful deletion for the removed messages this export brought in: no text, sender or title.</summary>
    private static async Task<IReadOnlyList<DeletionEntry>> DeletionsAsync(Sql db, long readOutId, CancellationToken ct)
    {
        var list = new List<DeletionEntry>();
        await using var r = await db.ReaderAsync(
            "SELECT d.fingerprint, d.label, d.message_sent, d.reviewed_by, d.reviewed_at, d.validated_by, d.validated_at FROM ro_deletion_records d " +
            "JOIN ingest_messages m ON m.id = d.message_id WHERE m.first_read_out_id = @ro ORDER BY d.message_id", ct, ("ro", readOutId));
        while (await r.ReadAsync(ct))
        {
            list.Add(new DeletionEntry(r.GetString(0), Enum.Parse<MessageLabel>(r.GetString(1)), db.ReadInstant(r, 2, null)!.Value, r.GetString(3),
                db.ReadInstant(r, 4, null)!.Value, r.IsDBNull(5) ? null : r.GetString(5), db.ReadInstant(r, 6, null)));
        }
        return list;
    }

    private static DateOnly LocalDate(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, Amsterdam).DateTime);
}
