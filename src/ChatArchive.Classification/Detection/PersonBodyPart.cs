using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Detection;

/// <summary>
/// An identifiable person's body part ("haar knieën", "zijn enkel", "met haar longen", "my shoulder"): the pattern "someone +
/// attribute" for health (AVG art. 9), where the complaint itself is said in everyday words a list cannot hold ("mijn knie zegt
/// nee", "weer in het verpleeghuis, met haar longen"). A possessive directly before a word of the body-part families (stems, so
/// plurals and compounds of the first part count: knieën, knieschijf, schouderblad). "Achter zijn rug" is a figure of speech.
/// Reads the folded tokens of the rule stage and allocates nothing.
/// </summary>
public static class PersonBodyPart
{
    public static bool Detect(TokenBuffer tokens)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (!IsPossessive(tokens[i])) continue;
            var part = tokens[i + 1];
            if (!IsBodyPart(part)) continue;
            if (part is "rug" or "back" && i > 0 && tokens[i - 1] is "achter" or "behind") continue;
            return true;
        }
        return false;
    }

    private static bool IsPossessive(ReadOnlySpan<char> t) =>
        t.Length <= 5 && t is "mijn" or "zijn" or "haar" or "je" or "jouw" or "uw" or "my" or "his" or "her" or "your";

    private static bool IsBodyPart(ReadOnlySpan<char> t) =>
        t.StartsWith("knie") || t.StartsWith("enkel") || t.StartsWith("schouder") || t.StartsWith("heup") || t.StartsWith("elleboog")
        || t.StartsWith("meniscus") || t.StartsWith("achillespees") || t.StartsWith("galblaas") || t.StartsWith("blindedarm")
        || t.StartsWith("shoulder") || t.StartsWith("knee") || t.StartsWith("ankle") || t.StartsWith("wrist") || t.StartsWith("elbow")
        || t is "long" or "longen" or "rug" or "nek" or "pols" or "polsen" or "kuit" or "kuiten" or "hip" or "hips" or "lungs" or "back"
            or "gallbladder" or "appendix" or "hamstring";
}
