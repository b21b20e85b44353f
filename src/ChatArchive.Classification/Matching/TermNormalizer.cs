using System.Text;

namespace ChatArchive.Classification.Matching;

/// <summary>Brings a lexicon term to its canonical form: folded words separated by one space, <c>*</c> kept at a word's end.</summary>
public static class TermNormalizer
{
    public static string Normalize(string term)
    {
        var sb = new StringBuilder(term.Length);
        var inWord = false;
        foreach (var c in term)
        {
            if (CharFolding.IsWordChar(c))
            {
                if (!inWord && sb.Length > 0) sb.Append(' ');
                sb.Append(CharFolding.Fold(c));
                inWord = true;
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
