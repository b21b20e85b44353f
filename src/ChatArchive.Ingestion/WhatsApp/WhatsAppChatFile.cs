using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Text;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// Where the chat text sits in an export and what the export's name says about the chat
/// (FORMATS.md §1.1): iOS always writes <c>_chat.txt</c>; Android writes
/// <c>WhatsApp-chat met &lt;naam&gt;.txt</c> / <c>WhatsApp Chat with &lt;name&gt;.txt</c>, alone or in a zip.
/// </summary>
public static class WhatsAppChatFile
{
    private static readonly string[] TitlePrefixes = ["WhatsApp-chat met ", "WhatsApp Chat with ", "WhatsApp Chat - ", "WhatsApp-chat - "];

    /// <summary>The entry holding the chat text, or null when the export has none.</summary>
    public static string? Find(IExportSource source)
    {
        string? best = null;
        foreach (var e in source.Entries)
        {
            var name = e[(e.LastIndexOf('/') + 1)..];
            if (name == "_chat.txt")
            {
                if (best is null || Depth(e) < Depth(best) || !best.EndsWith("_chat.txt", StringComparison.Ordinal)) best = e;
            }
        }
        if (best is not null) return best;
        var txt = source.Entries.Where(e => e.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)).ToList();
        return txt.FirstOrDefault(e => e[(e.LastIndexOf('/') + 1)..].StartsWith("WhatsApp", StringComparison.OrdinalIgnoreCase))
               ?? (txt.Count == 1 ? txt[0] : null);

        static int Depth(string e) => e.Count(c => c == '/');
    }

    /// <summary>The chat title the export's file or folder name gives, or null.</summary>
    public static string? TitleFromName(string name)
    {
        var n = name;
        foreach (var ext in new[] { ".zip", ".txt" })
        {
            if (n.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) n = n[..^ext.Length];
        }
        // A second download of the same export gets " (2)" from the browser or phone; it is the same chat.
        n = WithoutCopyNumber(n);
        foreach (var p in TitlePrefixes)
        {
            if (n.StartsWith(p, StringComparison.OrdinalIgnoreCase) && n.Length > p.Length) return n[p.Length..].Trim();
        }
        return null;
    }

    /// <summary>"Name (2)" → "Name": one to three digits in brackets after a white-space character that follows a non-white one.</summary>
    private static string WithoutCopyNumber(string n)
    {
        if (n.Length < 5 || n[^1] != ')') return n;
        var open = n.LastIndexOf('(');
        var digits = n.Length - 2 - open;
        if (open < 2 || digits is < 1 or > 3 || !AllDigits(n.AsSpan(open + 1, digits))) return n;
        return char.IsWhiteSpace(n[open - 1]) && !char.IsWhiteSpace(n[open - 2]) ? n[..(open - 1)] : n;

        static bool AllDigits(ReadOnlySpan<char> s)
        {
            foreach (var c in s) if (!char.IsDigit(c)) return false;
            return true;
        }
    }

    /// <summary>The platform of the first header in the first lines, or null (used by detection; reads a small prefix only).</summary>
    public static WhatsAppPlatform? SniffPlatform(IExportSource source, string entry, int maxLines = 60)
    {
        try
        {
            using var reader = new BoundedLineReader(source.Open(entry), entry, 1 << 16);
            for (var i = 0; i < maxLines && reader.ReadLine() is { } line; i++)
            {
                if (WhatsAppHeaderParser.TryParse(line, out var h)) return h.Platform;
            }
        }
        catch (ExportFormatException)
        {
            // Not UTF-8 or absurd lines: not a WhatsApp export as far as detection is concerned.
        }
        return null;
    }
}
