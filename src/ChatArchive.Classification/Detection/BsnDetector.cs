namespace ChatArchive.Classification.Detection;

/// <summary>
/// Finds citizen service numbers (burgerservicenummer): 9 digits that pass the 11-check
/// (9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11; Wet algemene bepalingen burgerservicenummer,
/// the "elfproef" for the BSN). Written as 123456782, 123.456.782, 123-456-782, 123 456 782 or
/// 1234.56.782. A number failing the check is never called a BSN. Longer digit runs (phone numbers,
/// IBANs, case numbers with prefixes) are not split to find one. Never logs or returns the number.
/// </summary>
public static class BsnDetector
{
    public static bool ContainsBsn(string text) => CountBsns(text) > 0;

    public static int CountBsns(string text)
    {
        var found = 0;
        Span<int> digits = stackalloc int[9];
        Span<int> groupSizes = stackalloc int[4];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i])) { i++; continue; }
            // A run of digit groups joined by single separators; groups must be 9, 3-3-3 or 4-2-3.
            var start = i;
            var count = 0;
            var groups = 0;
            var shapeOk = true;
            char separator = '\0';
            while (true)
            {
                var groupStart = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    if (count < 9) digits[count] = text[i] - '0';
                    count++;
                    i++;
                }
                if (groups < 4) groupSizes[groups] = i - groupStart; else shapeOk = false;
                groups++;
                if (i + 1 < text.Length && text[i] is ' ' or '.' or '-' && char.IsAsciiDigit(text[i + 1])
                    && (separator == '\0' || separator == text[i]))
                {
                    separator = text[i];
                    i++;
                    continue;
                }
                break;
            }
            var touchesWord = (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || IsPhonePrefix(text, start)))
                              || (i < text.Length && char.IsLetter(text[i]));
            if (shapeOk && !touchesWord && count == 9 && IsBsnShape(groupSizes[..Math.Min(groups, 4)]) && PassesElevenCheck(digits))
            {
                found++;
            }
        }
        return found;
    }

    /// <summary>The BSN 11-check; all zeros is not a number anyone has.</summary>
    public static bool PassesElevenCheck(ReadOnlySpan<int> d)
    {
        if (d.Length != 9) return false;
        var sum = 0;
        var allZero = true;
        for (var k = 0; k < 8; k++)
        {
            sum += (9 - k) * d[k];
            allZero &= d[k] == 0;
        }
        sum -= d[8];
        return !allZero && sum % 11 == 0;
    }

    public static bool PassesElevenCheck(string nineDigits)
    {
        if (nineDigits.Length != 9 || !nineDigits.All(char.IsAsciiDigit)) return false;
        Span<int> d = stackalloc int[9];
        for (var k = 0; k < 9; k++) d[k] = nineDigits[k] - '0';
        return PassesElevenCheck(d);
    }

    private static bool IsBsnShape(ReadOnlySpan<int> g) =>
        g.Length == 1 && g[0] == 9
        || g.Length == 3 && (g[0] == 3 && g[1] == 3 && g[2] == 3 || g[0] == 4 && g[1] == 2 && g[2] == 3);

    // "+31 612345678": a mobile number in international form has 9 digits after the country code.
    private static bool IsPhonePrefix(string text, int start)
    {
        var j = start - 1;
        if (j >= 0 && text[j] == ' ') j--;
        return j >= 2 && char.IsAsciiDigit(text[j]) && char.IsAsciiDigit(text[j - 1]) && text[j - 2] == '+';
    }
}
