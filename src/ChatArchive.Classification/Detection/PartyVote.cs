using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Detection;

/// <summary>
/// A person's vote in everyday phrasing that a word list cannot see because words stand between the verb and its
/// object ("hij stemt gewoon elke keer op de VVD", "she voted for them again"): political opinion of an identifiable
/// person (AVG art. 9). A vote of parliament or a council ("de Kamer stemt dinsdag over de motie") is not a person's
/// opinion: a message naming such a body or its instruments says nothing here. Reads the folded tokens of the rule
/// stage and allocates nothing.
/// </summary>
public static class PartyVote
{
    /// <summary>"op" / "for" at most this many words after the verb (three words between: "stemt gewoon elke keer op").</summary>
    private const int Reach = 4;

    public static bool Detect(TokenBuffer tokens)
    {
        var verbAt = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (IsInstitutional(t)) return false;
            if (t is "stemt" or "stemde" or "stemden" or "gestemd" or "stem" or "stemmen" or "votes" or "voted" or "vote" or "voting")
            {
                verbAt = i;
            }
            else if (verbAt >= 0 && i - verbAt <= Reach && t is "op" or "for")
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsInstitutional(ReadOnlySpan<char> t) =>
        t is "kamer" or "motie" or "moties" or "amendement" or "wetsvoorstel" or "voorstel" or "fractie" or "raad" or "gemeenteraad" or "staten"
            or "senaat" or "stemming" or "stemmingen" or "parliament" or "motion" or "bill" or "council" or "amendment" or "senate" or "stemlijst";
}
