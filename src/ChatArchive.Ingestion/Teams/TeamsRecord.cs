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
}
