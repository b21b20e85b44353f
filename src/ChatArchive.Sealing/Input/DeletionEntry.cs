using ChatArchive.Domain.Messages;

namespace ChatArchive.Sealing.Input;

/// <summary>
/// Proof of lawful deletion for one removed message: who decided, who validated, when — never its text,
/// sender or participants (Handreiking §2.2.2 steps 4-7; AVG data minimisation).
/// </summary>
public sealed record DeletionEntry(
    string Fingerprint,
    MessageLabel Label,
    DateTimeOffset MessageSent,
    string ReviewedBy,
    DateTimeOffset ReviewedAt,
    string? ValidatedBy,
    DateTimeOffset? ValidatedAt);
