using System.Globalization;
using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>
/// Finds renamed chats and senders in a read-out before it is committed (issue 3 §3; migration 0103). WhatsApp writes
/// the phone's current contact name into every line and into the file name: after "save contact" or a rename, the
/// same messages come back under another name. Matched on everything but the name (sent instant, text, tombstone),
/// a rename is accepted only when it is unambiguous:
/// - a chat: a conversation new in this read-out whose messages are, for at least half, the stored messages (inside
///   the span the export covers) of one stored conversation that this read-out does not hold; one to one.
/// - a sender: in one conversation, the stored messages of a name that this export no longer shows come back under one
///   name that was never stored there; one to one.
/// Anything less clear stays as it was: new messages and "missing" findings, which a person can judge.
/// </summary>
internal static class RenameDetector
{
    /// <summary>A conversation of the read-out: its stored id and key, the reader's participants, the span the export covers.</summary>
    internal sealed record Conversation(long Id, string StorageKey, IReadOnlyList<string> Participants, ConversationSpan? Span);

    public static async Task<RenamesFoundException?> FindAsync(Sql db, (string, object?)[] key, long readOutId, Renames renames,
        IReadOnlyList<Conversation> conversations, CancellationToken ct)
    {
        var chats = await ChatsAsync(db, key, readOutId, conversations, ct);
        if (chats.Count > 0)
        {
            // Senders are judged once the chat is merged into the stored one (the next read of the export).
            return new RenamesFoundException(chats, []);
        }
        var senders = await SendersAsync(db, renames, conversations, ct);
        return senders.Count > 0 ? new RenamesFoundException([], senders) : null;
    }

    private static async Task<List<ConversationRename>> ChatsAsync(Sql db, (string, object?)[] key, long readOutId, IReadOnlyList<Conversation> conversations, CancellationToken ct)
    {
        var result = new List<ConversationRename>();
        var held = conversations.Select(c => c.Id).ToHashSet();
        var created = new List<long>();
        await using (var r = await db.ReaderAsync("SELECT id FROM ingest_conversations WHERE first_read_out_id = @ro", ct, ("ro", readOutId)))
        {
            while (await r.ReadAsync(ct)) created.Add(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture));
        }
        if (created.Count == 0) return result;
        var others = new Dictionary<long, string>();
        await using (var r = await db.ReaderAsync("SELECT id, conversation_key FROM ingest_conversations WHERE officeholder_id = @o AND channel = @c", ct, key))
        {
            while (await r.ReadAsync(ct))
            {
                var id = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
                if (!held.Contains(id)) others[id] = r.GetString(1);
            }
        }
        if (others.Count == 0) return result;

        // Ids are numbers from the database, written into the statement as such.
        var matches = new List<(long New, long Old, long Count)>();
        await using (var r = await db.ReaderAsync(
                         "SELECT s.conversation_id, m.conversation_id, COUNT(*) FROM staged s " +
                         $"JOIN ingest_messages m ON m.conversation_id IN ({Ids(others.Keys)}) AND m.sent_day = s.sent_day AND m.sent_at = s.sent_at " +
                         "AND m.deleted = s.deleted AND m.text = s.text AND m.missing_since_read_out_id IS NULL " +
                         $"WHERE s.conversation_id IN ({Ids(created)}) GROUP BY s.conversation_id, m.conversation_id", ct))
        {
            while (await r.ReadAsync(ct))
            {
                matches.Add((Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture),
                    Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture)));
            }
        }
        var claimed = new HashSet<long>();
        foreach (var group in matches.GroupBy(m => m.New).OrderByDescending(g => g.Max(m => m.Count)))
        {
            var ranked = group.OrderByDescending(m => m.Count).ToList();
            var best = ranked[0];
            if (ranked.Count > 1 && ranked[1].Count * 2 > best.Count) continue; // two stored chats fit: not clear
            if (claimed.Contains(best.Old) || matches.Any(m => m.Old == best.Old && m.New != best.New && m.Count * 2 > best.Count)) continue;
            var conversation = conversations.First(c => c.Id == best.New);
            if (conversation.Span?.First is not { } lo || conversation.Span.Last is not { } hi) continue;
            var stored = Convert.ToInt64(await db.ScalarAsync(
                "SELECT COUNT(*) FROM ingest_messages WHERE conversation_id = @id AND missing_since_read_out_id IS NULL AND sent_at >= @lo AND sent_at <= @hi", ct,
                ("id", best.Old), ("lo", db.Instant(lo)), ("hi", db.Instant(hi))), CultureInfo.InvariantCulture);
            if (best.Count * 2 < stored) continue; // less than half of what the stored chat held in that span
            claimed.Add(best.Old);
            result.Add(new ConversationRename(conversation.StorageKey, others[best.Old], best.Count));
        }
        return result;
    }

    private static async Task<List<SenderRename>> SendersAsync(Sql db, Renames renames, IReadOnlyList<Conversation> conversations, CancellationToken ct)
    {
        var byId = conversations.ToDictionary(c => c.Id);
        var pairs = new List<(Conversation Conversation, string ExportName, string StoredName, long Count)>();
        await using (var r = await db.ReaderAsync(
                         "SELECT g.conversation_id, s.sender, g.sender, COUNT(*) FROM gone g " +
                         "JOIN staged s ON s.conversation_id = g.conversation_id AND s.sent_at = g.sent_at AND s.deleted = g.deleted AND s.text = g.text " +
                         "AND s.new_id IS NOT NULL AND s.sender <> g.sender GROUP BY g.conversation_id, s.sender, g.sender", ct))
        {
            while (await r.ReadAsync(ct))
            {
                if (!byId.TryGetValue(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), out var conversation)) continue;
                var exportName = r.GetString(1);
                // The stored row keeps the name as read; its identity may already be an earlier name.
                var storedName = renames.Sender(conversation.StorageKey, r.GetString(2));
                if (storedName == exportName || renames.Sender(conversation.StorageKey, exportName) != exportName) continue;
                pairs.Add((conversation, exportName, storedName, Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture)));
            }
        }
        var result = new List<SenderRename>();
        foreach (var inConversation in pairs.GroupBy(p => p.Conversation.Id))
        {
            var merged = inConversation.GroupBy(p => (p.ExportName, p.StoredName)).Select(g => (g.Key.ExportName, g.Key.StoredName, Count: g.Sum(p => p.Count))).ToList();
            var conversation = inConversation.First().Conversation;
            foreach (var candidate in merged)
            {
                // One to one, the old name gone from this export, the new name never stored in this chat.
                if (merged.Count(p => p.ExportName == candidate.ExportName) != 1 || merged.Count(p => p.StoredName == candidate.StoredName) != 1) continue;
                if (conversation.Participants.Contains(candidate.StoredName, StringComparer.Ordinal)) continue;
                var storedUnderNewName = Convert.ToInt64(await db.ScalarAsync(
                    "SELECT COUNT(*) FROM ingest_messages WHERE conversation_id = @id AND sender = @name", ct,
                    ("id", conversation.Id), ("name", candidate.ExportName)), CultureInfo.InvariantCulture);
                if (storedUnderNewName > 0) continue;
                result.Add(new SenderRename(conversation.StorageKey, candidate.ExportName, candidate.StoredName, candidate.Count));
            }
        }
        return result;
    }

    private static string Ids(IEnumerable<long> ids) => string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
}
