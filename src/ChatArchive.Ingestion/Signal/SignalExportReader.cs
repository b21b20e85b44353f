using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Signal;

/// <summary>
/// Output of signal-export (carderne/signal-export): a folder per conversation with chat.md, data.json
/// (JSON Lines) and media/ (FORMATS.md §2). The source can be the export's destination folder (many
/// conversations) or one conversation folder. data.json is read when present, chat.md otherwise.
/// Times are the exporting computer's wall clock without offset, read as Europe/Amsterdam.
/// </summary>
public sealed class SignalExportReader : IExportReader
{
    public string Format => ExportFormats.SignalExport;

    public double Detect(IExportSource source)
    {
        var folder = ConversationFolders(source).FirstOrDefault();
        if (folder is null)
        {
            return 0;
        }
        var score = 0.0;
        var json = EntryIn(folder, "data.json");
        if (source.Exists(json) && LooksLikeRecord(FormatPrefix.FirstLine(FormatPrefix.Read(source, json))))
        {
            score += 0.8;
        }
        var md = EntryIn(folder, "chat.md");
        if (source.Exists(md) && SignalMarkdown.IsHeader(FormatPrefix.FirstLine(FormatPrefix.Read(source, md, 2048))))
        {
            score += score > 0 ? 0.1 : 0.8;
        }
        if (score > 0 && source.Entries.Any(e => e.StartsWith(EntryIn(folder, "media/"), StringComparison.Ordinal)))
        {
            score += 0.05;
        }
        return Math.Min(score, 0.95);
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var folders = ConversationFolders(source).ToList();
        if (folders.Count == 0)
        {
            throw new ExportFormatException(
                $"In '{source.DisplayName}' staat geen uitvoer van signal-export (een map met chat.md en data.json per gesprek). Lever de map aan die signal-export heeft gemaakt.",
                source.DisplayName);
        }
        return ReadFolders(source, folders, cancellationToken);
    }

    private static IEnumerable<ExportItem> ReadFolders(IExportSource source, List<string> folders, CancellationToken cancellationToken)
    {
        foreach (var folder in folders)
        {
            var json = EntryIn(folder, "data.json");
            var fromJson = source.Exists(json);
            var entry = fromJson ? json : EntryIn(folder, "chat.md");

            // First pass: senders only, so that 1:1 or group and the participants are known before the first message.
            var participants = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            using (var stream = source.Open(entry))
            {
                var senders = fromJson ? SignalJsonLines.Senders(stream, entry) : SignalMarkdown.Senders(stream, entry);
                foreach (var sender in senders)
                {
                    if (sender != SignalText.NoSender && seen.Add(sender))
                    {
                        participants.Add(sender);
                    }
                }
            }
            var isGroup = participants.Count(p => p != OwnAccount.Sender) > 1;
            var title = folder.Length == 0 ? source.DisplayName : folder[(folder.LastIndexOf('/') + 1)..];
            var key = "signal:" + (folder.Length == 0 ? "." : folder);
            yield return new ConversationStarted(key, title, isGroup, participants);

            using var content = source.Open(entry);
            var records = fromJson ? SignalJsonLines.Read(content, entry) : SignalMarkdown.Read(content, entry);
            var clock = new AmsterdamClock();
            foreach (var record in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sent = clock.ToInstant(record.WallClock);
                yield return ToItem(source, folder, key, record, sent);
            }
        }
    }

    private static ExportItem ToItem(IExportSource source, string folder, string key, SignalRecord record, DateTimeOffset sent)
    {
        // Group changes and similar notices come out as records with an empty body and nothing attached (FORMATS.md §2).
        if (!record.Deleted && record.Text.Length == 0 && record.Media.Count == 0)
        {
            var actor = record.Sender == SignalText.NoSender ? null : record.Sender;
            return new SystemEventRead(key, new SystemEvent(SystemEventKind.Other, sent, actor, ""), record.Line);
        }
        var attachments = record.Media
            .Select(m => m.Path is null
                ? ExportAttachments.Omitted(m.Name)
                : ExportAttachments.FromEntry(source, ExportAttachments.Combine(folder, SignalText.UnescapePath(m.Path)), m.Name))
            .ToList();
        var message = new CanonicalMessage(record.Sender, sent, record.Text, attachments, Edited: false, Deleted: record.Deleted);
        return new MessageRead(key, message, record.Line);
    }

    /// <summary>Folders (entry prefixes, "" for the root) that hold a data.json or chat.md.</summary>
    private static IEnumerable<string> ConversationFolders(IExportSource source) =>
        source.Entries
            .Where(e => Path.GetFileName(e) is "data.json" or "chat.md")
            .Select(ExportAttachments.FolderOf)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static string EntryIn(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    private static bool LooksLikeRecord(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var o = document.RootElement;
            return o.ValueKind == JsonValueKind.Object && o.TryGetProperty("date", out _) && o.TryGetProperty("sender", out _) && o.TryGetProperty("body", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
