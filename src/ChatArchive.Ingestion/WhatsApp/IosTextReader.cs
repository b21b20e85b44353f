using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>WhatsApp for iOS: "[dd-mm-yyyy hh:mm:ss] Naam: tekst" in _chat.txt, notices with a name in the author slot (FORMATS.md §1.2, §1.6).</summary>
public sealed class IosTextReader() : WhatsAppTextReader(WhatsAppPlatform.Ios)
{
    public override string Format => ExportFormats.WhatsAppIos;
}
