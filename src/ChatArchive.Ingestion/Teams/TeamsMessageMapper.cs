using System.Globalization;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Time;

namespace ChatArchive.Ingestion.Teams;

/// <summary>One Graph chatMessage → a message or a system event (FORMATS.md §6).</summary>
internal static class TeamsMessageMapper
{
    /// <param name="strings">Pool for values that repeat on every message (chat key, sender), so the sorted buffer holds each once.</param>
    public static TeamsRecord? Map(JsonElement m, IExportSource source, string entry, Dictionary<string, string> files, Dictionary<string, string> strings)
    {
        if (m.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(entry, "een element in \"value\" is geen bericht-object");
        }
        try
        {
            return MapObject(m, source, entry, files, strings);
        }
        catch (InvalidOperationException e)
        {
            throw new ExportFormatException(
                $"'{entry}' bevat tekst die geen geldige UTF-8 is. Haal de berichten opnieuw op via Microsoft Graph.", entry, null, e);
        }
    }

    private static TeamsRecord? MapObject(JsonElement m, IExportSource source, string entry, Dictionary<string, string> files, Dictionary<string, string> strings)
    {
        var id = Str(m, "id") ?? throw Invalid(entry, "een bericht heeft geen \"id\"");
        var created = Instant(m, "createdDateTime") ?? throw Invalid(entry, $"bericht {id} heeft geen geldige \"createdDateTime\"");
        var modified = Instant(m, "lastModifiedDateTime") ?? created;
        var chatKey = Pooled(strings, "teams:" + (Str(m, "chatId") ?? Path.GetFileNameWithoutExtension(entry)));
        var messageType = Str(m, "messageType") ?? "message";
        var hasEventDetail = m.TryGetProperty("eventDetail", out var detail) && detail.ValueKind == JsonValueKind.Object;
        var content = m.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object ? Str(body, "content") ?? "" : "";

        if (messageType == "typing")
        {
            return null;
        }
        // Without "Prefer: include-unknown-enum-members" system events come back as unknownFutureValue (FORMATS.md §6).
        if (messageType is "systemEventMessage" or "chatEvent" || hasEventDetail || content.Trim() == "<systemEventMessage/>")
        {
            var (evt, renamedTo) = SystemEventOf(hasEventDetail ? detail : default, created);
            return new TeamsRecord(id, chatKey, created, modified, new SystemEventRead(chatKey, evt), renamedTo);
        }

        var sender = Pooled(strings, SenderOf(m));
        var deleted = Instant(m, "deletedDateTime") is not null;
        var images = new List<TeamsHtml.InlineImage>();
        var text = deleted ? ""
            : string.Equals(body.ValueKind == JsonValueKind.Object ? Str(body, "contentType") : null, "html", StringComparison.OrdinalIgnoreCase)
                ? TeamsHtml.ToText(content, images)
                : content;
        var attachments = new List<AttachmentRef>();
        if (!deleted)
        {
            attachments.AddRange(FileAttachments(m, source, files));
            // Inline images are hosted content, not in attachments[], and not in the stored JSON (FORMATS.md §6).
            attachments.AddRange(images.Select(i => ExportAttachments.Omitted(i.Name, MediaTypes.FromFileName(i.Name))));
        }
        var message = new CanonicalMessage(
            sender,
            created,
            text,
            attachments.Count == 0 ? [] : attachments,
            Edited: Instant(m, "lastEditedDateTime") is not null,
            Deleted: deleted,
            SourceId: id,
            ReplyToSourceId: Str(m, "replyToId"));
        return new TeamsRecord(id, chatKey, created, modified, new MessageRead(chatKey, message), null);
    }

    private static IEnumerable<AttachmentRef> FileAttachments(JsonElement m, IExportSource source, Dictionary<string, string> files)
    {
        if (!m.TryGetProperty("attachments", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        foreach (var a in list.EnumerateArray())
        {
            var contentType = Str(a, "contentType") ?? "";
            var name = Str(a, "name");
            // Shared files are "reference" attachments; cards, forwarded-message references and Loop components are not files.
            var isFile = contentType == "reference"
                         || (name is not null && Str(a, "contentUrl") is not null && contentType.Contains('/')
                             && !contentType.StartsWith("application/vnd.microsoft.", StringComparison.Ordinal));
            if (!isFile || name is null)
            {
                continue;
            }
            yield return ExportAttachments.FromEntry(source, files.GetValueOrDefault(name), name,
                contentType.Contains('/') ? contentType : null);
        }
    }

    private static (SystemEvent Event, string? RenamedTo) SystemEventOf(JsonElement detail, DateTimeOffset at)
    {
        if (detail.ValueKind != JsonValueKind.Object)
        {
            return (new SystemEvent(SystemEventKind.Other, at, null, "systemEventMessage"), null);
        }
        var type = Str(detail, "@odata.type") ?? "";
        var shortType = type.StartsWith("#microsoft.graph.", StringComparison.Ordinal) ? type["#microsoft.graph.".Length..] : type;
        var actor = IdentityName(detail, "initiator");
        var members = detail.TryGetProperty("members", out var ms) && ms.ValueKind == JsonValueKind.Array
            ? ms.EnumerateArray().Select(x => Str(x, "displayName") ?? Str(x, "id") ?? "?").ToList()
            : [];
        var renamedTo = shortType.StartsWith("chatRenamed", StringComparison.Ordinal) ? Str(detail, "chatDisplayName") : null;
        var kind = shortType switch
        {
            _ when shortType.StartsWith("membersAdded", StringComparison.Ordinal) => SystemEventKind.MemberAdded,
            _ when shortType.StartsWith("membersJoined", StringComparison.Ordinal) => SystemEventKind.MemberJoined,
            _ when shortType.StartsWith("membersLeft", StringComparison.Ordinal) => SystemEventKind.MemberLeft,
            _ when shortType.StartsWith("membersDeleted", StringComparison.Ordinal) =>
                members.Count == 1 && members[0] == actor ? SystemEventKind.MemberLeft : SystemEventKind.MemberRemoved,
            _ when shortType.StartsWith("chatRenamed", StringComparison.Ordinal) => SystemEventKind.GroupRenamed,
            _ => SystemEventKind.Other,
        };
        var what = renamedTo ?? (members.Count > 0 ? string.Join(", ", members) : null);
        return (new SystemEvent(kind, at, actor, what is null ? shortType : $"{shortType}: {what}"), renamedTo);
    }

    /// <summary>Initiator or sender: a user (display name, else id), or a bot in <c>application</c>.</summary>
    private static string? IdentityName(JsonElement parent, string property)
    {
        if (!parent.TryGetProperty(property, out var identity) || identity.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var slot in (string[])["user", "application", "device"])
        {
            if (identity.TryGetProperty(slot, out var who) && who.ValueKind == JsonValueKind.Object)
            {
                return Str(who, "displayName") ?? Str(who, "id");
            }
        }
        return null;
    }

    private static string Pooled(Dictionary<string, string> strings, string value)
    {
        if (strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }
        strings[value] = value;
        return value;
    }

    private static string SenderOf(JsonElement m) => IdentityName(m, "from") ?? "Unknown";

    /// <summary>Graph timestamps are ISO 8601 UTC ("…Z"); reported with Amsterdam's offset, same instant.</summary>
    private static DateTimeOffset? Instant(JsonElement e, string name) =>
        Str(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                              && AmsterdamClock.Plausible(t.UtcDateTime)
            ? AmsterdamClock.InZone(t)
            : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static ExportFormatException Invalid(string entry, string what) => new(
        $"'{entry}' is geen geldige Teams-export: {what}. Haal de berichten opnieuw op via Microsoft Graph (chats/{{id}}/messages).", entry);
}
