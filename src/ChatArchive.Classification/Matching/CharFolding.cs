using System.Globalization;
using System.Text;

namespace ChatArchive.Classification.Matching;

/// <summary>
/// Case and accent folding shared by lexicon terms and message text, so "Oké", "oke" and "OKE"
/// are one word. A lookup table covers Latin-1 and Latin Extended-A (Dutch, English, and names
/// like "Çelik"); other characters are only lower-cased.
/// </summary>
internal static class CharFolding
{
    private const int TableSize = 0x250;
    private static readonly char[] Table = BuildTable();

    public static char Fold(char c)
    {
        if (c < 128) return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        return c < TableSize ? Table[c] : char.ToLowerInvariant(c);
    }

    public static bool IsWordChar(char c)
    {
        if (c < 128) return c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
        return char.IsLetterOrDigit(c);
    }

    private static char[] BuildTable()
    {
        var table = new char[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var c = (char)i;
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            var basis = decomposed.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) != UnicodeCategory.NonSpacingMark
                ? decomposed[0]
                : c;
            table[i] = char.ToLowerInvariant(basis);
        }
        return table;
    }
}
