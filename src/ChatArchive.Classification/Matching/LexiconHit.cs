namespace ChatArchive.Classification.Matching;

/// <summary>An entry that fired: its index in the matcher, and the words it covered.</summary>
public readonly record struct LexiconHit(int EntryIndex, int FirstToken, int TokenCount);
