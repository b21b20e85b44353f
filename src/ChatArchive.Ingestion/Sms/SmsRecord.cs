using ChatArchive.Domain.Messages;

namespace ChatArchive.Ingestion.Sms;

/// <summary>One <c>&lt;sms&gt;</c> or <c>&lt;mms&gt;</c> as the canonical model needs it, with the conversation it belongs to.</summary>
internal sealed record SmsRecord(
    string ConversationKey,
    string Title,
    bool IsGroup,
    IReadOnlyList<string> Participants,
    CanonicalMessage Message,
    long Line);
