using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Decisions;

/// <summary>
/// What remains of a removed message (ARCHITECTURE.md "Data and its life": a deletion record that
/// holds no private content): its id and fingerprint, the label, who decided and validated, and when.
/// Never the text, the sender or the conversation's title.
/// </summary>
public sealed record RemovalRecord(
    string MessageId,
    string Fingerprint,
    MessageLabel Label,
    string ReviewedBy,
    DateTimeOffset ReviewedAt,
    string? ValidatedBy,
    DateTimeOffset? ValidatedAt,
    string RemovedBy,
    DateTimeOffset RemovedAt);
