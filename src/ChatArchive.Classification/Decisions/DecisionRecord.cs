using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Decisions;

/// <summary>One decision on one message: what, by whom, when (STYLE.md: every step leaves an event a person can read later).</summary>
public sealed record DecisionRecord(DecisionKind Kind, string ByUserId, string ByRole, DateTimeOffset At, MessageLabel? Label, string? Note);
