namespace ChatArchive.Classification.Decisions;

/// <summary>The officeholder's or trustee's verdict on a marked message (Handreiking §2.2.2 step 6).</summary>
public sealed record ValidationDecision(bool Agrees, string? Note, Actor By, DateTimeOffset At);
