namespace ChatArchive.Classification.Lexicons;

/// <summary>A lexicon file that cannot be used. The message is Dutch and says what to fix.</summary>
public sealed class LexiconException(string message) : Exception(message);
