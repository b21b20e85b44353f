using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Detection;

/// <summary>
/// Someone joins or leaves a party, or is its voter: "hij heeft zijn lidmaatschap van jouw partij opgezegd", "she quietly left
/// her party", "my brother joined the opposition party", "is al jaren kiezer van ons". The pattern "identifiable person +
/// membership" for political opinion (AVG art. 9), with the words in any order a sentence puts them. Reads the folded tokens
/// of the rule stage and allocates nothing.
/// </summary>
public static class PartyMembership
{
    /// <summary>At most this many words between "lidmaatschap" and the verb ("lidmaatschap van jouw partij opgezegd").</summary>
    private const int Reach = 6;

    public static bool Detect(TokenBuffer tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t is "lidmaatschap")
            {
                for (var j = Math.Max(0, i - 3); j < Math.Min(tokens.Count, i + Reach + 1); j++)
                {
                    if (j != i && IsEnding(tokens[j])) return true;
                }
            }
            else if (t is "left" or "quit" or "leaves")
            {
                // "left his party"; "left the party early" is a feast.
                if (i + 2 < tokens.Count && tokens[i + 1] is "his" or "her" or "their" or "my" && tokens[i + 2] is "party") return true;
            }
            else if (t is "joined" or "joins")
            {
                // "joined the Labour party", "joined the opposition party": a name or kind between; "joined the party" alone may be a feast.
                if (i + 3 < tokens.Count && tokens[i + 3] is "party") return true;
                if (i + 2 < tokens.Count && tokens[i + 2] is "party" && tokens[i + 1] is not ("the" or "a" or "our" or "your")) return true;
            }
            else if (t is "kiezer" && i + 1 < tokens.Count && tokens[i + 1] is "van")
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsEnding(ReadOnlySpan<char> t) =>
        t.StartsWith("opgezegd") || t.StartsWith("opzeg") || t.StartsWith("beeindig") || t is "stopgezet" or "opgeven" or "opgegeven";
}
