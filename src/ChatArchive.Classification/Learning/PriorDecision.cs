using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Learning;

/// <summary>
/// One decision the information professional took on a message of an earlier read-out of the same
/// officeholder (after validation, the final label). <see cref="Sender"/> is the name or number the
/// export shows; <see cref="Fingerprint"/> is the message fingerprint the ingestion stored, when known.
/// Holds no message text. The read-out spine stores these and feeds them in.
/// </summary>
public sealed record PriorDecision(string Conversation, string Sender, MessageLabel Label, string? Fingerprint = null);
