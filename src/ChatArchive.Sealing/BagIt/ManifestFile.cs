using System.Text;

namespace ChatArchive.Sealing.BagIt;

/// <summary>A line of a payload or tag manifest: checksum and bag-relative path.</summary>
public sealed record ManifestEntry(string Sha256, string Path);

/// <summary>
/// manifest-sha256.txt and tagmanifest-sha256.txt (RFC 8493 §2.1.3, §2.2.1): "checksum path" per line, "/" as
/// separator, and CR, LF and "%" in a path percent-encoded as %0D, %0A and %25.
/// </summary>
public static class ManifestFile
{
    public static byte[] Write(IEnumerable<ManifestEntry> entries)
    {
        var sb = new StringBuilder();
        // Sorted by ordinal path so the manifest's bytes depend only on the content.
        foreach (var e in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            sb.Append(e.Sha256).Append("  ").Append(EncodePath(e.Path)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Parses a manifest; returns null and a Dutch reason for a malformed line.</summary>
    public static IReadOnlyList<ManifestEntry>? TryParse(byte[] content, out string? error)
    {
        error = null;
        var list = new List<ManifestEntry>();
        var text = Encoding.UTF8.GetString(content);
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var space = line.IndexOfAny([' ', '\t']);
            if (space != 64 || !IsLowerHex(line.AsSpan(0, 64)))
            {
                error = $"regel {lineNo} is geen geldige SHA-256-regel";
                return null;
            }
            var path = DecodePath(line[space..].TrimStart(' ', '\t'));
            if (!IsSafeRelativePath(path))
            {
                error = $"regel {lineNo} noemt een pad buiten de bag";
                return null;
            }
            list.Add(new ManifestEntry(line[..64].ToLowerInvariant(), path));
        }
        return list;
    }

    public static string EncodePath(string path) => path.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    public static string DecodePath(string path) => path.Replace("%0D", "\r").Replace("%0d", "\r").Replace("%0A", "\n").Replace("%0a", "\n").Replace("%25", "%");

    /// <summary>RFC 8493 §2.1.3: paths are relative to the bag root and never leave it.</summary>
    public static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\') && !path.Split('/').Any(s => s is "" or "." or "..");

    private static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
