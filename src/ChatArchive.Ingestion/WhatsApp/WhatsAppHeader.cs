namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>Which of the two header grammars of FORMATS.md §1.2 a line follows.</summary>
public enum WhatsAppPlatform
{
    Android = 0,
    Ios = 1,
}

/// <summary>
/// A header line taken apart, before the date order is known: the three date components are
/// kept as written (FORMATS.md §1.2 "Date order is not declared anywhere").
/// </summary>
public readonly record struct WhatsAppHeader(
    WhatsAppPlatform Platform,
    int First,
    int Second,
    int Third,
    bool YearFirst,
    int Hour,
    int Minute,
    int Second2,
    int AuthorStart,
    int AuthorLength,
    int BodyStart)
{
    public bool HasAuthor => AuthorLength >= 0;
}

/// <summary>
/// Recognises a WhatsApp header line (FORMATS.md §1.2) without regular expressions: the hot path
/// of a 1,000,000-message export. A line is a header only when the whole pattern matches (date,
/// time, separator and, on Android, " - "), so agenda lines such as "15-06-2023 inleveren" stay
/// continuation lines (FORMATS.md §1.2 "Continuation lines that begin with digits").
/// </summary>
public static class WhatsAppHeaderParser
{
    public const char Lrm = '\u200E';
    public const char Rlm = '\u200F';
    public const char Bom = '\uFEFF';

    public static bool IsMark(char c) => c is Lrm or Rlm or Bom;

    public static bool IsSpace(char c) => c is ' ' or '\u00A0' or '\u202F';

    public static bool TryParse(ReadOnlySpan<char> line, out WhatsAppHeader header)
    {
        header = default;
        var i = 0;
        while (i < line.Length && IsMark(line[i])) i++;
        var ios = i < line.Length && line[i] == '[';
        if (ios) i++;

        if (!ReadNumber(line, ref i, 4, out var n1, out var d1)) return false;
        if (i >= line.Length) return false;
        var sep = line[i];
        if (sep is not ('-' or '/' or '.')) return false;
        i++;
        if (!ReadNumber(line, ref i, 2, out var n2, out _)) return false;
        if (i >= line.Length || line[i] != sep) return false;
        i++;
        if (!ReadNumber(line, ref i, 4, out var n3, out var d3)) return false;
        var yearFirst = d1 == 4;
        if (yearFirst ? d3 > 2 : (d1 > 2 || (d3 != 2 && d3 != 4))) return false;

        // ", " or " " between date and time (FORMATS.md §1.2 table).
        if (i < line.Length && line[i] == ',') i++;
        if (i >= line.Length || !IsSpace(line[i])) return false;
        i++;

        if (!ReadNumber(line, ref i, 2, out var hour, out _)) return false;
        if (i >= line.Length || line[i] is not (':' or '.')) return false;
        var timeSep = line[i];
        i++;
        if (!ReadNumber(line, ref i, 2, out var minute, out var dm) || dm != 2) return false;
        var second = 0;
        if (i < line.Length && line[i] == timeSep)
        {
            i++;
            if (!ReadNumber(line, ref i, 2, out second, out var ds) || ds != 2) return false;
        }

        // Optional AM/PM with U+0020, U+00A0 or U+202F before or inside it (FORMATS.md §1.2, §1.4).
        var save = i;
        if (i < line.Length && IsSpace(line[i]))
        {
            i++;
            if (TryReadAmPm(line, ref i, out var pm))
            {
                if (hour is < 1 or > 12) return false;
                hour = hour == 12 ? (pm ? 12 : 0) : (pm ? hour + 12 : hour);
            }
            else
            {
                i = save;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return false;

        int bodyStart;
        int authorStart = -1, authorLength = -1;
        if (ios)
        {
            if (i + 1 >= line.Length || line[i] != ']' || line[i + 1] != ' ') return false;
            i += 2;
        }
        else
        {
            if (i + 2 >= line.Length || line[i] != ' ' || line[i + 1] != '-' || line[i + 2] != ' ')
            {
                if (!(i + 1 < line.Length && line[i] == ' ' && line[i + 1] == '-' && i + 2 == line.Length)) return false;
                i = line.Length;
            }
            else
            {
                i += 3;
            }
        }
        var rest = line[i..];
        var colon = IndexOfColonSpace(rest);
        if (colon > 0)
        {
            authorStart = i;
            authorLength = colon;
            bodyStart = i + colon + 2;
        }
        else
        {
            bodyStart = i;
        }
        header = new WhatsAppHeader(ios ? WhatsAppPlatform.Ios : WhatsAppPlatform.Android, n1, n2, n3, yearFirst, hour, minute, second,
            authorStart, authorLength, bodyStart);
        return true;
    }

    /// <summary>The first ": " (author separator): a one-character search is much cheaper than a substring search on this hot path.</summary>
    private static int IndexOfColonSpace(ReadOnlySpan<char> s)
    {
        var from = 0;
        while (true)
        {
            var c = s[from..].IndexOf(':');
            if (c < 0) return -1;
            var at = from + c;
            if (at + 1 < s.Length && s[at + 1] == ' ') return at;
            from = at + 1;
        }
    }

    private static bool ReadNumber(ReadOnlySpan<char> s, ref int i, int maxDigits, out int value, out int digits)
    {
        value = 0;
        digits = 0;
        while (i < s.Length && digits < maxDigits && (uint)(s[i] - '0') <= 9)
        {
            value = value * 10 + (s[i] - '0');
            i++;
            digits++;
        }
        // More digits than allowed means this is not a date or time component.
        return digits > 0 && !(i < s.Length && (uint)(s[i] - '0') <= 9);
    }

    private static bool TryReadAmPm(ReadOnlySpan<char> s, ref int i, out bool pm)
    {
        pm = false;
        if (i >= s.Length) return false;
        var c = char.ToLowerInvariant(s[i]);
        if (c is not ('a' or 'p')) return false;
        pm = c == 'p';
        var j = i + 1;
        if (j < s.Length && s[j] == '.') j++;
        while (j < s.Length && IsSpace(s[j])) j++;
        if (j >= s.Length || char.ToLowerInvariant(s[j]) != 'm') return false;
        j++;
        if (j < s.Length && s[j] == '.') j++;
        i = j;
        return true;
    }
}
