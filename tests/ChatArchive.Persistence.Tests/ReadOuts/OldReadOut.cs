using ChatArchive.Persistence;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>
/// Rows as an older schema held them, written with plain SQL for the upgrade tests: one department, officeholder, ingest
/// read-out, conversation ("Tante Ria") and read-out in review; messages added one by one. Made-up data.
/// </summary>
public sealed class OldReadOut
{
    private readonly DatabaseOptions _db;
    private readonly bool _pg;

    private OldReadOut(DatabaseOptions db) => (_db, _pg) = (db, db.Provider == DatabaseProvider.PostgreSql);

    public long Officeholder { get; private set; }
    public long Ingest { get; private set; }
    public long Conversation { get; private set; }
    public long ReadOut { get; private set; }

    /// <summary>A moment as the provider stores it (PostgreSQL timestamptz, SQLite Unix milliseconds).</summary>
    public object At(DateTimeOffset at) => _pg ? at.UtcDateTime : at.ToUnixTimeMilliseconds();

    public static async Task<OldReadOut> CreateAsync(DatabaseOptions db, DateTimeOffset at)
    {
        var o = new OldReadOut(db);
        var dept = await Sql.ScalarAsync(db, "INSERT INTO departments (code, name) VALUES ('OCW', 'Ministerie van Onderwijs, Cultuur en Wetenschap') RETURNING id");
        o.Officeholder = await Sql.ScalarAsync(db, "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, 'Minister van OCW', 'Minister', @at) RETURNING id",
            ("d", dept), ("at", DateTimeOffset.UtcNow));
        o.Ingest = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
            "VALUES (@o, 'whatsapp', 1, 'whatsapp-android', 'chat.txt', 'abc', @at, @at) RETURNING id", ("o", o.Officeholder), ("at", o.At(at)));
        o.Conversation = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_conversations (officeholder_id, channel, conversation_key, title, is_group, participants, first_read_out_id, last_read_out_id) " +
            "VALUES (@o, 'whatsapp', 'k1', 'Tante Ria', @no, '[]', @i, @i) RETURNING id", ("o", o.Officeholder), ("no", false), ("i", o.Ingest));
        o.ReadOut = await Sql.ScalarAsync(db,
            "INSERT INTO ro_read_outs (officeholder_id, department_id, workflow_instance_id, activity_id, stage, policy, validator_role, created_by, created_at) " +
            "VALUES (@o, @d, 'wf-old', 'uitlezing', 'InReview', '{}', 'officeholder', 'u1', @at) RETURNING id", ("o", o.Officeholder), ("d", dept), ("at", o.At(at)));
        return o;
    }

    /// <summary>One message of the conversation and its ro_messages row (decided as private by user 7 at <paramref name="decidedAt"/> when given).</summary>
    public async Task<long> MessageAsync(byte n, DateTimeOffset sent, string status, DateTimeOffset? decidedAt)
    {
        var id = await Sql.ScalarAsync(_db,
            "INSERT INTO ingest_messages (conversation_id, officeholder_id, fingerprint, occurrence, sender, sent_at, sent_offset_minutes, sent_day, digest_a, digest_b, text, edited, deleted, first_read_out_id) " +
            "VALUES (@c, @o, @f, 0, 'Tante Ria', @at, 0, 1, 1, 2, 'tekst', @no, @no, @i) RETURNING id",
            ("c", Conversation), ("o", Officeholder), ("f", new byte[] { 1, 2, n }), ("at", At(sent)), ("no", false), ("i", Ingest));
        await Sql.ScalarAsync(_db,
            "INSERT INTO ro_messages (message_id, read_out_id, conversation_id, contact, suggested_label, confidence, reasons, categories, special_category, excluded, status, label, decided_by, decided_at) " +
            "VALUES (@m, @r, @c, 'Tante Ria', 'Private', 0.9, '[]', '[]', @no, @no, @s, @l, @by, @at) RETURNING message_id",
            ("m", id), ("r", ReadOut), ("c", Conversation), ("no", false), ("s", status), ("l", decidedAt is null ? null : "Private"),
            ("by", decidedAt is null ? null : "7"), ("at", decidedAt is { } d ? At(d) : null));
        return id;
    }
}
