using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.IMessage;

/// <summary>
/// imessage-exporter (ReagentX) TXT output: one .txt per conversation, named after the chat or its
/// participants, attachments copied beside it (FORMATS.md §5). Times are the exporting Mac's wall clock
/// without offset, read as Europe/Amsterdam. The source can be the export folder or a single .txt file.
/// </summary>
public sealed class IMessageExporterReader : IExportReader
{
    public string Format => ExportFormats.IMessageExporter;

    public double Detect(IExportSource source)
    {
        var best = 0.0;
        foreach (var entry in TextEntries(source).Take(4))
        {
            var lines = FormatPrefix.Read(source, entry, 4096).Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l.Length == 0).ToList();
            if (lines.Count == 0)
            {
                continue;
            }
            // The header starts with an English month abbreviation: other formats (digits, '{', '<') are ruled out
            // without running the regular expression.
            if (!char.IsAsciiLetterUpper(lines[0][0])) continue;
            var m = IMessageTxtParser.DateLine().Match(lines[0]);
            if (!m.Success)
            {
                continue;
            }
            var rest = m.Groups["rest"].Value;
            var score = IMessageTxtParser.IsMessageHeaderRest(rest)
                ? lines.Count > 1 && lines[1].Length > 0 ? 0.9 : 0.6
                : 0.7; // an announcement line first
            best = Math.Max(best, score);
        }
        return best;
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entries = TextEntries(source).ToList();
        if (entries.Count == 0)
        {
            throw new ExportFormatException(
                $"In '{source.DisplayName}' staat geen .txt-bestand van imessage-exporter. Exporteer met 'imessage-exporter -f txt' en lever de map of het .txt-bestand aan.",
                source.DisplayName);
        }
        return ReadEntries(source, entries, cancellationToken);
    }

    private static IEnumerable<ExportItem> ReadEntries(IExportSource source, List<string> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            // First pass: who speaks (the own account included, as in the other formats) and whether the chat was
            // renamed, so that 1:1 or group is known before the first message goes out.
            var participants = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var announced = false;
            using (var stream = source.Open(entry))
            {
                foreach (var record in IMessageTxtParser.Read(stream, entry))
                {
                    announced |= record.IsAnnouncement;
                    if (!record.IsAnnouncement && record.Sender is { } s && seen.Add(s))
                    {
                        participants.Add(s);
                    }
                }
            }
            var key = "imessage:" + entry;
            var title = Path.GetFileNameWithoutExtension(entry);
            // Group: more than one other sender, a rename announcement, or a file named after several participants ("A, B").
            var isGroup = participants.Count(p => p != OwnAccount.Sender) > 1 || announced || title.Contains(", ", StringComparison.Ordinal);
            yield return new ConversationStarted(key, title, isGroup, participants);

            var folder = ExportAttachments.FolderOf(entry);
            var clock = new AmsterdamClock();
            using var content = source.Open(entry);
            foreach (var record in IMessageTxtParser.Read(content, entry))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var at = clock.ToInstant(record.WallClock);
                if (record.IsAnnouncement)
                {
                    var kind = record.RenamedTo is not null ? SystemEventKind.GroupRenamed : SystemEventKind.Other;
                    // The exporter writes "You" for the own account in announcements; the canonical own name is "Me".
                    var actor = record.Sender == "You" ? OwnAccount.Sender : record.Sender;
                    yield return new SystemEventRead(key, new SystemEvent(kind, at, actor, record.Text), record.Line);
                    continue;
                }
                var attachments = record.AttachmentPaths.Select(p => Attachment(source, folder, p)).ToList();
                if (record.DeletedFromConversation && record.Text.Length == 0 && attachments.Count == 0)
                {
                    // The exporter's note with nothing after it: the content is gone, so this is a deleted message
                    // (a tombstone, a finding), not an empty message beside a notice (issue 16).
                    yield return new MessageRead(key, new CanonicalMessage(record.Sender!, at, "", [], Deleted: true), record.Line);
                    continue;
                }
                var message = new CanonicalMessage(record.Sender!, at, record.Text, attachments, record.Edited, record.Deleted);
                yield return new MessageRead(key, message, record.Line);
                if (record.DeletedFromConversation)
                {
                    // Deleted on the phone but still recoverable: the content is kept, and the deletion is reported
                    // apart from it, because Kamervragen 2024Z13765 (question 7) asks that deletions can be seen.
                    yield return new SystemEventRead(key, new SystemEvent(SystemEventKind.Other, at, record.Sender, IMessageTxtParser.DeletedNote), record.Line);
                }
            }
        }
    }

    /// <summary>
    /// A copied attachment is written as its path; an absolute path is matched to the export by its
    /// "attachments/…" tail, a relative one is taken from the .txt's folder. Not found: Present=false.
    /// </summary>
    private static AttachmentRef Attachment(IExportSource source, string folder, string path)
    {
        var name = Path.GetFileName(path);
        string? entry = null;
        var tail = path.IndexOf("/attachments/", StringComparison.Ordinal);
        if (!path.StartsWith('/') && !path.StartsWith('~'))
        {
            entry = ExportAttachments.Combine(folder, path);
        }
        else if (tail >= 0)
        {
            var relative = path[(tail + 1)..];
            entry = new[] { ExportAttachments.Combine(folder, relative), ExportAttachments.Combine("", relative) }
                .FirstOrDefault(e => e is not null && source.Exists(e));
        }
        return ExportAttachments.FromEntry(source, entry, name);
    }

    private static IEnumerable<string> TextEntries(IExportSource source) =>
        source.Entries.Where(e => e.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);
}
