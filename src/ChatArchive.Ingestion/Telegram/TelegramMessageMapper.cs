using System.Globalization;
using System.Text.Json;
using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Telegram;

/// <summary>One tdesktop message object → a message and/or system events (FORMATS.md §4).</summary>
internal static class TelegramMessageMapper
{
    public static IEnumerable<ExportItem> Map(JsonElement message, string key, ReadContext context)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(context, "een bericht is geen JSON-object");
        }
        try
        {
            return MapObject(message, key, context);
        }
        catch (InvalidOperationException e)
        {
            throw new ExportFormatException(
                $"'{context.Entry}' bevat tekst die geen geldige UTF-8 is. Exporteer de chat opnieuw vanuit Telegram Desktop.", context.Entry, null, e);
        }
    }

    private static List<ExportItem> MapObject(JsonElement message, string key, ReadContext context)
    {
        var items = new List<ExportItem>(2);
        var id = Scalar(message, "id");
        var sent = SentAt(message, context);
        switch (Str(message, "type"))
        {
            case "message":
            {
                var sender = Str(message, "from") ?? Str(message, "from_id") ?? Str(message, "author") ?? "Unknown";
                var attachments = new List<AttachmentRef>(1);
                if (message.TryGetProperty("photo", out var photo) && photo.ValueKind == JsonValueKind.String)
                {
                    attachments.Add(Media(context, photo.GetString()!, Str(message, "file_name"), null, "photo"));
                }
                if (message.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String)
                {
                    attachments.Add(Media(context, file.GetString()!, Str(message, "file_name"), Str(message, "mime_type"), Str(message, "media_type") ?? "file"));
                }
                items.Add(new MessageRead(key, new CanonicalMessage(
                    sender,
                    sent,
                    TextOf(message),
                    attachments,
                    Edited: message.TryGetProperty("edited_unixtime", out _) || message.TryGetProperty("edited", out _),
                    Deleted: false, // Telegram deletions leave no trace in the export (FORMATS.md §4)
                    SourceId: id,
                    ReplyToSourceId: Scalar(message, "reply_to_message_id"))));
                // Self-destructing ("view once") media: Handreiking §2.2.2 asks for no view-once; report it.
                if (message.TryGetProperty("self_destruct_period_seconds", out var period))
                {
                    items.Add(new SystemEventRead(key, new SystemEvent(SystemEventKind.ViewOnce, sent, sender,
                        $"self_destruct_period_seconds: {period.GetRawText()}")));
                }
                break;
            }
            case "service":
                items.Add(new SystemEventRead(key, ServiceEvent(message, sent)));
                break;
            default:
                // "unsupported": tdesktop could not render it and wrote no content; there is nothing to keep.
                break;
        }
        return items;
    }

    private static SystemEvent ServiceEvent(JsonElement message, DateTimeOffset at)
    {
        var actor = Str(message, "actor") ?? Str(message, "actor_id");
        var action = Str(message, "action") ?? "";
        var members = message.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
            : [];
        var (kind, detail) = action switch
        {
            "create_group" or "create_channel" => (SystemEventKind.GroupCreated, Str(message, "title")),
            "edit_group_title" => (SystemEventKind.GroupRenamed, Str(message, "title")),
            "invite_members" => (SystemEventKind.MemberAdded, string.Join(", ", members)),
            "join_group_by_link" or "join_group_by_request" => (SystemEventKind.MemberJoined, Str(message, "inviter")),
            "remove_members" when members.Count == 1 && members[0] == actor => (SystemEventKind.MemberLeft, (string?)null),
            "remove_members" => (SystemEventKind.MemberRemoved, string.Join(", ", members)),
            // Telegram's auto-delete timer: period > 0 switches disappearing messages on, 0 off (FORMATS.md §4).
            "set_messages_ttl" => TtlPeriod(message) > 0
                ? (SystemEventKind.DisappearingOn, $"period: {TtlPeriod(message)} s")
                : (SystemEventKind.DisappearingOff, (string?)null),
            _ => (SystemEventKind.Other, (string?)null),
        };
        var text = TextOf(message);
        if (text.Length == 0)
        {
            text = string.IsNullOrEmpty(detail) ? action : $"{action}: {detail}";
        }
        return new SystemEvent(kind, at, actor, text);
    }

    private static long TtlPeriod(JsonElement message) =>
        message.TryGetProperty("period", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v) ? v
        : message.TryGetProperty("period_seconds", out var ps) && ps.ValueKind == JsonValueKind.Number && ps.TryGetInt64(out var w) ? w
        : 0;

    /// <summary><c>date_unixtime</c> is the instant; <c>date</c> is the exporting computer's wall clock without offset and only a fallback.</summary>
    private static DateTimeOffset SentAt(JsonElement message, ReadContext context)
    {
        var unix = Scalar(message, "date_unixtime");
        if (unix is not null && long.TryParse(unix, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && AmsterdamClock.PlausibleUnixSeconds(seconds))
        {
            return AmsterdamClock.FromUnixSeconds(seconds);
        }
        if (Str(message, "date") is { } date
            && DateTime.TryParseExact(date, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && AmsterdamClock.Plausible(local))
        {
            return context.Clock.ToInstant(local);
        }
        throw Invalid(context, $"bericht {Scalar(message, "id") ?? "?"} heeft geen geldige datum");
    }

    /// <summary><c>text</c> is a string, or an array of strings and <c>{"type","text"}</c> runs; the text is their concatenation.</summary>
    private static string TextOf(JsonElement message)
    {
        if (!message.TryGetProperty("text", out var text))
        {
            return "";
        }
        if (text.ValueKind == JsonValueKind.String)
        {
            return text.GetString()!;
        }
        if (text.ValueKind != JsonValueKind.Array)
        {
            return "";
        }
        var sb = new StringBuilder();
        foreach (var run in text.EnumerateArray())
        {
            if (run.ValueKind == JsonValueKind.String)
            {
                sb.Append(run.GetString());
            }
            else if (run.ValueKind == JsonValueKind.Object && run.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                sb.Append(t.GetString());
            }
        }
        return sb.ToString();
    }

    /// <summary>A media path is relative to result.json; a file that was not downloaded is a sentence in brackets instead of a path.</summary>
    private static AttachmentRef Media(ReadContext context, string path, string? fileName, string? mediaType, string fallbackName)
    {
        var notIncluded = path.StartsWith('(');
        var name = fileName ?? (notIncluded ? fallbackName : Path.GetFileName(path));
        if (notIncluded)
        {
            return ExportAttachments.Omitted(name, mediaType);
        }
        return ExportAttachments.FromEntry(context.Source, ExportAttachments.Combine(context.Folder, path), name, mediaType);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Scalar(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Number ? v.GetRawText()
        : null;

    private static ExportFormatException Invalid(ReadContext context, string what) => new(
        $"'{context.Entry}' is geen geldige Telegram-export: {what}. Exporteer de chat opnieuw met 'Machine-readable JSON'.", context.Entry);
}
