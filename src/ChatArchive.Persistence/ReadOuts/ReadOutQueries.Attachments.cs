using System.Globalization;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>An attachment of a message by name; <see cref="Present"/> is false when the export named it without the file.</summary>
public sealed record AttachmentName(string FileName, bool Present);

public sealed partial class ReadOutQueries
{
    /// <summary>
    /// The attachments by name of those of <paramref name="messageIds"/> that belong to this read-out, in the export's
    /// order; a message without attachments is left out. A removed message has none (its attachments are purged).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<AttachmentName>>> AttachmentsAsync(long readOutId, IReadOnlyCollection<long> messageIds, CancellationToken ct = default)
    {
        var result = new Dictionary<long, IReadOnlyList<AttachmentName>>();
        if (messageIds.Count == 0) return result;
        var ids = string.Join(",", messageIds.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        await using var s = await service.BeginAsync(ct);
        await using (var r = await s.Db.ReaderAsync(
            "SELECT a.message_id, a.file_name, a.present FROM ingest_attachments a JOIN ro_messages m ON m.message_id = a.message_id AND m.read_out_id = @ro " +
            $"WHERE a.message_id IN ({ids}) ORDER BY a.message_id, a.ordinal", ct, ("ro", readOutId)))
        {
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt64(0);
                if (!result.TryGetValue(id, out var list)) result[id] = list = new List<AttachmentName>();
                ((List<AttachmentName>)list).Add(new AttachmentName(r.GetString(1), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture) != 0));
            }
        }
        await s.CommitAsync(ct);
        return result;
    }
}
