namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// Something a person must know about a read-out (issue 3 §4; Kamervragen 2024Z13765, answer 7: "nobody can tell
/// whether chat messages were deleted"). <see cref="Detail"/> never holds message text.
/// </summary>
public sealed record Finding(string Kind, DateTimeOffset? At, string? Actor, string Detail, string? ConversationKey = null);

/// <summary>Stable kebab-case kinds (the <c>kind</c> field of the CLI's JSON).</summary>
public static class FindingKinds
{
    public const string DeletedForEveryone = "deleted-for-everyone";
    public const string DisappearingOn = "disappearing-on";
    public const string MissingSinceReadOut = "missing-since-read-out";
    public const string SpanCovered = "span-covered";
    public const string DaysSincePreviousReadOut = "days-since-previous-read-out";
    public const string DateOrderAssumed = "date-order-assumed";
    public const string UnknownNotice = "unknown-notice";
    public const string SuggestedPrivate = "suggested-private";
    public const string ConversationRenamed = "conversation-renamed";
    public const string SenderRenamed = "sender-renamed";
}
