using System.Text;

namespace ChatArchive.Classification.Matching;

/// <summary>Brings a lexicon term to its canonical form: folded words separated by one space, <c>*</c> kept at a word's end (prefix) or start (suffix).</summary>
public static class TermNormalizer
{
    public static string Normalize(string term)
    {
        var sb = new StringBuilder(term.Length);
        var inWord = false;
        var pendingSuffixMark = false;
        foreach (var c in term)
        {
            if (CharFolding.IsWordChar(c))
            {
                if (!inWord && sb.Length > 0) sb.Append(' ');
                if (!inWord && pendingSuffixMark) sb.Append('*');
                pendingSuffixMark = false;
                sb.Append(CharFolding.Fold(c));
                inWord = true;
            }
            else if (c == '*' && !inWord)
            {
                // "*operatie": a leading star marks a suffix, for Dutch compounds ("rugoperatie").
                pendingSuffixMark = true;
            }
            else
            {
                if (c == '*' && inWord) sb.Append('*');
                inWord = false;
            }
        }
        return sb.ToString();
    }
}
