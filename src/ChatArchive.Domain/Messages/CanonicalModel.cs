namespace ChatArchive.Domain.Messages;

// The one canonical model every export reader produces (issue 3) and that classification
// and sealing consume. Text is kept exactly as written, line breaks included.

/// <summary>A conversation as read from one export: 1:1 or group.</summary>
public sealed record CanonicalConversation(
    string Title,
    bool IsGroup,
    IReadOnlyList<string> Participants,
    IReadOnlyList<CanonicalMessage> Messages,
    IReadOnlyList<SystemEvent> SystemEvents);

/// <summary>One message. <see cref="Sent"/> carries its offset; exports without one are read as Europe/Amsterdam.</summary>
public sealed record CanonicalMessage(
    string Sender,
    DateTimeOffset Sent,
    string Text,
    IReadOnlyList<AttachmentRef> Attachments,
    bool Edited = false,
    bool Deleted = false,
    string? SourceId = null,
    string? ReplyToSourceId = null);

/// <summary>An attachment; <see cref="Present"/> is false when the export omitted the file.</summary>
public sealed record AttachmentRef(
    string FileName,
    string? MediaType,
    long? Size,
    string? Sha256,
    bool Present);

/// <summary>Notices kept apart from messages (Handreiking §2.2.2: disappearing messages must be off).</summary>
public enum SystemEventKind
{
    Other = 0,
    EncryptionNotice,
    GroupCreated,
    GroupRenamed,
    MemberAdded,
    MemberJoined,
    MemberLeft,
    MemberRemoved,
    NumberChanged,
    DisappearingOn,
    DisappearingOff,
    ViewOnce,
}

public sealed record SystemEvent(SystemEventKind Kind, DateTimeOffset At, string? Actor, string Text);

/// <summary>Labels of Handreiking §1.5.</summary>
public enum MessageLabel
{
    Business = 0,
    Private = 1,
    PartyPolitical = 2,
}

/// <summary>Channels an officeholder's business communication runs over (kebab-case names are the stable wire form).</summary>
public static class Channels
{
    public const string WhatsApp = "whatsapp";
    public const string Signal = "signal";
    public const string Sms = "sms";
    public const string IMessage = "imessage";
    public const string Telegram = "telegram";
    public const string Teams = "teams";
    public const string Email = "email";
    public const string SocialMedia = "social-media";

    public static readonly IReadOnlyList<string> All = [WhatsApp, Signal, Sms, IMessage, Telegram, Teams, Email, SocialMedia];

    public static bool IsKnown(string channel) => All.Contains(channel, StringComparer.Ordinal);
}
