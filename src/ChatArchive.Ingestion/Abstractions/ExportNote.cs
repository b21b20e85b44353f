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

    /// <summary>A mail folder whose name contains "Privé" (Handreiking §2.1.1); detail: the folder name.</summary>
    public const string SuggestedPrivate = "suggested-private";
}

/// <summary>
/// What an e-mail has beyond the canonical message (issue 16, channel <c>email</c>); comes right before the
/// <see cref="MessageRead"/> it belongs to. <see cref="SuggestedPrivate"/>: the mail sits in a folder whose name
/// contains "Privé" (Handreiking §2.1.1, Gedragsregeling): a suggestion the officeholder validates, never a decision.
/// </summary>
public sealed record EmailDetailsRead(
    string ConversationKey,
    string? MessageId,
    string? ThreadId,
    string Subject,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Folder,
    bool SuggestedPrivate) : ExportItem(ConversationKey);
