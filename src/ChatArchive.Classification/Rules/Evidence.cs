using ChatArchive.Classification.Lexicons;
using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Rules;

/// <summary>What one message's text shows, before any rule decides: summed weights per group and the entries that fired.</summary>
public sealed class Evidence
{
    private readonly double[] _special = new double[SpecialIndex.Count];

    public double Private { get; private set; }
    public double PartyPolitical { get; private set; }
    public double Business { get; private set; }
    public double InFunction { get; private set; }
    /// <summary>Workplaces named in passing; not business content by themselves.</summary>
    public double Workplace { get; private set; }
    /// <summary>Words that react to the message before (sympathy, shock, concern); no evidence for a label.</summary>
    public double Reaction { get; private set; }
    /// <summary>Number of words (tokens) in the message.</summary>
    public int Words { get; private set; }
    public bool IsAcknowledgement { get; private set; }
    public int BsnCount { get; private set; }
    public bool HasQuestion { get; private set; }

    /// <summary>Indices (into the matcher's entries) of each entry that fired, once each, in order of appearance.</summary>
    public List<int> Fired { get; } = new(8);

    public double Special(int index) => _special[index];

    /// <summary>Whether any special-category word fired (weak ones too).</summary>
    public bool AnySpecial
    {
        get
        {
            foreach (var w in _special)
            {
                if (w > 0) return true;
            }
            return false;
        }
    }

    /// <summary>Fills this evidence from a tokenized message and its hits.</summary>
    internal void Collect(string text, TokenBuffer tokens, List<LexiconHit> hits, IReadOnlyList<LexiconEntry> entries, int[] specialIndexOf, int maxAcknowledgementWords)
    {
        Private = PartyPolitical = Business = InFunction = Workplace = Reaction = 0;
        Words = tokens.Count;
        Array.Clear(_special);
        Fired.Clear();
        ulong covered = 0;
        foreach (var hit in hits)
        {
            var entry = entries[hit.EntryIndex];
            if (entry.Category.Group == CategoryGroup.Acknowledgement)
            {
                for (var t = hit.FirstToken; t < hit.FirstToken + hit.TokenCount && t < 64; t++) covered |= 1UL << t;
                continue;
            }
            if (Fired.Contains(hit.EntryIndex)) continue;
            Fired.Add(hit.EntryIndex);
            switch (entry.Category.Group)
            {
                case CategoryGroup.Private: Private += entry.Weight; break;
                case CategoryGroup.PartyPolitical: PartyPolitical += entry.Weight; break;
                case CategoryGroup.Business: Business += entry.Weight; break;
                case CategoryGroup.InFunction: InFunction += entry.Weight; Business += entry.Weight; break;
                case CategoryGroup.Workplace: Workplace += entry.Weight; break;
                case CategoryGroup.Reaction: Reaction += entry.Weight; break;
                case CategoryGroup.SpecialCategory: _special[specialIndexOf[hit.EntryIndex]] += entry.Weight; break;
            }
        }
        // "ok", "👍", "bel je zo": every word is an acknowledgement word, or there are no words at all.
        IsAcknowledgement = tokens.Count == 0
            ? !string.IsNullOrWhiteSpace(text)
            : tokens.Count <= maxAcknowledgementWords && covered == (tokens.Count == 64 ? ulong.MaxValue : (1UL << tokens.Count) - 1);
        BsnCount = Detection.BsnDetector.CountBsns(text);
        HasQuestion = text.Contains('?');
    }
}
