using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>WhatsApp for Android: "dd-mm-yyyy hh:mm - Naam: tekst", minute precision, notices without author (FORMATS.md §1.2, §1.6).</summary>
public sealed class AndroidTextReader() : WhatsAppTextReader(WhatsAppPlatform.Android)
{
    public override string Format => ExportFormats.WhatsAppAndroid;
}
