namespace ChatArchive.Classification.Lexicons;

/// <summary>
/// The lexicons in force, in order: shipped first, then department files. A later entry with the
/// same term and category replaces an earlier one, so a department can lower or raise a weight.
/// </summary>
public sealed class LexiconSet
{
    private LexiconSet(IReadOnlyList<Lexicon> lexicons, IReadOnlyList<LexiconEntry> entries)
    {
        Lexicons = lexicons;
        Entries = entries;
    }

    public IReadOnlyList<Lexicon> Lexicons { get; }

    /// <summary>The effective entries after overrides.</summary>
    public IReadOnlyList<LexiconEntry> Entries { get; }

    /// <summary>"nl-standaard 1.0.0, en-standard 1.0.0, ..." for reports.</summary>
    public string Describe() => string.Join(", ", Lexicons.Select(l => $"{l.Id} {l.Version}"));

    public static LexiconSet Create(IEnumerable<Lexicon> lexicons)
    {
        var list = lexicons.ToList();
        var effective = new Dictionary<(string Term, string Category), LexiconEntry>();
        var order = new List<(string, string)>();
        foreach (var entry in list.SelectMany(l => l.Entries))
        {
            var key = (entry.Term, entry.Category.Name);
            if (!effective.ContainsKey(key)) order.Add(key);
            effective[key] = entry;
        }
        return new LexiconSet(list, order.Select(k => effective[k]).ToList());
    }

    /// <summary>The shipped lists, plus the department folder when given.</summary>
    public static LexiconSet Load(string? departmentFolder = null)
    {
        var lexicons = new List<Lexicon>(LexiconLoader.LoadShipped());
        if (departmentFolder is not null) lexicons.AddRange(LexiconLoader.LoadFolder(departmentFolder));
        return Create(lexicons);
    }
}
