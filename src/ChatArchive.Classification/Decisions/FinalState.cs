namespace ChatArchive.Classification.Decisions;

/// <summary>What happened to the message at step 7 (Handreiking §2.2.2), per the department's cleaning mode.</summary>
public enum FinalState
{
    Kept,
    Removed,
    Marked,
}
