using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence.Ingestion;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>What a read-out's exports brought in: messages first seen in them and the conversations those belong to.</summary>
public sealed record ReadInCounts(long Messages, long Conversations);

/// <summary>One conversation of a read-out with its counts (the title is a name: callers decide who may see it).</summary>
public sealed record ConversationSummary(long Id, string Title, bool IsGroup, long Messages, long Undecided, long Marked, long SpecialCategory);

/// <summary>Filters of the message list; all optional. <see cref="IncludeText"/> false leaves text and sender out (auditors, archivists).</summary>
public sealed record MessageQuery(
    int Page = 1,
    int PageSize = 100,
    MessageLabel? Suggested = null,
    bool? SpecialCategory = null,
    bool? Undecided = null,
    string? Contact = null,
    string? Text = null,
    long? ConversationId = null,
    bool? AwaitingValidation = null,
    bool IncludeText = true,
    IReadOnlyCollection<string>? Statuses = null);

public sealed record MessageView(
    long Id,
    long ConversationId,
    string Contact,
    string? Sender,
    DateTimeOffset SentAt,
    string? Text,
    MessageLabel SuggestedLabel,
    double Confidence,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Categories,
    bool ConversationExcluded,
    string Status,
    MessageLabel? Label,
    string? Note,
    string? DecidedBy,
    bool? ValidationAgrees,
    string? ValidationNote,
    string? FinalState);

public sealed record MessagePage(long Total, int Page, int PageSize, IReadOnlyList<MessageView> Items);

/// <summary>The read side of the read-out life cycle for the API: lists, paged and filtered; one snapshot per call.</summary>
public sealed partial class ReadOutQueries(DatabaseOptions options, ReadOutService service)
{
    public const int MaxPageSize = 500;
    private bool Pg => options.Provider == DatabaseProvider.PostgreSql;

    /// <summary>Read-outs, newest first; <paramref name="departmentId"/> and <paramref name="officeholderId"/> narrow the list when given.</summary>
    public async Task<IReadOnlyList<ReadOutState>> ListAsync(long? departmentId, long? officeholderId, CancellationToken ct = default)
    {
        await using var s = await service.BeginAsync(ct);
        var ids = new List<long>();
        var where = (departmentId is null ? "1 = 1" : "department_id = @d") + (officeholderId is null ? "" : " AND officeholder_id = @o");
        await using (var r = await s.Db.ReaderAsync($"SELECT id FROM ro_read_outs WHERE {where} ORDER BY id DESC LIMIT 1000", ct,
            ("d", departmentId ?? 0), ("o", officeholderId ?? 0)))
        {
            while (await r.ReadAsync(ct)) ids.Add(r.GetInt64(0));
        }
        var list = new List<ReadOutState>(ids.Count);
        foreach (var id in ids) list.Add((await service.StateAsync(s.Db, id, ct))!);
        await s.CommitAsync(ct);
        return list;
    }

    public async Task<IReadOnlyList<ConversationSummary>> ConversationsAsync(long readOutId, CancellationToken ct = default)
    {
        await using var s = await service.BeginAsync(ct);
        var list = new List<ConversationSummary>();
        await using (var r = await s.Db.ReaderAsync(
            "SELECT c.id, c.title, c.is_group, COUNT(*), " +
            $"COALESCE(SUM(CASE WHEN {MessageStates.Undecided} THEN 1 ELSE 0 END), 0), " +
            $"COALESCE(SUM(CASE WHEN {MessageStates.Label} IS NOT NULL AND {MessageStates.Label} <> 'Business' THEN 1 ELSE 0 END), 0), " +
            "COALESCE(SUM(CASE WHEN m.special_category THEN 1 ELSE 0 END), 0) " +
            $"FROM {MessageStates.From} JOIN ingest_conversations c ON c.id = m.conversation_id WHERE m.read_out_id = @ro GROUP BY c.id, c.title, c.is_group ORDER BY c.id", ct, ("ro", readOutId)))
        {
            while (await r.ReadAsync(ct))
            {
                list.Add(new ConversationSummary(r.GetInt64(0), r.GetString(1), Convert.ToBoolean(r.GetValue(2), CultureInfo.InvariantCulture),
                    Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture),
                    Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(6), CultureInfo.InvariantCulture)));
            }
        }
        await s.CommitAsync(ct);
        return list;
    }

    /// <summary>
    /// How many messages and conversations the read-out's exports brought in. Known from stage Ingested on, before the
    /// suggestions are stored (stage Suggested), which <see cref="ConversationsAsync"/> and the read-out's counts wait for.
    /// </summary>
    public async Task<ReadInCounts> ReadInAsync(long readOutId, CancellationToken ct = default)
    {
        await using var s = await service.BeginAsync(ct);
        ReadInCounts counts;
        await using (var r = await s.Db.ReaderAsync(
            $"SELECT COUNT(*), COUNT(DISTINCT m.conversation_id) FROM ingest_messages m WHERE {ReadOutService.BroughtIn}", ct, ("ro", readOutId)))
        {
            await r.ReadAsync(ct);
            counts = new ReadInCounts(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture));
        }
        await s.CommitAsync(ct);
        return counts;
    }

    public async Task<IReadOnlyList<FindingView>> FindingsAsync(long readOutId, CancellationToken ct = default)
    {
        await using var s = await service.BeginAsync(ct);
        var list = await ReadOutService.FindingsAsync(s.Db, readOutId, ct);
        await s.CommitAsync(ct);
        return list;
    }

    public async Task<MessagePage> MessagesAsync(long readOutId, MessageQuery q, CancellationToken ct = default)
    {
        var page = Math.Max(1, q.Page);
        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var where = new StringBuilder("m.read_out_id = @ro");
        var p = new List<(string, object?)> { ("ro", readOutId) };
        if (q.Suggested is { } sl)
        {
            where.Append(" AND m.suggested_label = @sl");
            p.Add(("sl", sl.ToString()));
        }
        if (q.SpecialCategory is { } sc)
        {
            where.Append(sc ? " AND m.special_category" : " AND NOT m.special_category");
        }
        if (q.Undecided is { } u)
        {
            where.Append(u ? " AND " + MessageStates.Undecided : " AND NOT " + MessageStates.Undecided);
        }
        if (q.AwaitingValidation is true)
        {
            where.Append(" AND " + MessageStates.AwaitingValidation);
        }
        if (q.Statuses is { Count: > 0 } statuses)
        {
            where.Append(" AND " + MessageStates.Status + " IN (").Append(string.Join(", ", statuses.Select((st, i) => "@st" + i.ToString(CultureInfo.InvariantCulture)))).Append(')');
            p.AddRange(statuses.Select((st, i) => ("st" + i.ToString(CultureInfo.InvariantCulture), (object?)st)));
        }
        if (q.ConversationId is { } cv)
        {
            where.Append(" AND m.conversation_id = @cv");
            p.Add(("cv", cv));
        }
        if (!string.IsNullOrWhiteSpace(q.Contact))
        {
            where.Append(" AND lower(m.contact) = lower(@ct)");
            p.Add(("ct", q.Contact.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            // Substring search, case-insensitive; LIKE's wildcards in the search text are taken literally.
            var escaped = q.Text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            where.Append(Pg ? " AND i.text ILIKE @tx ESCAPE '\\'" : " AND i.text LIKE @tx ESCAPE '\\'");
            p.Add(("tx", "%" + escaped + "%"));
        }
        // Without a text search every filter is on ro_messages (and the scope that decides its state): count there and pick
        // the page's ids there (by the index in chat order), then join only those 100 rows to their texts. Joining first
        // made PostgreSQL join and sort every message of the read-out for each page (about 1.3 s for a page deep in
        // 100,000 messages on the loaded machine). Chat order: sending time, then id (ids do not follow it).
        var textSearch = !string.IsNullOrWhiteSpace(q.Text);
        var from = textSearch
            ? $"{MessageStates.From} JOIN ingest_messages i ON i.id = m.message_id WHERE {where}"
            : $"(SELECT m.message_id FROM {MessageStates.From} WHERE {where} ORDER BY m.sent_at, m.message_id LIMIT @lim OFFSET @off) pg " +
              $"JOIN ro_messages m ON m.message_id = pg.message_id {MessageStates.Joins} JOIN ingest_messages i ON i.id = m.message_id";
        await using var s = await service.BeginAsync(ct);
        var total = Convert.ToInt64(await s.Db.ScalarAsync(
            textSearch ? $"SELECT COUNT(*) FROM {MessageStates.From} JOIN ingest_messages i ON i.id = m.message_id WHERE {where}" : $"SELECT COUNT(*) FROM {MessageStates.From} WHERE {where}",
            ct, [.. p]), CultureInfo.InvariantCulture);
        var items = new List<MessageView>(size);
        await using (var r = await s.Db.ReaderAsync(
            "SELECT m.message_id, m.conversation_id, m.contact, i.sender, i.sent_at, i.sent_offset_minutes, i.text, m.suggested_label, m.confidence, m.reasons, m.categories, " +
            $"m.excluded, {MessageStates.Status}, {MessageStates.Label}, {MessageStates.Note}, {MessageStates.DecidedBy}, m.validation_agrees, m.validation_note, m.final_state " +
            $"FROM {from} ORDER BY m.sent_at, m.message_id" + (textSearch ? " LIMIT @lim OFFSET @off" : ""), ct,
            [.. p, ("lim", size), ("off", (long)(page - 1) * size)]))
        {
            while (await r.ReadAsync(ct))
            {
                items.Add(new MessageView(
                    r.GetInt64(0), r.GetInt64(1), r.GetString(2), q.IncludeText ? r.GetString(3) : null,
                    s.Db.ReadInstant(r, 4, Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture))!.Value, q.IncludeText ? r.GetString(6) : null,
                    Enum.Parse<MessageLabel>(r.GetString(7)), r.GetDouble(8),
                    JsonSerializer.Deserialize<List<string>>(r.GetString(9)) ?? [], JsonSerializer.Deserialize<List<string>>(r.GetString(10)) ?? [],
                    Convert.ToBoolean(r.GetValue(11), CultureInfo.InvariantCulture), r.GetString(12), r.IsDBNull(13) ? null : Enum.Parse<MessageLabel>(r.GetString(13)),
                    r.IsDBNull(14) ? null : r.GetString(14), r.IsDBNull(15) ? null : r.GetString(15),
                    r.IsDBNull(16) ? null : Convert.ToBoolean(r.GetValue(16), CultureInfo.InvariantCulture), r.IsDBNull(17) ? null : r.GetString(17),
                    r.IsDBNull(18) ? null : r.GetString(18)));
            }
        }
        await s.CommitAsync(ct);
        return new MessagePage(total, page, size, items);
    }
}
