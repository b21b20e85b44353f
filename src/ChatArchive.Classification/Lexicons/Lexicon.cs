namespace ChatArchive.Classification.Lexicons;

/// <summary>One versioned lexicon file: the shipped Dutch and English lists, or a department's own.</summary>
public sealed record Lexicon(string Id, string Version, string Language, IReadOnlyList<LexiconEntry> Entries);
