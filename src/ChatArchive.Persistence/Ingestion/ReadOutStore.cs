using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Pipeline;
using Npgsql;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>
/// Stores a read-out (issue 3 §3–§5) in ONE transaction: it commits completely or leaves nothing,
/// so a crash mid-way is resumed by ingesting the same export again. Messages stream into a staging
/// table (PostgreSQL binary COPY, SQLite batched inserts); the merge with earlier read-outs then runs
/// in SQL, so the process holds a window of messages, never the export:
/// - identity = (conversation, fingerprint, occurrence): the k-th identical message of a conversation
///   in this read-out matches the k-th stored one (a multiset, FORMATS.md §1.8 item 11);
/// - a stored message of a conversation this read-out holds, inside the span this read-out covers,
///   that is not matched becomes "missing since read-out N" (a later export that starts later is no
///   deletion: only the covered span counts, see <see cref="ConversationSpan.Covers"/>);
/// - the same export (same SHA-256) for the same officeholder and channel adds nothing;
/// - a renamed chat or contact (same messages under another name) is recognised before commit and the export is
///   merged again with the rename applied (<see cref="RenameDetector"/>, <see cref="Renames"/>).
/// Nothing here logs message text, names or numbers.
/// </summary>
public sealed class ReadOutStore(DatabaseOptions options)
{
    private const int SqliteBatch = 64;

    /// <summary>A renamed chat, then its renamed senders, then a split day: the most reads of one export that can be needed.</summary>
    private const int MaxAttempts = 4;

    public async Task<ReadOutStored> IngestAsync(ReadOutRequest request, IEnumerable<ExportItem> items, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        if (!Channels.IsKnown(request.Channel))
        {
            throw new ArgumentException($"Onbekend kanaal '{request.Channel}'. Kies een van: {string.Join(", ", Channels.All)}.", nameof(request));
        }
        var renames = new Renames();
        var useDayDigests = true;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The last read merges as it stands: renames found then are left as new messages and "missing" findings.
                return await IngestCoreAsync(request, items, progress, useDayDigests, renames, detectRenames: attempt < MaxAttempts, ct);
            }
            catch (SplitDayException)
            {
                // Nothing was committed: read the export again and merge every row (the items are re-enumerated).
                useDayDigests = false;
            }
            catch (RenamesFoundException found)
            {
                // Nothing was committed: read the export again with the renamed chats and senders recognised.
                renames.Learn(found);
            }
        }
    }

    private async Task<ReadOutStored> IngestCoreAsync(ReadOutRequest request, IEnumerable<ExportItem> items, IProgress<long>? progress, bool useDayDigests, Renames renames,
        bool detectRenames, CancellationToken ct)
    {
        var pg = options.Provider == DatabaseProvider.PostgreSql;
        await using DbConnection conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var db = new Sql(conn, tx, pg);

        if (pg)
        {
            // Two ingests of the same officeholder and channel would race on read-out numbers and on the merge.
            await db.ExecAsync("SELECT pg_advisory_xact_lock(hashtext('chatarchive-ingest:' || @o || ':' || @c))", ct, ("o", request.OfficeholderId.ToString(CultureInfo.InvariantCulture)), ("c", request.Channel));
            // The occurrence numbering sorts a whole read-out; with the 4 MB default it spills to disk.
            await db.ExecAsync("SET LOCAL work_mem = '256MB'", ct);
        }

        var key = new (string, object?)[] { ("o", request.OfficeholderId), ("c", request.Channel) };
        var existing = await db.ScalarAsync("SELECT number FROM ingest_read_outs WHERE officeholder_id = @o AND channel = @c AND source_sha256 = @h", ct,
            [.. key, ("h", request.SourceSha256)]);
        if (existing is not null and not DBNull)
        {
            await tx.RollbackAsync(ct);
            return new ReadOutStored(0, Convert.ToInt32(existing, CultureInfo.InvariantCulture), true, 0, 0, 0, 0, 0, 0, 0, [], null);
        }

        int previousNumber = 0;
        DateTimeOffset? previousAt = null;
        await using (var r = await db.ReaderAsync("SELECT number, read_out_at FROM ingest_read_outs WHERE officeholder_id = @o AND channel = @c ORDER BY number DESC LIMIT 1", ct, key))
        {
            if (await r.ReadAsync(ct))
            {
                previousNumber = Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture);
                previousAt = db.ReadInstant(r, 1, null);
            }
        }
        var number = previousNumber + 1;

        if (previousNumber > 0)
        {
            await LoadRenamesAsync(db, key, renames, ct);
            // Stored fingerprints of an older scheme are recomputed before anything is matched against them (0111).
            await FingerprintSchemeUpgrade.RunAsync(db, key, ct);
        }

        var digests = useDayDigests && previousNumber > 0 ? await LoadDayDigestsAsync(db, key, ct) : [];
        var readOutId = Convert.ToInt64(await db.ScalarAsync(
            "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
            "VALUES (@o, @c, @n, @f, @s, @h, @at, @now) RETURNING id", ct,
            [.. key, ("n", number), ("f", request.Format), ("s", request.SourceName), ("h", request.SourceSha256),
                ("at", db.Instant(request.ReadOutAt)), ("now", db.Instant(DateTimeOffset.UtcNow))]), CultureInfo.InvariantCulture);

        // 1. Stream the messages into the staging table; keep conversations, system events and read-out findings aside (few).
        await db.ExecAsync(pg
            ? "CREATE TEMP TABLE stage (conv_key text, seq bigint, fingerprint bytea, sender text, sent_at timestamptz, sent_offset smallint, text text, edited boolean, deleted boolean, source_id text, attachments text, sent_day integer, digest_a bigint, digest_b bigint) ON COMMIT DROP"
            : "CREATE TEMP TABLE stage (conv_key TEXT, seq INTEGER, fingerprint BLOB, sender TEXT, sent_at INTEGER, sent_offset INTEGER, text TEXT, edited INTEGER, deleted INTEGER, source_id TEXT, attachments TEXT, sent_day INTEGER, digest_a INTEGER, digest_b INTEGER)", ct);
        var collected = new Collected();
        var staged = StreamItems(items, collected, renames, progress, ct);
        DayWindow? window = null;
        if (digests.Count > 0)
        {
            // Days whose digest matches what is stored are known as a whole and never reach the staging table.
            window = new DayWindow(digests);
            staged = window.Filter(staged);
        }
        if (pg) await StageWithCopyAsync((NpgsqlConnection)conn, staged, ct);
        else await StageWithBatchesAsync(db, staged, ct);

        if (pg) await db.ExecAsync("ANALYZE stage", ct); // temp tables have no statistics; the merge below needs them for a hash join

        // 2. Conversations: one row per (officeholder, channel, title); a chat whose title changed is the stored one
        // when the rename is known (<see cref="Renames"/>), otherwise a new conversation.
        var conversationIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in collected.Conversations.Values)
        {
            var id = Convert.ToInt64(await db.ScalarAsync(
                "INSERT INTO ingest_conversations (officeholder_id, channel, conversation_key, title, is_group, participants, first_read_out_id, last_read_out_id, fingerprint_scheme) " +
                "VALUES (@o, @c, @k, @t, @g, @p, @ro, @ro, @fs) " +
                "ON CONFLICT (officeholder_id, channel, conversation_key) DO UPDATE SET is_group = excluded.is_group, participants = excluded.participants, last_read_out_id = excluded.last_read_out_id " +
                "RETURNING id", ct,
                [.. key, ("k", c.StorageKey), ("t", c.Title), ("g", c.IsGroup), ("p", JsonSerializer.Serialize(c.Participants)), ("ro", readOutId), ("fs", Fingerprint.Scheme)]), CultureInfo.InvariantCulture);
            conversationIds[c.ReaderKey] = id;
        }

        // Two chats of one export with the same title share one stored conversation (see docs/notes/ingestion.md).
        var byStorageKey = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in collected.Conversations.Values) byStorageKey[c.StorageKey] = conversationIds[c.ReaderKey];
        var renameFindings = await StoreRenamesAsync(db, key, readOutId, renames, collected, byStorageKey, request.ReadOutAt, ct);
        await db.ExecAsync(pg ? "CREATE TEMP TABLE matched_days (conversation_id bigint, day integer) ON COMMIT DROP" : "CREATE TEMP TABLE matched_days (conversation_id INTEGER, day INTEGER)", ct);
        if (window is not null)
        {
            await db.InsertRowsAsync("matched_days", ["conversation_id", "day"],
                window.MatchedDays.Select(d => new object?[] { byStorageKey[d.Conversation], d.Day }).ToList(), "", ct);
        }

        // 3. Match against what is stored.
        await MatchStagedAsync(db, pg, key, ct);

        // 4. Stored messages this read-out lacks.
        await FindGoneAsync(db, pg, collected, conversationIds, readOutId, ct);

        if (previousNumber > 0 && detectRenames)
        {
            var found = await RenameDetector.FindAsync(db, key, readOutId, renames,
                collected.Conversations.Values.Select(c => new RenameDetector.Conversation(conversationIds[c.ReaderKey], c.StorageKey, c.Participants,
                    collected.Findings.Spans.GetValueOrDefault(c.ReaderKey))).ToList(), ct);
            if (found is not null) throw found;
        }

        // 5. Store what is new.
        await StoreNewAsync(db, pg, request.OfficeholderId, readOutId, ct);

        var missing = await MarkMissingAsync(db, readOutId, number, ct);

        var stagedKnown = Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(known_id) FROM staged", ct), CultureInfo.InvariantCulture);
        var messages = collected.Findings.Messages;
        var known = stagedKnown + (window?.MatchedMessages ?? 0);
        var spans = collected.Findings.Spans.Values.Where(v => v.First is not null).ToList();
        DateTimeOffset? spanStart = spans.Count == 0 ? null : spans.Min(v => v.First!.Value);
        DateTimeOffset? spanEnd = spans.Count == 0 ? null : spans.Max(v => v.Last!.Value);

        await RefreshDayDigestsAsync(db, pg, readOutId, ct);

        // 5. System events: the same multiset identity, inserted unless already stored.
        var newEvents = await StoreSystemEventsAsync(db, collected, conversationIds, readOutId, ct);

        // 6. Findings of the read-out itself, and the days since the previous read-out of this channel.
        // Tombstones are reported by the read-out that first holds them, not again by every later one.
        var findings = collected.Findings.Complete().Where(f => f.Kind != FindingKinds.DeletedForEveryone).Concat(renameFindings).ToList();
        var tombstones = await db.ExecAsync(
            "INSERT INTO ingest_findings (read_out_id, conversation_id, message_id, kind, at, at_offset_minutes, actor, detail) " +
            "SELECT @ro, conversation_id, new_id, @kind, sent_at, sent_offset, sender, @detail FROM staged WHERE new_id IS NOT NULL AND deleted = TRUE", ct,
            ("ro", readOutId), ("kind", FindingKinds.DeletedForEveryone), ("detail", ReadOutFindings.TombstoneDetail));
        double? daysSince = null;
        if (previousAt is { } prev)
        {
            daysSince = Math.Round((request.ReadOutAt - prev).TotalDays, 1);
            findings.Add(new Finding(FindingKinds.DaysSincePreviousReadOut, request.ReadOutAt, null,
                string.Create(CultureInfo.InvariantCulture, $"{daysSince:0.#} dagen sinds uitlezing {previousNumber}")));
        }
        await db.InsertRowsAsync("ingest_findings", ["read_out_id", "conversation_id", "kind", "at", "at_offset_minutes", "actor", "detail"],
            findings.Select(f => new object?[]
            {
                readOutId, f.ConversationKey is { } k && conversationIds.TryGetValue(k, out var cid) ? cid : null, f.Kind,
                f.At is { } at ? db.Instant(at) : null, f.At is { } at2 ? (short)at2.Offset.TotalMinutes : null, f.Actor, f.Detail,
            }).ToList(), "", ct);

        var missingFindings = await ReadMissingAndTombstoneFindingsAsync(db, readOutId, ct);

        await db.ExecAsync(
            "UPDATE ingest_read_outs SET span_start = @ss, span_end = @se, messages_read = @m, messages_new = @n, messages_known = @k, messages_missing = @x, " +
            "system_events = @e, attachments = @a, findings = @f WHERE id = @ro", ct,
            ("ss", spanStart is { } ss ? db.Instant(ss) : null), ("se", spanEnd is { } se ? db.Instant(se) : null), ("m", messages), ("n", messages - known), ("k", known),
            ("x", (long)missing), ("e", collected.Findings.SystemEvents), ("a", collected.Findings.Attachments), ("f", (long)(findings.Count + missing + tombstones)), ("ro", readOutId));

        if (!pg)
        {
            // SQLite keeps temp tables for the (pooled) connection: drop them inside the transaction.
            await db.ExecAsync("DROP TABLE temp.affected; DROP TABLE temp.gone; DROP TABLE temp.candidate_days; DROP TABLE temp.spans; DROP TABLE temp.matched_days; DROP TABLE temp.staged; DROP TABLE temp.stage;", ct);
        }
        await tx.CommitAsync(ct);
        return new ReadOutStored(readOutId, number, false, messages, messages - known, known, missing, collected.Findings.SystemEvents, newEvents,
            collected.Findings.Attachments, [.. findings, .. missingFindings], daysSince);
    }

    /// <summary>The stored day digests of the officeholder's conversations on this channel, by conversation key and day.</summary>
    private static async Task<Dictionary<(string, int), DayDigest>> LoadDayDigestsAsync(Sql db, (string, object?)[] key, CancellationToken ct)
    {
        var digests = new Dictionary<(string, int), DayDigest>();
        await using var r = await db.ReaderAsync(
            "SELECT c.conversation_key, d.day, d.messages, d.sum_a, d.sum_b FROM ingest_day_digests d JOIN ingest_conversations c ON c.id = d.conversation_id " +
            "WHERE c.officeholder_id = @o AND c.channel = @c", ct, key);
        while (await r.ReadAsync(ct))
        {
            digests[(r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture))] = new DayDigest(
                Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture));
        }
        return digests;
    }

    /// <summary>
    /// Step 3: the staged rows with their occurrence numbers (window function) and, by a left join on the identity, the
    /// stored message each is (known_id) or the id it gets (new_id): the "staged" table.
    /// </summary>
    private static async Task MatchStagedAsync(Sql db, bool pg, (string, object?)[] key, CancellationToken ct)
    {
        // The id sequence is looked up once and named as a constant: pg_get_serial_sequence() inside the statement was
        // evaluated per row (catalog lookups; 7 of the 13.5 s of this statement for 300,000 rows, EXPLAIN ANALYZE, issue 16).
        var nextId = pg ? $"nextval({SqlLiteral(await SerialSequenceAsync(db, ct))}::regclass)" : "";
        await db.ExecAsync(
            (pg ? "CREATE TEMP TABLE staged ON COMMIT DROP AS " : "CREATE TEMP TABLE staged AS ") +
            "SELECT x.seq, x.conversation_id, x.fingerprint, x.occurrence, x.sender, x.sent_at, x.sent_offset, x.text, x.edited, x.deleted, x.source_id, x.attachments, " +
            "x.sent_day, x.digest_a, x.digest_b, m.id AS known_id, " +
            (pg ? $"CASE WHEN m.id IS NULL THEN {nextId} END AS new_id "
                : "CASE WHEN m.id IS NULL THEN (SELECT COALESCE(MAX(id), 0) FROM ingest_messages) + x.seq END AS new_id ") +
            "FROM (SELECT s.*, c.id AS conversation_id, " +
            "      (row_number() OVER (PARTITION BY c.id, s.fingerprint ORDER BY s.seq) - 1) AS occurrence " +
            "      FROM stage s JOIN ingest_conversations c ON c.officeholder_id = @o AND c.channel = @c AND c.conversation_key = s.conv_key) x " +
            "LEFT JOIN ingest_messages m ON m.conversation_id = x.conversation_id AND m.fingerprint = x.fingerprint AND m.occurrence = x.occurrence",
            ct, key);
        await db.ExecAsync(pg ? "CREATE INDEX ON staged (known_id); ANALYZE staged" : "CREATE INDEX temp.ix_staged_known ON staged (known_id)", ct);
    }

    /// <summary>
    /// Step 4: stored messages this read-out lacks, inside the span it covers, not matched (issue 3 §3): the "gone" table.
    /// They become "missing since this read-out", unless they are the same messages under a renamed chat or sender.
    /// The span comes from the whole stream (matched days never reach the staging table).
    /// </summary>
    private static async Task FindGoneAsync(Sql db, bool pg, Collected collected, Dictionary<string, long> conversationIds, long readOutId, CancellationToken ct)
    {
        await db.ExecAsync(pg
            ? "CREATE TEMP TABLE spans (conversation_id bigint, lo timestamptz, hi timestamptz, lo_day integer, hi_day integer) ON COMMIT DROP"
            : "CREATE TEMP TABLE spans (conversation_id INTEGER, lo INTEGER, hi INTEGER, lo_day INTEGER, hi_day INTEGER)", ct);
        await db.InsertRowsAsync("spans", ["conversation_id", "lo", "hi", "lo_day", "hi_day"],
            collected.Findings.Spans.Where(kv => kv.Value.First is not null && conversationIds.ContainsKey(kv.Key))
                .Select(kv => new object?[]
                {
                    conversationIds[kv.Key], db.Instant(kv.Value.First!.Value), db.Instant(kv.Value.Last!.Value),
                    DayOf(kv.Value.First!.Value), DayOf(kv.Value.Last!.Value),
                }).ToList(), "", ct);
        // Candidate days first (stored days inside the span, minus days matched as a whole: few on a re-ingest),
        // so only their messages are visited.
        await db.ExecAsync((pg ? "CREATE TEMP TABLE candidate_days ON COMMIT DROP AS " : "CREATE TEMP TABLE candidate_days AS ") +
                           "SELECT dd.conversation_id, dd.day FROM spans sp JOIN ingest_day_digests dd ON dd.conversation_id = sp.conversation_id AND dd.day BETWEEN sp.lo_day AND sp.hi_day " +
                           "WHERE NOT EXISTS (SELECT 1 FROM matched_days d WHERE d.conversation_id = dd.conversation_id AND d.day = dd.day)", ct);
        if (pg) await db.ExecAsync("ANALYZE candidate_days", ct);
        await db.ExecAsync((pg ? "CREATE TEMP TABLE gone ON COMMIT DROP AS " : "CREATE TEMP TABLE gone AS ") +
                           "SELECT m.id, m.conversation_id, m.sender, m.sent_at, m.sent_offset_minutes, m.text, m.deleted " +
                           "FROM candidate_days cd JOIN spans sp ON sp.conversation_id = cd.conversation_id " +
                           "JOIN ingest_messages m ON m.conversation_id = cd.conversation_id AND m.sent_day = cd.day " +
                           "WHERE m.sent_at > sp.lo AND m.sent_at <= sp.hi AND m.missing_since_read_out_id IS NULL AND m.first_read_out_id <> @ro " +
                           "AND NOT EXISTS (SELECT 1 FROM staged s WHERE s.known_id = m.id)", ct, ("ro", readOutId));
        if (pg) await db.ExecAsync("ANALYZE gone", ct);
    }

    /// <summary>Step 5: the new messages and their attachments; a message reported missing earlier that is back is no longer missing.</summary>
    private static async Task StoreNewAsync(Sql db, bool pg, long officeholderId, long readOutId, CancellationToken ct)
    {
        await db.ExecAsync(
            "INSERT INTO ingest_messages (id, conversation_id, officeholder_id, fingerprint, occurrence, sender, sent_at, sent_offset_minutes, sent_day, digest_a, digest_b, text, edited, deleted, source_id, first_read_out_id) " +
            "SELECT new_id, conversation_id, @o, fingerprint, occurrence, sender, sent_at, sent_offset, sent_day, digest_a, digest_b, text, edited, deleted, source_id, @ro FROM staged WHERE new_id IS NOT NULL ORDER BY new_id",
            ct, ("o", officeholderId), ("ro", readOutId));
        await db.ExecAsync(pg
            ? "INSERT INTO ingest_attachments (message_id, ordinal, file_name, media_type, size, sha256, present) " +
              "SELECT s.new_id, (a.ord - 1)::int, a.e->>'file_name', a.e->>'media_type', (a.e->>'size')::bigint, a.e->>'sha256', (a.e->>'present')::boolean " +
              "FROM staged s CROSS JOIN LATERAL jsonb_array_elements(s.attachments::jsonb) WITH ORDINALITY AS a(e, ord) WHERE s.new_id IS NOT NULL AND s.attachments IS NOT NULL"
            : "INSERT INTO ingest_attachments (message_id, ordinal, file_name, media_type, size, sha256, present) " +
              "SELECT s.new_id, CAST(j.key AS INTEGER), json_extract(j.value, '$.file_name'), json_extract(j.value, '$.media_type'), json_extract(j.value, '$.size'), json_extract(j.value, '$.sha256'), json_extract(j.value, '$.present') " +
              "FROM staged s, json_each(s.attachments) j WHERE s.new_id IS NOT NULL AND s.attachments IS NOT NULL", ct);
        // A message reported missing earlier that is back (restored from a backup) is no longer missing.
        // Only the few rows flagged missing are visited (partial index ix_ingest_messages_missing).
        await db.ExecAsync("UPDATE ingest_messages SET missing_since_read_out_id = NULL WHERE missing_since_read_out_id IS NOT NULL AND officeholder_id = @o " +
                           "AND EXISTS (SELECT 1 FROM staged s WHERE s.known_id = ingest_messages.id)", ct, ("o", officeholderId));
    }

    /// <summary>Stored messages this read-out lacks (the "gone" table): a finding each, and marked missing since this read-out.</summary>
    private static async Task<int> MarkMissingAsync(Sql db, long readOutId, int number, CancellationToken ct)
    {
        var missingDetail = $"Ontbreekt sinds uitlezing {number}: stond in een eerdere uitlezing, niet in deze, binnen de periode die deze export dekt (waarschijnlijk op de telefoon verwijderd).";
        var missing = await db.ExecAsync(
            "INSERT INTO ingest_findings (read_out_id, conversation_id, message_id, kind, at, at_offset_minutes, actor, detail) " +
            "SELECT @ro, g.conversation_id, g.id, @kind, g.sent_at, g.sent_offset_minutes, g.sender, @detail FROM gone g", ct,
            ("ro", readOutId), ("kind", FindingKinds.MissingSinceReadOut), ("detail", missingDetail));
        if (missing > 0)
        {
            await db.ExecAsync("UPDATE ingest_messages SET missing_since_read_out_id = @ro WHERE id IN (SELECT message_id FROM ingest_findings WHERE read_out_id = @ro AND kind = @kind)", ct,
                ("ro", readOutId), ("kind", FindingKinds.MissingSinceReadOut));
        }
        return missing;
    }

    /// <summary>Day digests of every day this read-out changed: staged days, and days of messages now missing.</summary>
    private static async Task RefreshDayDigestsAsync(Sql db, bool pg, long readOutId, CancellationToken ct)
    {
        await db.ExecAsync((pg ? "CREATE TEMP TABLE affected ON COMMIT DROP AS " : "CREATE TEMP TABLE affected AS ") +
                           "SELECT DISTINCT conversation_id, sent_day AS day FROM staged " +
                           "UNION SELECT m.conversation_id, m.sent_day FROM ingest_messages m JOIN ingest_findings f ON f.message_id = m.id WHERE f.read_out_id = @ro AND f.kind = @kind", ct,
            ("ro", readOutId), ("kind", FindingKinds.MissingSinceReadOut));
        // Without statistics PostgreSQL guesses thousands of affected days and sorts every stored message of the
        // officeholder (about 1 s per million) instead of visiting the few affected days by index.
        if (pg) await db.ExecAsync("ANALYZE affected", ct);
        await db.ExecAsync("DELETE FROM ingest_day_digests WHERE EXISTS (SELECT 1 FROM affected a WHERE a.conversation_id = ingest_day_digests.conversation_id AND a.day = ingest_day_digests.day)", ct);
        await db.ExecAsync(
            "INSERT INTO ingest_day_digests (conversation_id, day, messages, sum_a, sum_b) " +
            "SELECT m.conversation_id, m.sent_day, COUNT(*), SUM(m.digest_a), SUM(m.digest_b) FROM ingest_messages m " +
            "JOIN affected a ON a.conversation_id = m.conversation_id AND a.day = m.sent_day WHERE m.missing_since_read_out_id IS NULL " +
            "GROUP BY m.conversation_id, m.sent_day", ct);
    }

    /// <summary>The read-out's system events, inserted unless already stored (the same multiset identity as messages); the number inserted.</summary>
    private static async Task<long> StoreSystemEventsAsync(Sql db, Collected collected, Dictionary<string, long> conversationIds, long readOutId, CancellationToken ct)
    {
        var eventOccurrences = new OccurrenceCounter();
        var eventRows = new List<object?[]>();
        foreach (var (readerKey, e) in collected.SystemEvents)
        {
            var fp = Fingerprint.Of(e);
            eventRows.Add([conversationIds[readerKey], fp.ToBytes(), eventOccurrences.Next(readerKey, fp), SystemEventKinds.ToWire(e.Kind),
                db.Instant(e.At), (short)e.At.Offset.TotalMinutes, e.Actor, e.Text, readOutId]);
        }
        return await db.InsertRowsAsync("ingest_system_events",
            ["conversation_id", "fingerprint", "occurrence", "kind", "at", "at_offset_minutes", "actor", "text", "first_read_out_id"], eventRows,
            "ON CONFLICT (conversation_id, fingerprint, occurrence) DO NOTHING", ct);
    }

    /// <summary>The missing and tombstone findings this read-out stored, for the caller's summary.</summary>
    private static async Task<List<Finding>> ReadMissingAndTombstoneFindingsAsync(Sql db, long readOutId, CancellationToken ct)
    {
        var missingFindings = new List<Finding>();
        await using (var r = await db.ReaderAsync(
                         "SELECT kind, at, at_offset_minutes, actor, detail FROM ingest_findings WHERE read_out_id = @ro AND kind IN (@missing, @tombstone) ORDER BY kind, at", ct,
                         ("ro", readOutId), ("missing", FindingKinds.MissingSinceReadOut), ("tombstone", FindingKinds.DeletedForEveryone)))
        {
            while (await r.ReadAsync(ct))
            {
                var offset = Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture);
                missingFindings.Add(new Finding(r.GetString(0), db.ReadInstant(r, 1, offset), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
            }
        }
        return missingFindings;
    }

    /// <summary>The name of ingest_messages' id sequence (PostgreSQL), e.g. "public.ingest_messages_id_seq".</summary>
    private static async Task<string> SerialSequenceAsync(Sql db, CancellationToken ct) =>
        await db.ScalarAsync("SELECT pg_get_serial_sequence('ingest_messages', 'id')", ct) is string { Length: > 0 } name
            ? name
            : throw new InvalidOperationException("ingest_messages.id has no sequence.");

    /// <summary>A SQL string literal (quotes doubled).</summary>
    private static string SqlLiteral(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Renamed chats and senders learned by earlier read-outs of this officeholder and channel.</summary>
    private static async Task LoadRenamesAsync(Sql db, (string, object?)[] key, Renames renames, CancellationToken ct)
    {
        await using (var r = await db.ReaderAsync(
                         "SELECT a.export_key, c.conversation_key FROM ingest_conversation_aliases a JOIN ingest_conversations c ON c.id = a.conversation_id " +
                         "WHERE a.officeholder_id = @o AND a.channel = @c", ct, key))
        {
            while (await r.ReadAsync(ct)) renames.KnownConversation(r.GetString(0), r.GetString(1));
        }
        await using (var r = await db.ReaderAsync(
                         "SELECT c.conversation_key, s.export_name, s.stored_name FROM ingest_sender_aliases s JOIN ingest_conversations c ON c.id = s.conversation_id " +
                         "WHERE c.officeholder_id = @o AND c.channel = @c", ct, key))
        {
            while (await r.ReadAsync(ct)) renames.KnownSender(r.GetString(0), r.GetString(1), r.GetString(2));
        }
    }

    /// <summary>Stores the renames this read-out found, and returns them as findings: a person should know why nothing went missing.</summary>
    private static async Task<List<Finding>> StoreRenamesAsync(Sql db, (string, object?)[] key, long readOutId, Renames renames, Collected collected,
        Dictionary<string, long> byStorageKey, DateTimeOffset at, CancellationToken ct)
    {
        var findings = new List<Finding>();
        string ReaderKey(string storageKey) => collected.Conversations.Values.First(c => c.StorageKey == storageKey).ReaderKey;
        foreach (var c in renames.NewConversations)
        {
            await db.ExecAsync("INSERT INTO ingest_conversation_aliases (officeholder_id, channel, export_key, conversation_id, first_read_out_id) VALUES (@o, @c, @k, @id, @ro)", ct,
                [.. key, ("k", c.ExportKey), ("id", byStorageKey[c.StoredKey]), ("ro", readOutId)]);
            findings.Add(new Finding(FindingKinds.ConversationRenamed, at, null,
                $"Deze chat heet in deze export '{c.ExportKey}' en in eerdere uitlezingen '{c.StoredKey}'. {c.Matches} berichten kwamen overeen: het is dezelfde chat, dus niets is als verwijderd gemeld of opnieuw opgeslagen.",
                ReaderKey(c.StoredKey)));
        }
        foreach (var s in renames.NewSenders)
        {
            await db.ExecAsync("INSERT INTO ingest_sender_aliases (conversation_id, export_name, stored_name, first_read_out_id) VALUES (@id, @e, @s, @ro)", ct,
                ("id", byStorageKey[s.StoredConversation]), ("e", s.ExportName), ("s", s.StoredName), ("ro", readOutId));
            findings.Add(new Finding(FindingKinds.SenderRenamed, at, s.ExportName,
                $"Afzender '{s.ExportName}' heette in eerdere uitlezingen '{s.StoredName}' (contact opgeslagen of hernoemd). {s.Matches} berichten kwamen overeen: ze zijn herkend, niet als verwijderd gemeld en niet opnieuw opgeslagen.",
                ReaderKey(s.StoredConversation)));
        }
        return findings;
    }

    private static int DayOf(DateTimeOffset t) => t.Year * 10000 + t.Month * 100 + t.Day;

    private sealed class ConversationInfo(string readerKey, string title, bool isGroup, IReadOnlyList<string> participants, string storageKey)
    {
        public string ReaderKey { get; } = readerKey;
        public string Title { get; } = title;
        public string StorageKey { get; } = storageKey;
        public bool IsGroup { get; } = isGroup;
        public IReadOnlyList<string> Participants { get; set; } = participants;
    }

    private sealed class Collected
    {
        public Dictionary<string, ConversationInfo> Conversations { get; } = new(StringComparer.Ordinal);
        public List<(string Key, SystemEvent Event)> SystemEvents { get; } = [];
        public ReadOutFindings Findings { get; } = new();
    }

    private static IEnumerable<StagedMessage> StreamItems(IEnumerable<ExportItem> items, Collected collected, Renames renames, IProgress<long>? progress, CancellationToken ct)
    {
        long seq = 0;
        foreach (var item in items)
        {
            collected.Findings.Observe(item);
            switch (item)
            {
                case ConversationStarted s:
                    collected.Conversations[s.ConversationKey] = new ConversationInfo(s.ConversationKey, s.Title, s.IsGroup, s.Participants, renames.Conversation(s.Title.Trim()));
                    break;
                case ConversationCompleted c when collected.Conversations.TryGetValue(c.ConversationKey, out var info):
                    info.Participants = info.Participants.Union(c.Participants).ToList();
                    break;
                case SystemEventRead e:
                    collected.SystemEvents.Add((e.ConversationKey, e.Event));
                    break;
                case MessageRead m:
                    if (!collected.Conversations.TryGetValue(m.ConversationKey, out var conv))
                    {
                        throw new InvalidOperationException($"Reader produced a message for conversation #{collected.Conversations.Count} before starting it.");
                    }
                    if (m.Message.Text.Contains('\0') || m.Message.Sender.Contains('\0'))
                    {
                        throw new ExportFormatException($"Regel {m.Line} van de export bevat een NUL-teken; zo'n bestand is beschadigd. Maak de export opnieuw.", null, m.Line);
                    }
                    seq++;
                    if ((seq & 0x3FFF) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        progress?.Report(seq);
                    }
                    yield return StagedMessage.From(conv.StorageKey, seq, m.Message, renames.HasSenders ? renames.Sender(conv.StorageKey, m.Message.Sender) : m.Message.Sender);
                    break;
            }
        }
        progress?.Report(seq);
    }

    /// <summary>The staged rows through PostgreSQL's binary COPY, with the async API and the caller's token (a cancelled read-out stops the copy).</summary>
    private static async Task StageWithCopyAsync(NpgsqlConnection conn, IEnumerable<StagedMessage> rows, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(
            "COPY stage (conv_key, seq, fingerprint, sender, sent_at, sent_offset, text, edited, deleted, source_id, attachments, sent_day, digest_a, digest_b) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(r.ConversationKey, NpgsqlTypes.NpgsqlDbType.Text, ct);
            await importer.WriteAsync(r.Seq, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(r.Fingerprint(), NpgsqlTypes.NpgsqlDbType.Bytea, ct);
            await importer.WriteAsync(r.Message.Sender, NpgsqlTypes.NpgsqlDbType.Text, ct);
            await importer.WriteAsync(r.Message.Sent.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(r.OffsetMinutes, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
            await importer.WriteAsync(r.Message.Text, NpgsqlTypes.NpgsqlDbType.Text, ct);
            await importer.WriteAsync(r.Message.Edited, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
            await importer.WriteAsync(r.Message.Deleted, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
            if (r.Message.SourceId is null) await importer.WriteNullAsync(ct); else await importer.WriteAsync(r.Message.SourceId, NpgsqlTypes.NpgsqlDbType.Text, ct);
            if (r.AttachmentsJson() is not { } attachments) await importer.WriteNullAsync(ct); else await importer.WriteAsync(attachments, NpgsqlTypes.NpgsqlDbType.Text, ct);
            await importer.WriteAsync(r.Day, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(r.DigestA, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(r.DigestB, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
        }
        await importer.CompleteAsync(ct);
    }

    private static async Task StageWithBatchesAsync(Sql db, IEnumerable<StagedMessage> rows, CancellationToken ct)
    {
        var batch = new List<StagedMessage>(SqliteBatch);
        DbCommand? full = null;
        try
        {
            foreach (var r in rows)
            {
                batch.Add(r);
                if (batch.Count == SqliteBatch)
                {
                    full ??= db.StageInsert(SqliteBatch);
                    await db.RunStageInsertAsync(full, batch, ct);
                    batch.Clear();
                }
            }
            if (batch.Count > 0)
            {
                await using var tail = db.StageInsert(batch.Count);
                await db.RunStageInsertAsync(tail, batch, ct);
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }
}
