using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Detection;

/// <summary>
/// A person's vote in everyday phrasing that a word list cannot see because words stand between the verb and its
/// object ("hij stemt gewoon elke keer op de VVD", "she voted for them again"): political opinion of an identifiable
/// person (AVG art. 9). A vote of parliament or a council ("de Kamer stemt dinsdag over de motie") is not a person's
/// opinion, nor is the vote of a party congress: a message naming such a body or its instruments says nothing here. Reads the folded tokens of the rule
/// stage and allocates nothing.
/// </summary>
public static class PartyVote
{
    /// <summary>"op" / "for" at most this many words after the verb (three words between: "stemt gewoon elke keer op").</summary>
    private const int Reach = 4;

    public static bool Detect(TokenBuffer tokens)
    {
        // Hot path (every message): look for the verb first with a cheap test; the list of bodies is read only after a hit.
        // Either order: "stemt ... op" and "op ... gestemd" ("ik heb altijd op uw club gestemd", "niet meer op jullie stemt");
        // the words before the verb are read only after a hit.
        var verbAt = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (verbAt >= 0 && i - verbAt <= Reach && t is "op" or "for") return !AnyInstitutional(tokens);
            if (t.Length >= 4 && t[0] is 's' or 'g' or 'v' && IsVoteVerb(t))
            {
                for (var j = Math.Max(0, i - Reach); j < i; j++)
                {
                    if (tokens[j] is "op") return !AnyInstitutional(tokens);
                }
                verbAt = i;
            }
        }
        return false;
    }

    private static bool IsVoteVerb(ReadOnlySpan<char> t) =>
        t is "stem" or "stemt" or "stemde" or "stemden" or "gestemd" or "stemmen" or "votes" or "voted" or "vote" or "voting";

    private static bool AnyInstitutional(TokenBuffer tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (IsInstitutional(tokens[i])) return true;
        }
        return false;
    }

    private static bool IsInstitutional(ReadOnlySpan<char> t) =>
        t is "kamer" or "motie" or "moties" or "amendement" or "wetsvoorstel" or "voorstel" or "fractie" or "raad" or "gemeenteraad" or "staten"
            or "senaat" or "stemming" or "stemmingen" or "parliament" or "motion" or "bill" or "council" or "amendment" or "senate" or "stemlijst"
            or "congres" or "ledenvergadering" or "ledenraadpleging";
}
