using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Suggestions;

/// <summary>The part of a message the rules read. <see cref="ReplyTo"/> is the id of the message it answers, if the export says so.</summary>
public sealed record MessageToClassify(string Id, string Conversation, string Sender, string Text, string? ReplyTo = null)
{
    /// <summary>The message fingerprint the ingestion stored, when known: an earlier decision on the same message is found by it.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>From the canonical model (issue 3); <paramref name="id"/> is used when the export has no source id.</summary>
    public static MessageToClassify FromCanonical(CanonicalMessage message, string conversation, string id) =>
        new(message.SourceId ?? id, conversation, message.Sender, message.Text, message.ReplyToSourceId);
}
