using System.Globalization;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>One read-out as the department's list shows it: its state, the officeholder's function title and the first and last message sent.</summary>
public sealed record ReadOutListItem(ReadOutState State, string Officeholder, DateTimeOffset? FirstMessageAt, DateTimeOffset? LastMessageAt);

public sealed record ReadOutListPage(long Total, IReadOnlyList<ReadOutListItem> Items);

public sealed partial class ReadOutQueries
{
    /// <summary>
    /// One page of read-outs, newest first; <paramref name="departmentId"/> (null = every department) and
    /// <paramref name="stage"/> narrow it. The total counts the whole filtered list; only the page's rows are read.
    /// </summary>
    public async Task<ReadOutListPage> PageAsync(long? departmentId, ReadOutStage? stage, int page, int pageSize, CancellationToken ct = default)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var skip = (long)(Math.Max(1, page) - 1) * size;
        await using var s = await service.BeginAsync(ct);
        var where = (departmentId is null ? "1 = 1" : "r.department_id = @d") + (stage is null ? "" : " AND r.stage = @s");
        (string, object?)[] args = [("d", departmentId ?? 0), ("s", stage?.ToString() ?? ""), ("n", size), ("k", skip)];
        var total = Convert.ToInt64(await s.Db.ScalarAsync($"SELECT COUNT(*) FROM ro_read_outs r WHERE {where}", ct, args), CultureInfo.InvariantCulture);
        var rows = new List<(long Id, string Name)>();
        await using (var r = await s.Db.ReaderAsync(
            $"SELECT r.id, o.display_name FROM ro_read_outs r JOIN officeholders o ON o.id = r.officeholder_id WHERE {where} ORDER BY r.id DESC LIMIT @n OFFSET @k", ct, args))
        {
            while (await r.ReadAsync(ct)) rows.Add((r.GetInt64(0), r.GetString(1)));
        }
        var items = new List<ReadOutListItem>(rows.Count);
        foreach (var (id, name) in rows)
        {
            var state = (await service.StateAsync(s.Db, id, ct))!;
            DateTimeOffset? first = null, last = null;
            await using (var r = await s.Db.ReaderAsync(
                "SELECT MIN(i.sent_at), MAX(i.sent_at) FROM ro_messages m JOIN ingest_messages i ON i.id = m.message_id WHERE m.read_out_id = @ro", ct, ("ro", id)))
            {
                if (await r.ReadAsync(ct) && !r.IsDBNull(0))
                {
                    first = s.Db.ReadInstant(r, 0, null);
                    last = s.Db.ReadInstant(r, 1, null);
                }
            }
            items.Add(new ReadOutListItem(state, name, first, last));
        }
        await s.CommitAsync(ct);
        return new ReadOutListPage(total, items);
    }
}
