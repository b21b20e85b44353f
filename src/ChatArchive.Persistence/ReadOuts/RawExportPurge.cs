using System.IO.Compression;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// Removes removed messages from the raw export's copy (cleaning mode <c>Verwijderen</c>, Handreiking §2.2.2 stap 7):
/// attachments of removed messages are left out of a zip, and every occurrence of a removed text (as written, and as
/// JSON, XML or HTML would escape it) is blanked in the export's text files. Limits, said plainly: texts shorter than
/// four characters ("ok", "ja") are left, because blanking them everywhere would damage kept messages; a removed text
/// that also occurs inside a kept message is blanked there too (the sealed package, not the raw copy, is the record).
/// </summary>
public static class RawExportPurge
{
    public const int MinimumLength = 4;

    private static readonly string[] TextExtensions = [".txt", ".json", ".xml", ".html", ".htm", ".csv", ".js"];
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns the purged export as a new stream (memory), positioned at the start.</summary>
    public static Task<Stream> RewriteAsync(Stream plain, IReadOnlyCollection<string> removedTexts, IReadOnlySet<string> removedFiles, CancellationToken ct) =>
        RewriteAsync(plain, Matcher(removedTexts), removedFiles, ct);

    /// <summary>As above with the removed texts prepared once (<see cref="Matcher"/>) for every file of a read-out.</summary>
    internal static async Task<Stream> RewriteAsync(Stream plain, RemovedTextMatcher? pattern, IReadOnlySet<string> removedFiles, CancellationToken ct)
    {
        var input = new MemoryStream();
        await plain.CopyToAsync(input, ct);
        input.Position = 0;
        var output = new MemoryStream();
        var isZip = input.Length >= 4 && input.GetBuffer()[0] == (byte)'P' && input.GetBuffer()[1] == (byte)'K';
        if (!isZip)
        {
            var bytes = Purge(input.ToArray(), pattern);
            await output.WriteAsync(bytes, ct);
        }
        else
        {
            using var source = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
            using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var entry in source.Entries)
                {
                    ct.ThrowIfCancellationRequested();
                    if (removedFiles.Contains(entry.Name)) continue;
                    var copy = target.CreateEntry(entry.FullName, CompressionLevel.Fastest);
                    copy.LastWriteTime = entry.LastWriteTime;
                    await using var from = entry.Open();
                    await using var to = copy.Open();
                    if (TextExtensions.Contains(Path.GetExtension(entry.Name).ToLowerInvariant()))
                    {
                        using var buffer = new MemoryStream();
                        await from.CopyToAsync(buffer, ct);
                        await to.WriteAsync(Purge(buffer.ToArray(), pattern), ct);
                    }
                    else
                    {
                        await from.CopyToAsync(to, ct);
                    }
                }
            }
        }
        output.Position = 0;
        return output;
    }

    private static byte[] Purge(byte[] bytes, RemovedTextMatcher? pattern)
    {
        if (pattern is null) return bytes;
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = Encoding.UTF8.GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        var purged = pattern.Replace(text);
        if (ReferenceEquals(purged, text) || purged == text) return bytes;
        var body = Encoding.UTF8.GetBytes(purged);
        return bom ? [0xEF, 0xBB, 0xBF, .. body] : body;
    }

    /// <summary>Every form of every removed text; at one position the longest is blanked (a text whole, not a part of it).</summary>
    internal static RemovedTextMatcher? Matcher(IReadOnlyCollection<string> texts)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in texts)
        {
            if (t.Trim().Length < MinimumLength) continue;
            foreach (var variant in new[] { t, t.Replace("\n", "\r\n", StringComparison.Ordinal) })
            {
                forms.Add(variant);
                forms.Add(JsonSerializer.Serialize(variant)[1..^1]);
                forms.Add(JsonSerializer.Serialize(variant, Relaxed)[1..^1]);
                forms.Add(SecurityElement.Escape(variant));
                forms.Add(WebUtility.HtmlEncode(variant));
            }
        }
        return RemovedTextMatcher.Create(forms);
    }
}
