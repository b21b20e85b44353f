using ChatArchive.Persistence;
using ChatArchive.Persistence.Tests.ReadOuts;

namespace ChatArchive.Persistence.Tests.Ingest;

/// <summary>
/// Rows as a database holds them before an ingest migration under test: a department with two officeholders, a read-out
/// and a conversation of the first, and stored messages written with plain SQL (the store of that time is not at hand).
/// </summary>
internal sealed class IngestUpgradeData(DatabaseOptions db, bool pg)
{
    public long Minister { get; private set; }
    public long Other { get; private set; }
    public long ReadOut { get; private set; }
    public long Conversation { get; private set; }

    public object At() => pg ? DateTime.UtcNow : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public async Task<IngestUpgradeData> SeedAsync()
    {
        var dept = await Sql.ScalarAsync(db, "INSERT INTO departments (code, name) VALUES ('OCW', 'Ministerie van Onderwijs, Cultuur en Wetenschap') RETURNING id");
        async Task<long> Officeholder(string name) => await Sql.ScalarAsync(db,
            "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, @n, 'Minister', @at) RETURNING id", ("d", dept), ("n", name), ("at", At()));
        Minister = await Officeholder("Minister van OCW");
        Other = await Officeholder("Staatssecretaris van OCW");
        ReadOut = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
            "VALUES (@o, 'whatsapp', 1, 'whatsapp-android', 'chat.txt', 'abc', @at, @at) RETURNING id", ("o", Minister), ("at", At()));
        Conversation = await Sql.ScalarAsync(db,
            "INSERT INTO ingest_conversations (officeholder_id, channel, conversation_key, title, is_group, participants, first_read_out_id, last_read_out_id) " +
            "VALUES (@o, 'whatsapp', 'chat', 'Overleg', @no, '[]', @ro, @ro) RETURNING id", ("o", Minister), ("no", false), ("ro", ReadOut));
        return this;
    }

    /// <summary>A stored message of <paramref name="conversation"/> naming <paramref name="officeholder"/>, with a one-byte fingerprint.</summary>
    public Task<long> MessageAsync(long conversation, long officeholder, byte fingerprint) => Sql.ScalarAsync(db,
        "INSERT INTO ingest_messages (conversation_id, officeholder_id, fingerprint, occurrence, sender, sent_at, sent_offset_minutes, sent_day, digest_a, digest_b, text, edited, deleted, first_read_out_id) " +
        "VALUES (@c, @o, @fp, 0, 'Afzender', @at, 60, 19800, 1, 2, 'tekst', @no, @no, @ro) RETURNING id",
        ("c", conversation), ("o", officeholder), ("fp", new[] { fingerprint }), ("at", At()), ("no", false), ("ro", ReadOut));
}
