namespace ChatArchive.Classification.Lexicons;

/// <summary>
/// One word or pattern: <see cref="Term"/> is one or more words separated by spaces; a word ending
/// in <c>*</c> matches every word that starts with it; a single word starting with <c>*</c> matches
/// every word that ends with it (Dutch compounds: <c>*operatie</c> finds "rugoperatie"). Matching ignores case, accents and punctuation,
/// so "burn-out" and "Burn out" are the same term. A negative weight cancels evidence
/// ("niet als staatssecretaris" against "als staatssecretaris").
/// </summary>
public sealed record LexiconEntry(string Term, LexiconCategory Category, double Weight, string LexiconId)
{
    /// <summary>How the classifier names the entry that fired, e.g. <c>nl-standaard: 'gefeliciteerd'</c>.</summary>
    public string Source => $"{LexiconId}: '{Term}'";
}
