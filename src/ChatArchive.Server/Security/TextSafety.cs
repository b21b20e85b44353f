using System.Globalization;

namespace ChatArchive.Server.Security;

/// <summary>
/// Names and other short texts people type must not hide what they say: control characters (NUL, escape
/// sequences that repaint a terminal) and bidirectional overrides and isolates (Unicode TR #9, "Trojan Source",
/// CVE-2021-42574) are refused. Ordinary letters, accents and right-to-left scripts are fine.
/// </summary>
public static class TextSafety
{
    /// <summary>"U+XXXX" of the first unsafe character, or null when the text is safe.</summary>
    public static string? FindUnsafe(string text)
    {
        foreach (var c in text)
        {
            var unsafeChar = char.IsControl(c)
                || c is >= '\u202A' and <= '\u202E' // LRE, RLE, PDF, LRO, RLO
                || c is >= '\u2066' and <= '\u2069' // LRI, RLI, FSI, PDI
                || c is '\u200E' or '\u200F' or '\u061C' // LRM, RLM, ALM
                || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not '\u200D'; // zero-width joiner stays (emoji)
            if (unsafeChar) return $"U+{(int)c:X4}";
        }
        return null;
    }
}
