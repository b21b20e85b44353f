using System.Globalization;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>
/// Brings the stored fingerprints of an officeholder's conversations on one channel to <see cref="Fingerprint.Scheme"/>
/// (migration 0111) before a read-out is merged. A conversation stored with another scheme gets every message's and
/// system event's fingerprint recomputed from what is stored (sender, instant, text, deletion flag; kind, actor, text),
/// and its occurrence numbers counted again per new fingerprint in the order the merge counts them (time, then the
/// old occurrence, then storage order). Runs inside the read-out's transaction: all of it or nothing.
/// A message whose text and sender were removed by cleaning (both empty) cannot be recomputed and keeps its old
/// fingerprint: after a scheme change it would come back as new once, at the next read-out that holds it.
/// Instants are recomputed at the stored precision (PostgreSQL microseconds, SQLite milliseconds); every reader so far
/// gives whole seconds or milliseconds.
/// </summary>
internal static class FingerprintSchemeUpgrade
{
    /// <summary>The number of conversations brought to the current scheme.</summary>
    public static async Task<int> RunAsync(Sql db, (string, object?)[] key, CancellationToken ct)
    {
        var old = new List<long>();
        await using (var r = await db.ReaderAsync(
                         "SELECT id FROM ingest_conversations WHERE officeholder_id = @o AND channel = @c AND fingerprint_scheme <> @s ORDER BY id", ct,
                         [.. key, ("s", Fingerprint.Scheme)]))
        {
            while (await r.ReadAsync(ct)) old.Add(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture));
        }
        foreach (var conversation in old)
        {
            await RenumberAsync(db, conversation, "ingest_messages",
                "SELECT id, sender, sent_at, text, deleted FROM ingest_messages WHERE conversation_id = @id AND " + Recomputable + " ORDER BY sent_at, occurrence, id",
                Recomputable,
                r => Fingerprint.Of(r.GetString(1), db.ReadInstant(r, 2, null)!.Value, r.GetString(3), Convert.ToBoolean(r.GetValue(4), CultureInfo.InvariantCulture)),
                ct);
            await RenumberAsync(db, conversation, "ingest_system_events",
                "SELECT id, actor, at, kind, text FROM ingest_system_events WHERE conversation_id = @id ORDER BY at, occurrence, id",
                "1 = 1",
                r => Fingerprint.Of(new SystemEvent(SystemEventKinds.FromWire(r.GetString(3)), db.ReadInstant(r, 2, null)!.Value,
                    r.IsDBNull(1) ? null : r.GetString(1), r.GetString(4))),
                ct);
            await db.ExecAsync("UPDATE ingest_conversations SET fingerprint_scheme = @s WHERE id = @id", ct, ("s", Fingerprint.Scheme), ("id", conversation));
        }
        return old.Count;
    }

    /// <summary>Messages whose identity is still stored: not emptied by cleaning.</summary>
    private const string Recomputable = "NOT (sender = '' AND text = '')";

    private static async Task RenumberAsync(Sql db, long conversation, string table, string select, string which,
        Func<System.Data.Common.DbDataReader, Fingerprint> fingerprint, CancellationToken ct)
    {
        var rows = new List<(long Id, Fingerprint Fp)>();
        await using (var r = await db.ReaderAsync(select, ct, ("id", conversation)))
        {
            while (await r.ReadAsync(ct)) rows.Add((Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), fingerprint(r)));
        }
        if (rows.Count == 0) return;
        // Old identities out of the way first (negative occurrences stay unique as the old ones were), then the new ones.
        await db.ExecAsync($"UPDATE {table} SET occurrence = -1 - occurrence WHERE conversation_id = @id AND {which}", ct, ("id", conversation));
        var occurrences = new Dictionary<Fingerprint, int>();
        foreach (var (id, fp) in rows)
        {
            occurrences.TryGetValue(fp, out var n);
            occurrences[fp] = n + 1;
            await db.ExecAsync($"UPDATE {table} SET fingerprint = @f, occurrence = @n WHERE id = @id", ct, ("f", fp.ToBytes()), ("n", n), ("id", id));
        }
    }
}
