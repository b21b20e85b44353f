namespace ChatArchive.Ingestion.IMessage;

/// <summary>One record of an imessage-exporter .txt file: a message (with its sender) or a group announcement.</summary>
internal sealed record IMessageRecord(
    DateTime WallClock,
    string? Sender,
    string Text,
    IReadOnlyList<string> AttachmentPaths,
    bool Edited,
    bool Deleted,
    bool IsAnnouncement,
    string? RenamedTo,
    long Line,
    bool DeletedFromConversation = false);
