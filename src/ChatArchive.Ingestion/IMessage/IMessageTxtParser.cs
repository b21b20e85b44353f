using System.Globalization;
using System.Text.RegularExpressions;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Text;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.IMessage;

/// <summary>
/// imessage-exporter's TXT output (ReagentX, exporters/txt.rs; FORMATS.md §5). A record is a date line
/// (<c>Feb 05, 2023  9:04:10 PM</c>, optionally <c> (Read by … after …)</c>), the sender line, the body lines,
/// an optional reactions block, indented (4 spaces) replies, and a blank line. Reactions blocks and edit
/// histories add blank lines inside a record, and message text can hold blank lines too, so a record ends only
/// where a blank line is followed by a new date line (and, for a message, its sender line).
/// </summary>
internal sealed partial class IMessageTxtParser
{
    public const string ReplyNote = "This message responded to an earlier message.";

    /// <summary>Written before the body of a message the phone's owner deleted that is still recoverable (FORMATS.md §5).</summary>
    public const string DeletedNote = "This message was deleted from the conversation!";

    private readonly BoundedLineReader _reader;
    private readonly string _entry;
    /// <summary>Lines read ahead but not yet consumed: <see cref="_ahead"/>[<see cref="_head"/>..].</summary>
    private readonly List<(string Text, long Number)> _ahead = [];
    private int _head;

    private IMessageTxtParser(BoundedLineReader reader, string entry)
    {
        _reader = reader;
        _entry = entry;
    }

    public static IEnumerable<IMessageRecord> Read(Stream stream, string entry)
    {
        using var reader = new BoundedLineReader(stream, entry);
        var parser = new IMessageTxtParser(reader, entry);
        foreach (var record in parser.Records())
        {
            yield return record;
        }
    }

    private IEnumerable<IMessageRecord> Records()
    {
        while (true)
        {
            var first = NextNonBlank();
            if (first is null)
            {
                yield break;
            }
            var (line, number) = first.Value;
            var m = DateLine().Match(line);
            if (!m.Success)
            {
                throw new ExportFormatException(
                    $"Regel {number} van '{_entry}' hoort niet bij een export van imessage-exporter (verwacht: een datumregel zoals 'Feb 05, 2023  9:04:10 PM'). Lever het .txt-bestand uit imessage-exporter ongewijzigd aan.",
                    _entry, number);
            }
            var at = ParseDate(m.Groups["date"].Value, number);
            var rest = m.Groups["rest"].Value;
            if (!IsMessageHeaderRest(rest))
            {
                yield return Announcement(at, rest.Trim(), number);
                continue;
            }
            var sender = Next();
            if (sender is null || sender.Value.Text.Length == 0)
            {
                throw new ExportFormatException(
                    $"Regel {number + 1} van '{_entry}': na de datumregel ontbreekt de afzender. Het bestand is afgebroken of bewerkt; maak de export opnieuw.",
                    _entry, number + 1);
            }
            var body = new List<string>();
            while (Next() is { } next)
            {
                var blanks = 0;
                if (next.Text.Length == 0)
                {
                    if (RecordStartsAfterBlanks(out blanks))
                    {
                        break;
                    }
                }
                if (body.Count + blanks >= MaxRecordLines)
                {
                    throw TooLong(number);
                }
                body.Add(next.Text);
                // The blank lines already looked at belong to the body too: take them now, so each line is scanned once.
                for (var k = 0; k < blanks; k++)
                {
                    body.Add(Next()!.Value.Text);
                }
            }
            foreach (var record in Message(at, sender.Value.Text, body, number))
            {
                yield return record;
            }
        }
    }

    /// <summary>After a blank line: do the next non-blank lines start a new record? Nothing is consumed; <paramref name="blanks"/> is the number of further blank lines seen.</summary>
    private bool RecordStartsAfterBlanks(out int blanks)
    {
        var i = 0;
        while (Peek(i) is { } p && p.Text.Length == 0)
        {
            i++;
        }
        blanks = i;
        if (Peek(i) is not { } candidate)
        {
            return true; // only blank lines remain
        }
        var m = DateLine().Match(candidate.Text);
        if (!m.Success)
        {
            return false;
        }
        if (IsMessageHeaderRest(m.Groups["rest"].Value))
        {
            // A date line that ends the file is a record cut off before its sender: let Records report it.
            return Peek(i + 1) is not { } sender || (sender.Text.Length > 0 && !sender.Text.StartsWith("    ", StringComparison.Ordinal));
        }
        // An announcement is a single line followed by a blank line (txt.rs format_announcement).
        return Peek(i + 1) is not { } after || after.Text.Length == 0;
    }

    /// <summary>No message has this many lines; a record that does is a broken file, and memory stays bounded (issue 3 §5).</summary>
    public const int MaxRecordLines = 100_000;

    private ExportFormatException TooLong(long number) => new(
        $"Het bericht dat begint op regel {number} van '{_entry}' loopt door over meer dan {MaxRecordLines} regels. Dit is geen gewone export of het bestand is beschadigd; maak de export met imessage-exporter opnieuw.",
        _entry, number);

    /// <summary>What may follow the date on a message's first line: nothing, or the read receipt.</summary>
    internal static bool IsMessageHeaderRest(string rest) => rest.Length == 0 || rest.StartsWith(" (Read by ", StringComparison.Ordinal);

    private IMessageRecord Announcement(DateTime at, string text, long number)
    {
        var rename = Renamed().Match(text);
        return rename.Success
            ? new IMessageRecord(at, rename.Groups["who"].Value, text, [], false, false, true, rename.Groups["name"].Value, number)
            : new IMessageRecord(at, null, text, [], false, false, true, null, number);
    }

    private IEnumerable<IMessageRecord> Message(DateTime at, string sender, List<string> body, long number)
    {
        var text = new List<string>();
        var replies = new List<string>();
        var attachments = new List<string>();
        var edited = false;
        var deletedFromConversation = false;
        for (var i = 0; i < body.Count; i++)
        {
            var line = body[i];
            if (i == 0 && line == DeletedNote)
            {
                deletedFromConversation = true;
                continue;
            }
            if (line.StartsWith("    ", StringComparison.Ordinal))
            {
                replies.Add(line[4..]);
                continue;
            }
            if (line == ReplyNote)
            {
                continue;
            }
            if (line == "Reactions:")
            {
                // "<Reaction> by <who>" lines and the blank line the block ends with belong to the reaction, not the text.
                while (i + 1 < body.Count && ReactionLine().IsMatch(body[i + 1]))
                {
                    i++;
                }
                if (i + 1 < body.Count && body[i + 1].Length == 0)
                {
                    i++;
                }
                continue;
            }
            if (text.Count == 0 && attachments.Count == 0 && EditedFirstLine().Match(line) is { Success: true } original)
            {
                // Edit history: "<date> <original>", then "Edited <duration> later: <text>" per version; the last version is the text.
                edited = true;
                text.Add(original.Groups["text"].Value);
                continue;
            }
            if (edited && EditLine().Match(line) is { Success: true } version)
            {
                text.Clear();
                text.Add(version.Groups["text"].Value);
                continue;
            }
            if (IsAttachmentPath(line))
            {
                attachments.Add(line);
                continue;
            }
            if (StickerLine().Match(line) is { Success: true } sticker)
            {
                attachments.Add(sticker.Groups["path"].Value);
                continue;
            }
            text.Add(line);
        }
        while (text.Count > 0 && text[^1].Length == 0)
        {
            text.RemoveAt(text.Count - 1);
        }
        // "Sent with Loud" and the like follow the text of an expressive send: the exporter's note, not the sender's words.
        if (text.Count > 1 && Expressive().IsMatch(text[^1]))
        {
            text.RemoveAt(text.Count - 1);
        }
        // Unsent messages: "You deleted a message." / "They deleted a message." (txt.rs format_edited) is all the body holds.
        var deleted = text.Count == 1 && attachments.Count == 0 && Unsent().IsMatch(text[0]);
        // A tombstone's content is gone: the exporter's sentence is not the sender's text.
        yield return new IMessageRecord(at, sender, deleted ? "" : string.Join("\n", text), attachments, edited && !deleted, deleted, false, null, number,
            deletedFromConversation);

        if (replies.Count > 0)
        {
            foreach (var reply in Replies(replies, number))
            {
                yield return reply;
            }
        }
    }

    /// <summary>Threaded replies are whole records indented by four spaces inside the message they answer.</summary>
    private IEnumerable<IMessageRecord> Replies(List<string> lines, long number)
    {
        var i = 0;
        while (i < lines.Count)
        {
            var m = DateLine().Match(lines[i]);
            if (!m.Success || !IsMessageHeaderRest(m.Groups["rest"].Value) || i + 1 >= lines.Count)
            {
                i++;
                continue;
            }
            var at = ParseDate(m.Groups["date"].Value, number);
            var sender = lines[i + 1];
            var body = new List<string>();
            i += 2;
            while (i < lines.Count && !(DateLine().Match(lines[i]) is { Success: true } d && IsMessageHeaderRest(d.Groups["rest"].Value) && i + 1 < lines.Count))
            {
                body.Add(lines[i]);
                i++;
            }
            foreach (var record in Message(at, sender, body, number))
            {
                yield return record;
            }
        }
    }

    private static bool IsAttachmentPath(string line) =>
        line.Length > 2 && !line.Contains('\n') && AttachmentPath().IsMatch(line);

    private DateTime ParseDate(string text, long number)
    {
        // "%b %d, %Y %l:%M:%S %p": %l pads the hour with a space, so single-digit hours have two spaces before them.
        var normalized = MultipleSpaces().Replace(text, " ");
        if (DateTime.TryParseExact(normalized, "MMM d, yyyy h:mm:ss tt", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && AmsterdamClock.Plausible(local))
        {
            return local;
        }
        throw new ExportFormatException(
            $"Regel {number} van '{_entry}' heeft een ongeldige datum. Maak de export met imessage-exporter opnieuw.", _entry, number);
    }

    private (string Text, long Number)? Next()
    {
        if (_head < _ahead.Count)
        {
            var line = _ahead[_head++];
            if (_head == _ahead.Count)
            {
                _ahead.Clear();
                _head = 0;
            }
            return line;
        }
        return _reader.ReadLine() is { } text ? (text, _reader.LineNumber) : null;
    }

    private (string Text, long Number)? NextNonBlank()
    {
        while (Next() is { } line)
        {
            if (line.Text.Length > 0)
            {
                return line;
            }
        }
        return null;
    }

    private (string Text, long Number)? Peek(int index)
    {
        while (_ahead.Count - _head <= index)
        {
            if (_reader.ReadLine() is not { } line)
            {
                return null;
            }
            _ahead.Add((line, _reader.LineNumber));
        }
        return _ahead[_head + index];
    }

    [GeneratedRegex(@"^(?<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4} {1,2}\d{1,2}:\d{2}:\d{2} [AP]M)(?<rest>.*)$", RegexOptions.CultureInvariant)]
    internal static partial Regex DateLine();

    [GeneratedRegex(@"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4} {1,2}\d{1,2}:\d{2}:\d{2} [AP]M (?<text>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EditedFirstLine();

    [GeneratedRegex(@"^Edited .+? later: (?<text>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EditLine();

    [GeneratedRegex(@"^(?<who>.+?) renamed the conversation to (?<name>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Renamed();

    [GeneratedRegex(@"^\S+ by .+$", RegexOptions.CultureInvariant)]
    private static partial Regex ReactionLine();

    [GeneratedRegex(@"^\S+ deleted a message\.$", RegexOptions.CultureInvariant)]
    private static partial Regex Unsent();

    [GeneratedRegex(@"^Sticker from .+?: (?<path>(?:~/|/|attachments/)\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex StickerLine();

    // Copied attachments are written as a path (relative "attachments/…" or absolute), originals as ~/Library/Messages/Attachments/….
    [GeneratedRegex(@"^(?:~/Library/Messages/Attachments/|/|attachments/)[^\t]*\.[A-Za-z0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttachmentPath();

    [GeneratedRegex(@"^Sent with [A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Expressive();

    [GeneratedRegex(" {2,}", RegexOptions.CultureInvariant)]
    private static partial Regex MultipleSpaces();
}
