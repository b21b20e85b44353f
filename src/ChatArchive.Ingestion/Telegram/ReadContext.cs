using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Telegram;

/// <summary>What a message needs to know about the export it sits in: media paths are relative to result.json's folder.</summary>
internal sealed class ReadContext(IExportSource source, string entry, string folder)
{
    public IExportSource Source { get; } = source;
    public string Entry { get; } = entry;
    public string Folder { get; } = folder;
    public int Dialogs { get; set; }

    /// <summary>The wall-clock reading of the current dialog; file order within a dialog decides the autumn overlap (FORMATS.md §1.7).</summary>
    public AmsterdamClock Clock { get; set; } = new();
}
