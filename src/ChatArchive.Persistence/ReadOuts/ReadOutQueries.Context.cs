using System.Globalization;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>A message shown around one under validation, so the validator reads it in its conversation (sender, time, text only).</summary>
/// <remarks><see cref="Before"/>: sent before the message it surrounds (else after).</remarks>
public sealed record ContextMessage(long Id, string Sender, DateTimeOffset SentAt, string Text, bool Before);

public sealed partial class ReadOutQueries
{
    /// <summary>
    /// Up to <paramref name="each"/> messages before and after <paramref name="messageId"/> in its conversation of this read-out,
    /// in chat order, without the message itself. Nothing from a conversation excluded from the read-out (a private contact),
    /// and nothing for a message that is not in this read-out.
    /// </summary>
    public async Task<IReadOnlyList<ContextMessage>> ContextAsync(long readOutId, long messageId, int each, CancellationToken ct = default)
    {
        var n = Math.Clamp(each, 1, 10);
        await using var s = await service.BeginAsync(ct);
        // Chat order is the sending time (then the id): message ids do not follow it (PostgreSQL stores a batch in its own order).
        const string Side =
            "SELECT o.message_id FROM t, ro_messages o JOIN ingest_messages oi ON oi.id = o.message_id " +
            "WHERE o.read_out_id = @ro AND o.conversation_id = t.cv AND NOT o.excluded " +
            "AND (oi.sent_at {0} t.at OR (oi.sent_at = t.at AND o.message_id {0} @id)) ORDER BY oi.sent_at {1}, o.message_id {1} LIMIT @n";
        var sql =
            "WITH t AS (SELECT m.conversation_id AS cv, i.sent_at AS at FROM ro_messages m JOIN ingest_messages i ON i.id = m.message_id " +
            "WHERE m.read_out_id = @ro AND m.message_id = @id AND NOT m.excluded), " +
            "b AS (" + string.Format(CultureInfo.InvariantCulture, Side, "<", "DESC") + "), " +
            "a AS (" + string.Format(CultureInfo.InvariantCulture, Side, ">", "ASC") + ") " +
            "SELECT m.message_id, i.sender, i.sent_at, i.sent_offset_minutes, i.text, CASE WHEN m.message_id IN (SELECT message_id FROM b) THEN 1 ELSE 0 END " +
            "FROM ro_messages m JOIN ingest_messages i ON i.id = m.message_id WHERE m.read_out_id = @ro AND m.message_id IN (SELECT message_id FROM b UNION ALL SELECT message_id FROM a) ORDER BY i.sent_at, m.message_id";
        var list = new List<ContextMessage>(2 * n);
        await using (var r = await s.Db.ReaderAsync(sql, ct, ("ro", readOutId), ("id", messageId), ("n", n)))
        {
            while (await r.ReadAsync(ct))
            {
                list.Add(new ContextMessage(r.GetInt64(0), r.GetString(1),
                    s.Db.ReadInstant(r, 2, Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture))!.Value, r.GetString(4), Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture) == 1));
            }
        }
        await s.CommitAsync(ct);
        return list;
    }
}
