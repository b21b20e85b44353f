namespace ChatArchive.Ingestion.Formats;

/// <summary>
/// The sender name for the exporting account's own messages where the export writes no name of its own.
/// signal-export and imessage-exporter write "Me" themselves; SMS Backup &amp; Restore only has a direction
/// (type 2 = sent), so the same word keeps the formats alike.
/// </summary>
public static class OwnAccount
{
    public const string Sender = "Me";
}
