namespace ChatArchive.Ingestion.Abstractions;

/// <summary>
/// Something a reader had to decide about the export as a whole, reported so a person can check it
/// (for example: the day/month order a short WhatsApp chat cannot prove). Never message content.
/// </summary>
public sealed record ExportNoteRead(string ConversationKey, string Kind, string Detail) : ExportItem(ConversationKey);

/// <summary>Stable kinds of <see cref="ExportNoteRead"/>.</summary>
public static class ExportNoteKinds
{
    public const string DateOrderAssumed = "date-order-assumed";

    /// <summary>Lines that are no message, continuation or known notice; detail "count: line, line, …" (never text).</summary>
    public const string UnknownNotice = "unknown-notice";
}
