using System.Runtime.CompilerServices;
namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// The fixed strings WhatsApp writes into bodies (FORMATS.md §1.5). Only [H] and [M] items are
/// matched exactly; [L] wording is never matched as a whole string.
/// </summary>
public static class WhatsAppMarkers
{
    // FORMATS.md §1.5 "Edited": appended to the body; iOS puts an LRM before it, a 2025 sample ends with a period.
    // Each starts with '<': the text reader skips this check for a one-line body without '<' (keep it so, or change that).
    private static readonly string[] EditMarkers = ["<Dit bericht is bewerkt>", "<This message was edited>", "<Dit bericht is bewerkt.>", "<This message was edited.>"];

    // FORMATS.md §1.5 "Export with media", Android [H].
    private static readonly string[] FileAttachedSuffixes = [" (bestand bijgevoegd)", " (file attached)"];

    // FORMATS.md §1.5 iOS [H]/[M].
    private static readonly string[] AttachedPrefixes = ["<bijgevoegd: ", "<attached: "];

    private static readonly string[] OmittedSuffixes = ["weggelaten", "omitted"];

    /// <summary>Removes LRM/RLM/BOM marks (FORMATS.md §1.4: strip them for matching).</summary>
    public static string StripMarks(string s)
    {
        if (s.AsSpan().IndexOfAny(WhatsAppHeaderParser.Lrm, WhatsAppHeaderParser.Rlm, WhatsAppHeaderParser.Bom) < 0) return s;
        return string.Create(s.Length - Count(s), s, static (dest, src) =>
        {
            var j = 0;
            foreach (var c in src)
            {
                if (!WhatsAppHeaderParser.IsMark(c)) dest[j++] = c;
            }
        });

        static int Count(string s)
        {
            var n = 0;
            foreach (var c in s) if (WhatsAppHeaderParser.IsMark(c)) n++;
            return n;
        }
    }

    public static bool IsTombstone(string strippedBody) => IsTombstone(strippedBody.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsTombstone(ReadOnlySpan<char> strippedBody)
    {
        // Checked for every message: most bodies are ruled out by their length (the catalogue's sentences are 16–50 chars).
        var c = WhatsAppNoticeCatalog.Default;
        if (strippedBody.Length < c.MinDeletedLength || strippedBody.Length > c.MaxDeletedLength + 4) return false;
        return c.IsDeleted(strippedBody);
    }

    /// <summary>Strips a trailing edit marker (with the LRM before it); true when there was one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryStripEditMarker(string body, out string withoutMarker)
    {
        var trimmed = body.AsSpan().TrimEnd();
        // Every marker ends with '>': most bodies are ruled out by their last character.
        if (trimmed.IsEmpty || trimmed[^1] != '>')
        {
            withoutMarker = body;
            return false;
        }
        foreach (var m in EditMarkers)
        {
            if (trimmed.EndsWith(m, StringComparison.Ordinal))
            {
                var rest = trimmed[..^m.Length];
                while (rest.Length > 0 && (WhatsAppHeaderParser.IsMark(rest[^1]) || WhatsAppHeaderParser.IsSpace(rest[^1]))) rest = rest[..^1];
                withoutMarker = rest.ToString();
                return true;
            }
        }
        withoutMarker = body;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsMediaOmitted(ReadOnlySpan<char> strippedFirstLine)
    {
        // Checked for every message: every marker starts with '<', so most lines are ruled out by one char.
        var l = strippedFirstLine.TrimStart();
        return !l.IsEmpty && l[0] == '<' && WhatsAppNoticeCatalog.Default.IsMediaOmitted(l);
    }

    /// <summary>
    /// A body that looks like a placeholder WhatsApp writes ("&lt;…&gt;", short, one line) but is in no catalogued language:
    /// reported as a finding, because it may be media in a language the catalogue lacks.
    /// </summary>
    public static bool LooksLikeUnknownPlaceholder(ReadOnlySpan<char> strippedFirstLine)
    {
        var l = strippedFirstLine.Trim();
        return l.Length is >= 8 and <= 48 && l[0] == '<' && l[^1] == '>' && l[1..^1].IndexOfAny('<', '>') < 0
               && !l.Contains(':') && !IsMediaOmitted(l);
    }

    /// <summary>Android "IMG-… (bestand bijgevoegd)": the file name, without the LRM seen before Dutch names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFileAttached(ReadOnlySpan<char> strippedFirstLine, out string fileName)
    {
        // Both suffixes end with ')'.
        if (strippedFirstLine.IsEmpty || strippedFirstLine[^1] != ')')
        {
            fileName = "";
            return false;
        }
        foreach (var s in FileAttachedSuffixes)
        {
            if (strippedFirstLine.EndsWith(s, StringComparison.Ordinal) && strippedFirstLine.Length > s.Length)
            {
                fileName = strippedFirstLine[..^s.Length].Trim().ToString();
                return fileName.Length > 0;
            }
        }
        fileName = "";
        return false;
    }

    /// <summary>iOS "… &lt;bijgevoegd: name&gt;": the text before the marker (a document's description) and the file name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryAttachedMarker(ReadOnlySpan<char> strippedFirstLine, out string before, out string fileName)
    {
        // Both markers start with '<': a line without one needs no substring search.
        if (!strippedFirstLine.Contains('<'))
        {
            before = "";
            fileName = "";
            return false;
        }
        foreach (var p in AttachedPrefixes)
        {
            var at = strippedFirstLine.IndexOf(p, StringComparison.Ordinal);
            if (at < 0) continue;
            var after = strippedFirstLine[(at + p.Length)..];
            var close = after.LastIndexOf('>');
            if (close <= 0) continue;
            fileName = after[..close].Trim().ToString();
            before = strippedFirstLine[..at].Trim().ToString();
            return fileName.Length > 0;
        }
        before = "";
        fileName = "";
        return false;
    }

    /// <summary>
    /// iOS "‎afbeelding weggelaten", "‎image omitted", "Nota.pdf ‎• ‎3 pagina's ‎document weggelaten":
    /// recognised by the suffix together with the LRM WhatsApp writes, so typed text never matches.
    /// Returns the media kind word ("afbeelding", "image", "document", …) and any description before it.
    /// </summary>
    public static bool TryIosOmitted(string rawFirstLine, out string kindWord, out string before)
    {
        kindWord = "";
        before = "";
        if (rawFirstLine.IndexOf(WhatsAppHeaderParser.Lrm) < 0) return false;
        var stripped = StripMarks(rawFirstLine);
        if (WhatsAppNoticeCatalog.Default.TryIosOmitted(stripped, out var type, out before))
        {
            kindWord = type ?? "";
            return true;
        }
        var l = stripped.AsSpan().Trim();
        foreach (var s in OmittedSuffixes)
        {
            if (!l.EndsWith(s, StringComparison.OrdinalIgnoreCase) || l.Length == s.Length) continue;
            var head = l[..^s.Length].TrimEnd();
            var space = head.LastIndexOf(' ');
            kindWord = (space < 0 ? head : head[(space + 1)..]).ToString();
            var desc = space < 0 ? ReadOnlySpan<char>.Empty : head[..space].Trim();
            // "Nota.pdf • 3 pagina's": keep the description as the message text.
            before = desc.ToString();
            return kindWord.Length > 0;
        }
        return false;
    }

    /// <summary>A media type for the kind words of iOS placeholders.</summary>
    public static string? KindToMediaType(string kindWord) => kindWord.ToLowerInvariant() switch
    {
        "" => null,
        _ when kindWord.Contains('/') => kindWord, // already a media type (from the catalogue)
        "afbeelding" or "image" or "foto" or "photo" => "image/*",
        "video" => "video/*",
        "audio" => "audio/*",
        "sticker" => "image/webp",
        "gif" => "image/gif",
        _ => null,
    };
}
