using System.Globalization;
using System.Text.Json;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Text;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Signal;

/// <summary>
/// signal-export's data.json: JSON Lines, one message object per line, not an array (FORMATS.md §2).
/// Fields: date (naive local ISO 8601), sender, body (with the two trailing Markdown spaces), quote,
/// sticker, reactions, attachments [{name, path}], deleted, call, missed.
/// </summary>
internal static class SignalJsonLines
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"];

    public static IEnumerable<SignalRecord> Read(Stream stream, string entry)
    {
        using var lines = new BoundedLineReader(stream, entry);
        while (lines.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return Parse(line, entry, lines.LineNumber);
        }
    }

    private static SignalRecord Parse(string line, string entry, long number)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new ExportFormatException(
                $"Regel {number} van '{entry}' is geen geldig JSON-object: het bestand is afgebroken of beschadigd. Maak de export met signal-export opnieuw.",
                entry, number, e);
        }
        using (document)
        {
            var o = document.RootElement;
            if (o.ValueKind != JsonValueKind.Object)
            {
                throw new ExportFormatException(
                    $"Regel {number} van '{entry}' is geen JSON-object. signal-export schrijft in data.json één bericht per regel; lever de data.json uit de export ongewijzigd aan.",
                    entry, number);
            }
            var date = Str(o, "date");
            if (date is null || !DateTime.TryParseExact(date, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) || !AmsterdamClock.Plausible(local))
            {
                throw new ExportFormatException(
                    $"Regel {number} van '{entry}' heeft geen geldige datum. Maak de export met signal-export opnieuw.", entry, number);
            }
            var body = Str(o, "body") ?? "";
            var media = new List<SignalMedia>();
            if (o.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in attachments.EnumerateArray())
                {
                    var name = Str(a, "name") ?? Str(a, "fileName") ?? "bijlage";
                    media.Add(new SignalMedia(name, Str(a, "path")));
                }
            }
            var text = SignalText.WithoutMarkdownBreak(body);
            if (text.Length == 0 && media.Count == 0 && o.TryGetProperty("sticker", out var sticker))
            {
                // A sticker has no text; its emoji stands in for it, as signal-export's own Markdown does.
                text = sticker.ValueKind == JsonValueKind.String ? sticker.GetString()!
                    : sticker.ValueKind == JsonValueKind.Object && Str(sticker, "emoji") is { } emoji ? emoji : "";
            }
            var deleted = o.TryGetProperty("deleted", out var d) && d.ValueKind == JsonValueKind.True;
            if (deleted)
            {
                return new SignalRecord(local, Str(o, "sender") ?? SignalText.NoSender, "", [], Deleted: true, number);
            }
            return new SignalRecord(local, Str(o, "sender") ?? SignalText.NoSender, text, media, deleted, number);
        }
    }

    /// <summary>Only the senders, for the pass that learns the participants before the first message goes out; it raises the same errors as <see cref="Read"/>.</summary>
    public static IEnumerable<string> Senders(Stream stream, string entry) => Read(stream, entry).Select(r => r.Sender);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
