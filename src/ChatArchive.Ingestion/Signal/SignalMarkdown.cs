using System.Globalization;
using System.Text.RegularExpressions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Text;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Signal;

/// <summary>
/// signal-export's chat.md, read when a conversation folder has no data.json (FORMATS.md §2):
/// <c>[YYYY-MM-DD HH:MM:SS] Sender: QUOTE? BODY</c> and a blank line; the README's older form
/// <c>[YYYY-MM-DD, HH:MM]</c> is accepted too. Multi-line bodies keep raw newlines, so a record runs
/// until the next header line. The quote (a reply) before the body, the reactions line, sticker and
/// attachment links after it are the exporter's, not the sender's text, and are taken off.
/// </summary>
internal static partial class SignalMarkdown
{
    public const string DeletedText = "(This message was deleted)";

    /// <summary>No message has this many lines; a record that does is a broken file, and memory stays bounded (issue 3 §5).</summary>
    public const int MaxRecordLines = 100_000;

    public static IEnumerable<SignalRecord> Read(Stream stream, string entry)
    {
        using var lines = new BoundedLineReader(stream, entry);
        Match? header = null;
        long headerLine = 0;
        var body = new List<string>();
        while (lines.ReadLine() is { } line)
        {
            var m = Header().Match(line);
            if (m.Success)
            {
                if (header is not null)
                {
                    yield return Build(header, body, headerLine, entry);
                }
                header = m;
                headerLine = lines.LineNumber;
                body.Clear();
                body.Add(m.Groups["rest"].Value);
            }
            else if (header is not null)
            {
                if (body.Count == MaxRecordLines)
                {
                    throw new Abstractions.ExportFormatException(
                        $"Het bericht dat begint op regel {headerLine} van '{entry}' loopt door over meer dan {MaxRecordLines} regels. Dit is geen gewone export of het bestand is beschadigd; maak de export met signal-export opnieuw.",
                        entry, headerLine);
                }
                body.Add(line);
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                throw new Abstractions.ExportFormatException(
                    $"Regel {lines.LineNumber} van '{entry}' is geen bericht van signal-export (verwacht: [jjjj-mm-dd uu:mm:ss] Naam: tekst). Lever de chat.md uit de export ongewijzigd aan.",
                    entry, lines.LineNumber);
            }
        }
        if (header is not null)
        {
            yield return Build(header, body, headerLine, entry);
        }
    }

    /// <summary>Whether a line is a record header (for detection).</summary>
    public static bool IsHeader(string line) => Header().IsMatch(line);

    public static IEnumerable<string> Senders(Stream stream, string entry) => Read(stream, entry).Select(r => r.Sender);

    private static SignalRecord Build(Match header, List<string> body, long line, string entry)
    {
        var g = header.Groups;
        var stamp = $"{g["y"].Value}-{g["mo"].Value}-{g["d"].Value} {g["h"].Value}:{g["mi"].Value}:{(g["s"].Success ? g["s"].Value : "00")}";
        if (!DateTime.TryParseExact(stamp, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) || !AmsterdamClock.Plausible(local))
        {
            throw new Abstractions.ExportFormatException(
                $"Regel {line} van '{entry}' heeft een ongeldige datum ({stamp}). Maak de export met signal-export opnieuw.", entry, line);
        }
        var sender = g["sender"].Value;

        // The blank line(s) that end a record are the file's, not the message's (the body itself ends in two spaces).
        var count = body.Count;
        while (count > 1 && body[count - 1].Length == 0)
        {
            count--;
        }
        var lines = body.GetRange(0, count);
        if (lines.Count == 1 && lines[0].TrimEnd() == DeletedText)
        {
            // The content of a deleted-for-everyone message is gone; the placeholder is the exporter's, not the sender's (same as data.json).
            return new SignalRecord(local, sender, "", [], Deleted: true, line);
        }
        SkipQuote(lines);
        var text = string.Join("\n", lines);
        var media = new List<SignalMedia>();
        text = TakeMedia(text, media, out var stickerLabel);
        var sticker = Sticker().Match(text);
        if (sticker.Success)
        {
            text = text[..sticker.Index];
            stickerLabel = sticker.Groups[1].Value;
        }
        text = Reactions().Replace(text, "", 1);
        text = SignalText.WithoutMarkdownBreak(text);
        if (text.Length == 0 && media.Count == 0 && stickerLabel is not null)
        {
            // A sticker has no text; its emoji stands in for it (same rule as for data.json).
            text = stickerLabel;
        }
        return new SignalRecord(local, sender, text, media, Deleted: false, line);
    }

    /// <summary>A reply is written before the body as "", "", "&gt; quoted…", "" (create.py).</summary>
    private static void SkipQuote(List<string> lines)
    {
        if (lines.Count < 4 || lines[0].Length != 0 || lines[1].Length != 0 || !lines[2].StartsWith("> ", StringComparison.Ordinal))
        {
            return;
        }
        var i = 2;
        while (i < lines.Count && lines[i].StartsWith('>'))
        {
            i++;
        }
        if (i < lines.Count && lines[i].Length == 0)
        {
            lines.RemoveRange(0, i + 1);
        }
    }

    /// <summary>Attachment links are appended last, each followed by two spaces: <c>![name](./media/name)  </c> (images) or <c>[name](./media/name)  </c>.</summary>
    private static string TakeMedia(string text, List<SignalMedia> media, out string? stickerLabel)
    {
        stickerLabel = null;
        var found = new List<SignalMedia>();
        while (true)
        {
            var m = TrailingLink().Match(text);
            if (m.Success)
            {
                var path = m.Groups["path"].Value;
                // A sticker link points into ../exported_stickers: the sticker's emoji is the text, not an attachment.
                if (path.StartsWith("../", StringComparison.Ordinal))
                {
                    stickerLabel = m.Groups["name"].Value;
                    text = text[..m.Index];
                    continue;
                }
                found.Add(new SignalMedia(m.Groups["name"].Value, path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path));
                text = text[..m.Index];
                continue;
            }
            if (text.EndsWith("(media not exported)  ", StringComparison.Ordinal))
            {
                found.Add(new SignalMedia("media", null));
                text = text[..^"(media not exported)  ".Length];
                continue;
            }
            break;
        }
        found.Reverse();
        media.AddRange(found);
        return text;
    }

    [GeneratedRegex(@"^\[(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2}),? (?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2}))?\] (?<sender>.+?): (?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"!?\[(?<name>[^\]\n]*)\]\((?<path>[^)\s]+)\)  $", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingLink();

    [GeneratedRegex(@"\n\(\( (.*) \)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Sticker();

    [GeneratedRegex(@"\n\(- .* -\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Reactions();
}
