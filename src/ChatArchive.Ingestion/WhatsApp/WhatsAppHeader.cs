using System.Runtime.CompilerServices;

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
/// One grammar, written once, read over UTF-16 text or straight over the UTF-8 bytes of a line
/// (<see cref="HeaderText"/>): the first pass of the reader looks at every line and decodes almost none.
/// Offsets in the result count units of what was parsed (chars or bytes).
/// </summary>
public static class WhatsAppHeaderParser
{
    public const char Lrm = '\u200E';
    public const char Rlm = '\u200F';
    public const char Bom = '\uFEFF';

    public static bool IsMark(char c) => c is Lrm or Rlm or Bom;

    /// <summary>Other direction marks some phones (Arabic, Hebrew, Persian settings) write before the date: ALM, embeddings, isolates.</summary>
    public static bool IsBidiControl(char c) => c is '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static bool IsSpace(char c) => c is ' ' or '\u00A0' or '\u202F';

    public static bool TryParse(ReadOnlySpan<char> line, out WhatsAppHeader header) => TryParse<char, HeaderText.Utf16>(line, out header);

    /// <summary>The same grammar over a line's UTF-8 bytes (not decoded, not validated).</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out WhatsAppHeader header) => TryParse<byte, HeaderText.Utf8>(line, out header);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: always JIT-compiled fully, also in a ReadyToRun build
    private static bool TryParse<TUnit, TText>(ReadOnlySpan<TUnit> line, out WhatsAppHeader header)
        where TUnit : unmanaged
        where TText : HeaderText.IUnits<TUnit>
    {
        header = default;
        var i = 0;
        int n;
        while ((n = TText.MarkAt(line, i)) > 0) i += n;
        var ios = i < line.Length && TText.Is(line[i], '[');
        if (ios) i++;

        if (!ReadNumber<TUnit, TText>(line, ref i, 4, out var n1, out var d1)) return false;
        if (i >= line.Length) return false;
        var sep = line[i];
        if (!TText.Is(sep, '-') && !TText.Is(sep, '/') && !TText.Is(sep, '.')) return false;
        i++;
        if (!ReadNumber<TUnit, TText>(line, ref i, 2, out var n2, out _)) return false;
        if (i >= line.Length || !TText.Same(line[i], sep)) return false;
        i++;
        if (!ReadNumber<TUnit, TText>(line, ref i, 4, out var n3, out var d3)) return false;
        var yearFirst = d1 == 4;
        if (yearFirst ? d3 > 2 : (d1 > 2 || (d3 != 2 && d3 != 4))) return false;

        // ", " or " " between date and time (FORMATS.md §1.2 table).
        if (i < line.Length && TText.Is(line[i], ',')) i++;
        if ((n = TText.SpaceAt(line, i)) == 0) return false;
        i += n;
        // Finnish phones write "klo" (kello, o'clock) between date and time: "13.6.2018 klo 21.25.15".
        if (i + 3 < line.Length && TText.Is(line[i], 'k') && TText.Is(line[i + 1], 'l') && TText.Is(line[i + 2], 'o') && (n = TText.SpaceAt(line, i + 3)) > 0)
        {
            i += 3 + n;
        }

        if (!ReadNumber<TUnit, TText>(line, ref i, 2, out var hour, out _)) return false;
        if (i >= line.Length || !(TText.Is(line[i], ':') || TText.Is(line[i], '.'))) return false;
        var timeSep = line[i];
        i++;
        if (!ReadNumber<TUnit, TText>(line, ref i, 2, out var minute, out var dm) || dm != 2) return false;
        var second = 0;
        if (i < line.Length && TText.Same(line[i], timeSep))
        {
            i++;
            if (!ReadNumber<TUnit, TText>(line, ref i, 2, out second, out var ds) || ds != 2) return false;
        }

        // Optional AM/PM with U+0020, U+00A0 or U+202F before or inside it (FORMATS.md §1.2, §1.4).
        if ((n = TText.SpaceAt(line, i)) > 0)
        {
            var j = i + n;
            if (TryReadAmPm<TUnit, TText>(line, ref j, out var pm))
            {
                // Real exports also write "00:04 AM", "00:08 a. m." and "23:59 PM" (a 24-hour clock with the suffix
                // added): hour 0 is midnight's hour (noon's with PM), an hour above 12 is already on the 24-hour clock.
                // Refusing them as headers would glue the next messages onto the one before (issue 16).
                hour = hour switch
                {
                    0 => pm ? 12 : 0,
                    12 => pm ? 12 : 0,
                    > 12 => hour,
                    _ => pm ? hour + 12 : hour,
                };
                i = j;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return false;

        int bodyStart;
        int authorStart = -1, authorLength = -1;
        if (ios)
        {
            if (i + 1 >= line.Length || !TText.Is(line[i], ']') || !TText.Is(line[i + 1], ' ')) return false;
            i += 2;
        }
        else if (i + 1 < line.Length && TText.Is(line[i], ':') && TText.Is(line[i + 1], ' '))
        {
            // iOS 2015–2016: "7/1/16, 4:56:55 PM: Name: text" (no brackets; ": " after the time).
            ios = true;
            i += 2;
        }
        else
        {
            if (i + 2 >= line.Length || !TText.Is(line[i], ' ') || !TText.Is(line[i + 1], '-') || !TText.Is(line[i + 2], ' '))
            {
                if (!(i + 1 < line.Length && TText.Is(line[i], ' ') && TText.Is(line[i + 1], '-') && i + 2 == line.Length)) return false;
                i = line.Length;
            }
            else
            {
                i += 3;
            }
        }
        var colon = IndexOfColonSpace<TUnit, TText>(line[i..]);
        if (colon < 0 && line.Length > i + 1 && TText.Is(line[^1], ':') && TText.IndexOfColon(line[i..]) == line.Length - 1 - i)
        {
            // "Carol:" with nothing after it: an empty message (a sticker or a blank line sent), not a notice (issue 16).
            colon = line.Length - 1 - i;
        }
        if (colon > 0)
        {
            authorStart = i;
            authorLength = colon;
            bodyStart = Math.Min(i + colon + 2, line.Length);
        }
        else
        {
            bodyStart = i;
        }
        header = new WhatsAppHeader(ios ? WhatsAppPlatform.Ios : WhatsAppPlatform.Android, n1, n2, n3, yearFirst, hour, minute, second,
            authorStart, authorLength, bodyStart);
        return true;
    }

    /// <summary>The first ": " (author separator): a one-unit search is much cheaper than a substring search on this hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfColonSpace<TUnit, TText>(ReadOnlySpan<TUnit> s)
        where TUnit : unmanaged
        where TText : HeaderText.IUnits<TUnit>
    {
        var from = 0;
        while (true)
        {
            var c = TText.IndexOfColon(s[from..]);
            if (c < 0) return -1;
            var at = from + c;
            if (at + 1 < s.Length && TText.Is(s[at + 1], ' ')) return at;
            from = at + 1;
        }
    }

    // Five calls per line on every pass: inlined, so the index stays in a register (it was a tenth of the parse's CPU).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadNumber<TUnit, TText>(ReadOnlySpan<TUnit> s, ref int i, int maxDigits, out int value, out int digits)
        where TUnit : unmanaged
        where TText : HeaderText.IUnits<TUnit>
    {
        var at = i;
        var v = 0;
        var n = 0;
        int d;
        while (at < s.Length && n < maxDigits && (d = TText.Digit(s[at])) >= 0)
        {
            v = v * 10 + d;
            at++;
            n++;
        }
        i = at;
        value = v;
        digits = n;
        // More digits than allowed means this is not a date or time component.
        return n > 0 && !(at < s.Length && TText.Digit(s[at]) >= 0);
    }

    private static bool TryReadAmPm<TUnit, TText>(ReadOnlySpan<TUnit> s, ref int i, out bool pm)
        where TUnit : unmanaged
        where TText : HeaderText.IUnits<TUnit>
    {
        pm = false;
        if (i >= s.Length) return false;
        var c = TText.LowerAscii(s[i]);
        if (c is not ('a' or 'p')) return false;
        pm = c == 'p';
        var j = i + 1;
        if (j < s.Length && TText.Is(s[j], '.')) j++;
        int n;
        while ((n = TText.SpaceAt(s, j)) > 0) j += n;
        if (j >= s.Length || TText.LowerAscii(s[j]) != 'm') return false;
        j++;
        if (j < s.Length && TText.Is(s[j], '.')) j++;
        i = j;
        return true;
    }
}
