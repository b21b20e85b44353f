using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Decisions;

/// <summary>The information professional's current decision on a message (Handreiking §2.2.2 step 4).</summary>
public sealed record ReviewDecision(MessageLabel Label, string? Note, Actor By, DateTimeOffset At, DecisionKind Kind);
