using ChatArchive.Classification.Lexicons;

namespace ChatArchive.Classification.Matching;

/// <summary>
/// Finds every lexicon entry in a tokenized message. Entries are indexed by their first word:
/// exact words in a hash table, prefix words ("feliciteer*") in a character trie, suffix words
/// ("*operatie") in a trie of reversed words, so a message costs one hash look-up and two short
/// trie walks per word whatever the size of the lexicons.
/// </summary>
public sealed class LexiconMatcher
{
    private sealed record CompiledTerm(string[] Words, bool[] IsPrefix, int EntryIndex);

    private readonly Dictionary<string, CompiledTerm[]>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly PrefixTrie<CompiledTerm> _prefix = new();
    private readonly PrefixTrie<CompiledTerm> _reversedSuffix = new();

    public LexiconMatcher(IReadOnlyList<LexiconEntry> entries)
    {
        Entries = entries;
        var exact = new Dictionary<string, List<CompiledTerm>>(StringComparer.Ordinal);
        var prefix = new Dictionary<string, List<CompiledTerm>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Term.StartsWith('*'))
            {
                var reversed = entries[i].Term[1..].ToCharArray();
                Array.Reverse(reversed);
                _reversedSuffix.Add(new string(reversed), [new CompiledTerm([entries[i].Term[1..]], [false], i)]);
                continue;
            }
            var parts = entries[i].Term.Split(' ');
            var words = parts.Select(p => p.TrimEnd('*')).ToArray();
            var isPrefix = parts.Select(p => p.EndsWith('*')).ToArray();
            var term = new CompiledTerm(words, isPrefix, i);
            var table = isPrefix[0] ? prefix : exact;
            if (!table.TryGetValue(words[0], out var list)) table[words[0]] = list = [];
            list.Add(term);
        }
        _exact = Freeze(exact).GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (key, terms) in prefix) _prefix.Add(key, terms.ToArray());
    }

    public IReadOnlyList<LexiconEntry> Entries { get; }

    /// <summary>Fills <paramref name="hits"/> with every occurrence of every entry that fires.</summary>
    public void Match(TokenBuffer tokens, List<LexiconHit> hits)
    {
        hits.Clear();
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = tokens[i];
            var before = hits.Count;
            if (_exact.TryGetValue(word, out var candidates)) Check(candidates, tokens, i, hits);
            var node = _prefix.Root;
            foreach (var c in word)
            {
                node = node.Child(c);
                if (node is null) break;
                if (node.Values is { } values) Check(values, tokens, i, hits);
            }
            node = _reversedSuffix.Root;
            for (var k = word.Length - 1; k >= 0 && node is not null; k--)
            {
                node = node.Child(word[k]);
                if (node?.Values is not { } values) continue;
                foreach (var t in values)
                {
                    // A compound head ("*beleid") also matches the bare word, unless an entry of the same category already matched that word: that one counts, not both.
                    if (k == 0 && SameCategoryAt(hits, before, t.EntryIndex)) continue;
                    hits.Add(new LexiconHit(t.EntryIndex, i, 1));
                }
            }
        }
    }

    private bool SameCategoryAt(List<LexiconHit> hits, int from, int entryIndex)
    {
        for (var h = from; h < hits.Count; h++)
        {
            if (ReferenceEquals(Entries[hits[h].EntryIndex].Category, Entries[entryIndex].Category)) return true;
        }
        return false;
    }

    private static void Check(CompiledTerm[] candidates, TokenBuffer tokens, int first, List<LexiconHit> hits)
    {
        foreach (var term in candidates)
        {
            if (first + term.Words.Length > tokens.Count) continue;
            var ok = true;
            for (var w = 1; w < term.Words.Length && ok; w++)
            {
                var token = tokens[first + w];
                ok = term.IsPrefix[w] ? token.StartsWith(term.Words[w], StringComparison.Ordinal) : token.SequenceEqual(term.Words[w]);
            }
            if (ok) hits.Add(new LexiconHit(term.EntryIndex, first, term.Words.Length));
        }
    }

    private static Dictionary<string, CompiledTerm[]> Freeze(Dictionary<string, List<CompiledTerm>> table) =>
        table.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}
