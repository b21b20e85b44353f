using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Teams;

/// <summary>One chatMessage reduced to what the canonical model needs, held until the whole export is sorted.</summary>
internal sealed class TeamsRecord(string id, string chatKey, DateTimeOffset created, DateTimeOffset modified, ExportItem item, string? renamedTo)
{
    public string Id { get; } = id;
    public long NumericId { get; } = TeamsGraphReader.ParseNumericId(id);
    public string ChatKey { get; } = chatKey;
    public DateTimeOffset Created { get; } = created;
    public DateTimeOffset Modified { get; } = modified;
    public ExportItem Item { get; } = item;
    public string? RenamedTo { get; } = renamedTo;
    public TeamsChatPosition Position => new(Created, NumericId, Id);

    /// <summary>Position in read order (0, 1, 2 …): decides which of two versions with the same lastModifiedDateTime wins (the first read).</summary>
    public long Sequence { get; set; }

    /// <summary>
    /// Rough heap size, so that a run is cut by bytes as well as by count: one long message must not let a run of
    /// short ones grow without bound. Strings count two bytes per char plus object headers; the rest is a flat overhead.
    /// </summary>
    public long EstimatedBytes
    {
        get
        {
            long bytes = 256 + Chars(Id) + Chars(RenamedTo);
            switch (Item)
            {
                case MessageRead m:
                    bytes += 160 + Chars(m.Message.Text) + Chars(m.Message.SourceId) + Chars(m.Message.ReplyToSourceId);
                    foreach (var a in m.Message.Attachments)
                    {
                        bytes += 96 + Chars(a.FileName) + Chars(a.MediaType) + Chars(a.Sha256);
                    }
                    break;
                case SystemEventRead e:
                    bytes += 128 + Chars(e.Event.Actor) + Chars(e.Event.Text);
                    break;
            }
            return bytes;
        }
    }

    private static long Chars(string? s) => s is null ? 0 : 24 + 2L * s.Length;
}
