using System.Globalization;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Telegram;

/// <summary>
/// Telegram Desktop "Machine-readable JSON" export (<c>result.json</c>): one dialog, or a full-account export
/// with <c>chats.list</c> and <c>left_chats.list</c> (FORMATS.md §4). The file is walked as a token stream and
/// each message is parsed on its own, so memory stays at one message, not the file.
/// </summary>
public sealed class TelegramDesktopReader : IExportReader
{
    public string Format => ExportFormats.TelegramDesktop;

    public double Detect(IExportSource source)
    {
        var entry = FindResultJson(source);
        if (entry is null)
        {
            return 0;
        }
        var prefix = FormatPrefix.Read(source, entry);
        if (!prefix.TrimStart().StartsWith('{'))
        {
            return 0;
        }
        var score = entry.EndsWith("result.json", StringComparison.OrdinalIgnoreCase) ? 0.2 : 0;
        // date_unixtime and the dialog types are written by tdesktop's export_output_json.cpp and by nothing else we read.
        if (prefix.Contains("\"date_unixtime\"", StringComparison.Ordinal))
        {
            score += 0.75;
        }
        else if (prefix.Contains("\"personal_information\"", StringComparison.Ordinal)
                 || DialogTypes.Any(t => prefix.Contains($"\"{t}\"", StringComparison.Ordinal)))
        {
            score += 0.6;
        }
        return Math.Min(score, 0.95);
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var entry = FindResultJson(source) ?? throw new ExportFormatException(
            $"In '{source.DisplayName}' staat geen result.json. Kies in Telegram Desktop bij het exporteren de indeling 'Machine-readable JSON'.",
            source.DisplayName);
        return ReadEntry(source, entry, cancellationToken);
    }

    private static IEnumerable<ExportItem> ReadEntry(IExportSource source, string entry, CancellationToken cancellationToken)
    {
        using var json = new JsonStreamReader(source.Open(entry), entry);
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            throw NotTelegram(entry);
        }
        var context = new ReadContext(source, entry, ExportAttachments.FolderOf(entry));
        var conversations = 0;
        foreach (var item in ReadDialog(json, context, isRoot: true, cancellationToken))
        {
            if (item is ConversationStarted)
            {
                conversations++;
            }
            yield return item;
        }
        if (conversations == 0)
        {
            throw new ExportFormatException(
                $"'{entry}' bevat geen chats met berichten. Controleer of dit de result.json van een Telegram-export is.", entry);
        }
    }

    /// <summary>Walks one dialog object's properties (or, at the root of a full export, its chat lists).</summary>
    private static IEnumerable<ExportItem> ReadDialog(JsonStreamReader json, ReadContext context, bool isRoot, CancellationToken cancellationToken)
    {
        string? name = null, type = null, id = null;
        while (json.Read() && json.TokenType != JsonTokenType.EndObject)
        {
            if (json.TokenType != JsonTokenType.PropertyName)
            {
                throw NotTelegram(context.Entry);
            }
            switch (json.Value)
            {
                case "name":
                    name = json.ReadScalarOrSkip();
                    break;
                case "type":
                    type = json.ReadScalarOrSkip();
                    break;
                case "id":
                    id = json.ReadScalarOrSkip();
                    break;
                case "messages":
                    if (!json.Read() || json.TokenType != JsonTokenType.StartArray)
                    {
                        throw NotTelegram(context.Entry);
                    }
                    foreach (var item in ReadMessages(json, context, name, type, id, cancellationToken))
                    {
                        yield return item;
                    }
                    break;
                case "chats" or "left_chats" when isRoot:
                    foreach (var item in ReadChatList(json, context, cancellationToken))
                    {
                        yield return item;
                    }
                    break;
                default:
                    json.ReadScalarOrSkip();
                    break;
            }
        }
    }

    /// <summary><c>"chats": {"about": …, "list": [dialog…]}</c> of a full-account export.</summary>
    private static IEnumerable<ExportItem> ReadChatList(JsonStreamReader json, ReadContext context, CancellationToken cancellationToken)
    {
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            json.SkipCurrentValue();
            yield break;
        }
        while (json.Read() && json.TokenType != JsonTokenType.EndObject)
        {
            if (json.Value != "list")
            {
                json.ReadScalarOrSkip();
                continue;
            }
            if (!json.Read() || json.TokenType != JsonTokenType.StartArray)
            {
                throw NotTelegram(context.Entry);
            }
            while (json.Read() && json.TokenType != JsonTokenType.EndArray)
            {
                if (json.TokenType != JsonTokenType.StartObject)
                {
                    throw NotTelegram(context.Entry);
                }
                foreach (var item in ReadDialog(json, context, isRoot: false, cancellationToken))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<ExportItem> ReadMessages(JsonStreamReader json, ReadContext context, string? name, string? type, string? id, CancellationToken cancellationToken)
    {
        context.Dialogs++;
        context.Clock = new AmsterdamClock();
        var key = $"telegram:{id ?? "#" + context.Dialogs.ToString(CultureInfo.InvariantCulture)}";
        var isGroup = type is not ("personal_chat" or "bot_chat" or "saved_messages" or null);
        // saved_messages and replies dialogs have no name (FORMATS.md §4); Telegram's own label is used for them.
        var title = name ?? type switch { "saved_messages" => "Saved Messages", "replies" => "Replies", _ => key };
        yield return new ConversationStarted(key, title, isGroup, name is not null && !isGroup ? [name] : []);

        var senders = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (json.ReadArrayElement() is { } document)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (document)
            {
                foreach (var item in TelegramMessageMapper.Map(document.RootElement, key, context))
                {
                    if (item is MessageRead m && seen.Add(m.Message.Sender))
                    {
                        senders.Add(m.Message.Sender);
                    }
                    yield return item;
                }
            }
        }
        if (type is "personal_chat" or "bot_chat")
        {
            // A one-to-one chat has two parties even when one never wrote: the other party (the chat's name) and the
            // exporting user, whose name a single-chat export does not give (issue 16: they were missing).
            if (name is not null && !seen.Contains(name)) senders.Insert(0, name);
            if (!senders.Any(s => s != name)) senders.Add(OwnAccount.Sender);
        }
        yield return new ConversationCompleted(key, senders);
    }

    private static readonly string[] DialogTypes =
        ["personal_chat", "bot_chat", "private_group", "private_supergroup", "public_supergroup", "private_channel", "public_channel", "saved_messages"];

    /// <summary>The shallowest <c>result.json</c>, or the only .json file of a single-file source.</summary>
    private static string? FindResultJson(IExportSource source) =>
        source.Entries.Where(e => string.Equals(Path.GetFileName(e), "result.json", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Count(c => c == '/')).FirstOrDefault()
        ?? (source.Entries.Count == 1 && source.Entries[0].EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? source.Entries[0] : null);

    private static ExportFormatException NotTelegram(string entry) => new(
        $"'{entry}' heeft niet de opbouw van een Telegram Desktop-export (JSON). Exporteer de chat opnieuw met 'Machine-readable JSON'.", entry);
}
