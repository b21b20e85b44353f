using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;

namespace ChatArchive.Ingestion.Social;

/// <summary>
/// What the Instagram and Facebook downloads ("Download your information", JSON) share: direct messages as
/// <c>messages/&lt;folder&gt;/&lt;thread&gt;/message_N.json</c> (newest first, split over several files), text written
/// as UTF-8 bytes escaped one by one (<see cref="MetaText"/>), media named by a path from the download's root.
/// The two formats differ in their root folder, where posts, comments and the profile are, and how those look;
/// each reader supplies that part. Deleted posts are not in a download; a later download that lacks a post or
/// message an earlier one had is found by the merge as for chats ("missing since read-out"). A message the
/// sender withdrew (<c>is_unsent</c>) is kept as a deletion tombstone.
/// </summary>
public abstract class MetaArchiveReader : IExportReader
{
    /// <summary>The message folders a download may hold: the inbox, archived chats, requests, filtered, and chats after end-to-end encryption.</summary>
    private static readonly string[] ThreadFolders = ["inbox", "archived_threads", "message_requests", "filtered_threads", "e2ee_cutover"];

    /// <summary>Largest single JSON file read (Meta splits messages into files of at most a few thousand): a bigger one is refused, not loaded.</summary>
    public const long MaxJsonBytes = 512L * 1024 * 1024;

    public abstract string Format { get; }

    /// <summary>"Instagram" or "Facebook", for titles and errors.</summary>
    protected abstract string ServiceName { get; }

    /// <summary>The root folder of today's layout: <c>your_instagram_activity</c> or <c>your_facebook_activity</c>.</summary>
    protected abstract string ActivityFolder { get; }

    /// <summary>Conversation-key prefix: "instagram" or "facebook".</summary>
    protected abstract string KeyPrefix { get; }

    /// <summary>How sure the reader is that a download without today's root folder (an older layout) is its service's: entries only.</summary>
    protected abstract double DetectOlderLayout(IReadOnlyList<string> entries);

    /// <summary>The account's own display name and user name from the profile file, if present.</summary>
    protected abstract (string? Name, string? UserName) ReadProfile(IExportSource source);

    /// <summary>The account's posts and comments as (conversation key, title, messages), oldest first.</summary>
    protected abstract IEnumerable<(string Key, string Title, IReadOnlyList<CanonicalMessage> Messages)> ReadPosts(IExportSource source, string owner, CancellationToken cancellationToken);

    public double Detect(IExportSource source)
    {
        var entries = source.Entries;
        if (entries.Any(e => e.StartsWith(ActivityFolder + "/", StringComparison.Ordinal) || e.Contains("/" + ActivityFolder + "/", StringComparison.Ordinal)))
        {
            return 0.95;
        }
        var threads = ThreadEntries(source);
        if (threads.Count == 1 && entries.Count == 1)
        {
            return 0.4; // a thread file alone: Instagram and Facebook write the same shape, so the reader is not sure (asks for --format)
        }
        return threads.Count == 0 && !entries.Any(e => e.EndsWith(".json", StringComparison.Ordinal)) ? 0 : DetectOlderLayout(entries);
    }

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var (name, userName) = ReadProfile(source);
        var owner = name ?? (userName is null ? OwnAccount.Sender : "@" + userName);
        var any = false;
        foreach (var (key, title, messages) in ReadPosts(source, owner, cancellationToken))
        {
            any = true;
            yield return new ConversationStarted(key, title, false, [owner]);
            foreach (var m in messages)
            {
                yield return new MessageRead(key, m);
            }
            yield return new ConversationCompleted(key, [owner]);
        }

        foreach (var thread in ThreadEntries(source).GroupBy(t => t.Thread, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            any = true;
            var participants = new List<string>();
            string? threadTitle = null;
            var read = new List<(long Ms, int Order, CanonicalMessage Message)>();
            var order = 0;
            // message_1.json holds the newest messages; within a file the newest comes first.
            foreach (var (entry, _, _) in thread.OrderByDescending(t => t.Part))
            {
                using var doc = ParseJson(source, entry);
                var root = doc.RootElement;
                threadTitle ??= MetaText.Str(root, "title");
                if (root.TryGetProperty("participants", out var ps) && ps.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in ps.EnumerateArray())
                    {
                        if (MetaText.Str(p, "name") is { Length: > 0 } n && !participants.Contains(n)) participants.Add(n);
                    }
                }
                if (!root.TryGetProperty("messages", out var ms) || ms.ValueKind != JsonValueKind.Array)
                {
                    throw new ExportFormatException($"'{entry}' is geen berichtenbestand van {ServiceName}: het veld 'messages' ontbreekt. Download de gegevens opnieuw in JSON-formaat.", entry);
                }
                var inFile = new List<(long, CanonicalMessage)>();
                var index = 0;
                foreach (var m in ms.EnumerateArray())
                {
                    index++;
                    inFile.Add(ReadMessage(source, entry, index, m));
                }
                inFile.Reverse();
                foreach (var (ms2, message) in inFile) read.Add((ms2, order++, message));
            }
            foreach (var sender in read.Select(r => r.Message.Sender))
            {
                if (sender.Length > 0 && !participants.Contains(sender)) participants.Add(sender);
            }
            var key = $"{KeyPrefix}:dm:{thread.Key}";
            yield return new ConversationStarted(key, threadTitle is { Length: > 0 } t ? t : $"Directe berichten ({ServiceName})", participants.Count > 2, participants);
            foreach (var r in read.OrderBy(r => r.Ms).ThenBy(r => r.Order))
            {
                yield return new MessageRead(key, r.Message);
            }
            yield return new ConversationCompleted(key, participants);
        }
        if (!any)
        {
            throw new ExportFormatException(
                $"In '{source.DisplayName}' staan geen berichten, berichten op het account of reacties van {ServiceName}. " +
                "Vraag de download aan in JSON-formaat met 'Berichten' en 'Inhoud' aangevinkt.", source.DisplayName);
        }
    }

    private (long Ms, CanonicalMessage Message) ReadMessage(IExportSource source, string entry, int index, JsonElement m)
    {
        var sender = MetaText.Str(m, "sender_name");
        if (sender is null)
        {
            throw new ExportFormatException($"Bericht {index} in '{entry}' heeft geen afzender ('sender_name'). Download de gegevens opnieuw.", entry);
        }
        if (!m.TryGetProperty("timestamp_ms", out var ts) || ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var ms))
        {
            throw new ExportFormatException($"Bericht {index} in '{entry}' heeft geen geldig tijdstip ('timestamp_ms'). Download de gegevens opnieuw.", entry);
        }
        var text = MetaText.Str(m, "content") ?? "";
        if (m.TryGetProperty("share", out var share) && MetaText.Str(share, "link") is { Length: > 0 } link && !text.Contains(link, StringComparison.Ordinal))
        {
            text = text.Length == 0 ? link : text + "\n" + link;
        }
        var attachments = new List<AttachmentRef>();
        foreach (var kind in new[] { "photos", "videos", "audio_files", "gifs", "files" })
        {
            if (!m.TryGetProperty(kind, out var list) || list.ValueKind != JsonValueKind.Array) continue;
            foreach (var a in list.EnumerateArray())
            {
                if (MetaText.Str(a, "uri") is { Length: > 0 } uri) attachments.Add(Attachment(source, entry, uri));
            }
        }
        if (m.TryGetProperty("sticker", out var sticker) && MetaText.Str(sticker, "uri") is { Length: > 0 } stickerUri)
        {
            attachments.Add(Attachment(source, entry, stickerUri));
        }
        var unsent = m.TryGetProperty("is_unsent", out var u) && u.ValueKind == JsonValueKind.True;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return (ms, new CanonicalMessage(sender, at, unsent ? "" : text, unsent ? [] : attachments, Deleted: unsent));
    }

    /// <summary>A media path from the download's root; the download may sit inside one more folder (a zip with a top folder).</summary>
    protected AttachmentRef Attachment(IExportSource source, string fromEntry, string uri)
    {
        var fileName = uri[(uri.Replace('\\', '/').LastIndexOf('/') + 1)..];
        if (uri.Contains("://", StringComparison.Ordinal))
        {
            return ExportAttachments.Omitted(fileName);
        }
        foreach (var prefix in RootPrefixes(fromEntry))
        {
            if (ExportAttachments.Combine(prefix, uri) is { } entry && source.Exists(entry))
            {
                return ExportAttachments.FromEntry(source, entry, fileName);
            }
        }
        return ExportAttachments.Omitted(fileName);
    }

    /// <summary>Folders a root-relative path may be relative to: what comes before the activity folder or the messages folder.</summary>
    private IEnumerable<string> RootPrefixes(string entry)
    {
        yield return "";
        foreach (var marker in new[] { ActivityFolder + "/", "messages/", "posts/", "content/", "media/" })
        {
            var at = entry.StartsWith(marker, StringComparison.Ordinal) ? 0 : entry.IndexOf("/" + marker, StringComparison.Ordinal) + 1;
            if (at > 0) yield return entry[..(at - 1)];
        }
    }

    /// <summary>Every <c>messages/&lt;folder&gt;/&lt;thread&gt;/message_N.json</c>, with the thread ("inbox/jan_123") and N.</summary>
    protected static List<(string Entry, string Thread, int Part)> ThreadEntries(IExportSource source)
    {
        var found = new List<(string, string, int)>();
        foreach (var e in source.Entries)
        {
            var parts = e.Split('/');
            if (parts.Length < 4) continue;
            var file = parts[^1];
            if (!file.StartsWith("message_", StringComparison.Ordinal) || !file.EndsWith(".json", StringComparison.Ordinal)) continue;
            if (!int.TryParse(file.AsSpan(8, file.Length - 13), out var part)) continue;
            if (parts[^4] != "messages" || !ThreadFolders.Contains(parts[^3])) continue;
            found.Add((e, parts[^3] + "/" + parts[^2], part));
        }
        // One thread file handed over on its own (message_1.json taken out of the download): one thread, named by the file.
        if (found.Count == 0 && source.Entries.Count == 1 && source.Entries[0].EndsWith(".json", StringComparison.OrdinalIgnoreCase) && IsThreadFile(source, source.Entries[0]))
        {
            var only = source.Entries[0];
            found.Add((only, Path.GetFileNameWithoutExtension(only), 1));
        }
        return found;
    }

    /// <summary>A Messenger thread file: an object whose "messages" hold "sender_name" and "timestamp_ms" (looked for in the first bytes only).</summary>
    private static bool IsThreadFile(IExportSource source, string entry)
    {
        var head = FormatPrefix.Read(source, entry, 4096);
        return head.TrimStart().StartsWith('{') && head.Contains("\"messages\"", StringComparison.Ordinal)
               && head.Contains("\"sender_name\"", StringComparison.Ordinal) && head.Contains("\"timestamp_ms\"", StringComparison.Ordinal);
    }

    /// <summary>The first entry whose path ends with <paramref name="suffix"/> (shortest first: the download's own, not a copy deeper down).</summary>
    protected static string? FindEntry(IExportSource source, string suffix) =>
        source.Entries.Where(e => e == suffix || e.EndsWith("/" + suffix, StringComparison.Ordinal)).OrderBy(e => e.Length).FirstOrDefault();

    protected JsonDocument ParseJson(IExportSource source, string entry)
    {
        if (source.Length(entry) > MaxJsonBytes)
        {
            throw new ExportFormatException($"'{entry}' is groter dan {MaxJsonBytes / (1024 * 1024)} MB; zo groot maakt {ServiceName} geen bestand. Controleer de download.", entry);
        }
        using var stream = source.Open(entry);
        try
        {
            return JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ExportFormatException($"'{entry}' is geen geldig JSON-bestand van {ServiceName} (regel {e.LineNumber + 1}). Download de gegevens opnieuw in JSON-formaat.", entry, e.LineNumber + 1, e);
        }
    }

    /// <summary>A file may be a bare array or an object with one array property (Instagram has written both).</summary>
    protected static IEnumerable<JsonElement> Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array) return root.EnumerateArray();
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Array) return p.Value.EnumerateArray();
            }
        }
        return [];
    }


    /// <summary><c>&lt;folder&gt;/&lt;prefix&gt;N.json</c> in one of the given folders, in the order of N.</summary>
    protected static IEnumerable<string> Numbered(IExportSource source, string prefix, string[] folders) =>
        source.Entries
            .Where(e => folders.Any(f => e.StartsWith(f + prefix, StringComparison.Ordinal) || e.Contains("/" + f + prefix, StringComparison.Ordinal)) && e.EndsWith(".json", StringComparison.Ordinal))
            .OrderBy(e => e.Length).ThenBy(e => e, StringComparer.Ordinal);

    protected static DateTimeOffset? Seconds(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var s) && s > 0
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;
}

/// <summary>
/// Meta's downloads write each UTF-8 byte of a text as its own escaped character (é as "\u00c3\u00a9"). A string
/// whose characters all lie below 256 and that decodes as strict UTF-8 is turned back into the text that was
/// written; anything else (already right, or not UTF-8 at all) is kept as it is.
/// </summary>
public static class MetaText
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

    public static string Repair(string s)
    {
        var high = false;
        foreach (var c in s)
        {
            if (c > 0xFF) return s;
            if (c >= 0x80) high = true;
        }
        if (!high) return s;
        var bytes = new byte[s.Length];
        for (var i = 0; i < s.Length; i++) bytes[i] = (byte)s[i];
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return s;
        }
    }

    /// <summary>A string property, repaired; null when absent or not a string.</summary>
    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Repair(v.GetString()!) : null;
}
