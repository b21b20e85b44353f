using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Telegram;

/// <summary>What a message needs to know about the export it sits in: media paths are relative to result.json's folder.</summary>
internal sealed class ReadContext(IExportSource source, string entry, string folder)
{
    public IExportSource Source { get; } = source;
    public string Entry { get; } = entry;
    public string Folder { get; } = folder;
    public int Dialogs { get; set; }
}
