using System.Text;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Formats;

/// <summary>Reads the first bytes of an entry for detection: <c>Detect</c> never reads more than this (issue 3 §1).</summary>
internal static class FormatPrefix
{
    public const int DefaultBytes = 8192;

    /// <summary>The entry's first bytes as text (invalid bytes replaced: detection only looks, it does not judge).</summary>
    public static string Read(IExportSource source, string entry, int maxBytes = DefaultBytes)
    {
        try
        {
            using var stream = source.Open(entry);
            var buffer = new byte[maxBytes];
            var total = 0;
            int n;
            while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += n;
            }
            var span = buffer.AsSpan(0, total);
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                span = span[3..];
            }
            return Encoding.UTF8.GetString(span);
        }
        catch (IOException)
        {
            return "";
        }
        catch (ExportFormatException)
        {
            return "";
        }
    }

    /// <summary>The first line of a prefix, without its line end.</summary>
    public static string FirstLine(string prefix)
    {
        var end = prefix.IndexOfAny(['\r', '\n']);
        return end < 0 ? prefix : prefix[..end];
    }
}
