using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;

namespace ChatArchive.Ingestion.Social;

/// <summary>
/// The X (Twitter) archive download ("Your archive", issue 16 §4, channel social media): posts and replies from
/// <c>data/tweets.js</c> as one conversation of the account, direct messages from <c>data/direct-messages.js</c> as one
/// conversation each, the profile from <c>data/account.js</c>. Each file is "window.YTD.x.part0 = [ … ]": the JSON after
/// the '=' is read. Deleted posts are not in an archive; a later archive that lacks a post an earlier one had is found
/// by the merge as for chats ("missing since read-out").
/// </summary>
public sealed class XArchiveReader : IExportReader
{
    public string Format => ExportFormats.XArchive;

    public double Detect(IExportSource source)
    {
        var tweets = Find(source, "tweets.js");
        if (tweets is null) return 0;
        return FormatPrefix.Read(source, tweets, 256).TrimStart().StartsWith("window.YTD.", StringComparison.Ordinal) ? 0.95 : 0;
    }

    private static string? Find(IExportSource source, string name) =>
        source.Entries.Where(e => e == name || e.EndsWith("/" + name, StringComparison.Ordinal)).OrderBy(e => e.Length).FirstOrDefault();

    public IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default)
    {
        var tweetsEntry = Find(source, "tweets.js")
                          ?? throw new ExportFormatException($"In '{source.DisplayName}' staat geen data/tweets.js. Lever het archief van X aan zoals X het downloadt.", source.DisplayName);
        var folder = ExportAttachments.FolderOf(tweetsEntry);
        string? handle = null, display = null, accountId = null;
        if (Find(source, "account.js") is { } accountEntry)
        {
            using var account = Parse(source, accountEntry);
            foreach (var a in account.RootElement.EnumerateArray())
            {
                if (!a.TryGetProperty("account", out var acc)) continue;
                handle = Str(acc, "username");
                display = Str(acc, "accountDisplayName");
                accountId = Str(acc, "accountId");
            }
        }
        var me = handle is null ? OwnAccount.Sender : "@" + handle;
        var postsKey = "x:posts";
        yield return new ConversationStarted(postsKey, display is null ? $"Berichten van {me}" : $"Berichten van {display} ({me})", false, [me]);
        using (var tweets = Parse(source, tweetsEntry))
        {
            var index = 0;
            foreach (var item in tweets.RootElement.EnumerateArray())
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                var t = item.TryGetProperty("tweet", out var inner) ? inner : item;
                var id = Str(t, "id_str") ?? Str(t, "id");
                var created = Str(t, "created_at");
                if (created is null || !DateTimeOffset.TryParseExact(created, "ddd MMM dd HH:mm:ss zzz yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                {
                    throw new ExportFormatException($"Bericht {index} in '{tweetsEntry}' ({id}) heeft geen geldige datum ('created_at').", tweetsEntry);
                }
                var attachments = new List<AttachmentRef>();
                if (t.TryGetProperty("extended_entities", out var ext) || t.TryGetProperty("entities", out ext))
                {
                    if (ext.TryGetProperty("media", out var media) && media.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var m in media.EnumerateArray())
                        {
                            var url = Str(m, "media_url_https") ?? Str(m, "media_url") ?? "";
                            var file = url[(url.LastIndexOf('/') + 1)..];
                            // The archive keeps media as data/tweets_media/<tweet id>-<file name>.
                            var entry = ExportAttachments.Combine(folder, $"tweets_media/{id}-{file}");
                            attachments.Add(ExportAttachments.FromEntry(source, entry, file));
                        }
                    }
                }
                var message = new CanonicalMessage(me, at, Str(t, "full_text") ?? Str(t, "text") ?? "", attachments,
                    SourceId: id, ReplyToSourceId: Str(t, "in_reply_to_status_id_str"));
                yield return new MessageRead(postsKey, message);
            }
        }
        yield return new ConversationCompleted(postsKey, [me]);

        if (Find(source, "direct-messages.js") is not { } dmEntry) yield break;
        using var dms = Parse(source, dmEntry);
        foreach (var item in dms.RootElement.EnumerateArray())
        {
            if (!item.TryGetProperty("dmConversation", out var conv)) continue;
            var conversationId = Str(conv, "conversationId") ?? "";
            var key = "x:dm:" + conversationId;
            var participants = new List<string>();
            string Name(string? userId) => userId is null ? "" : userId == accountId ? me : "x-gebruiker " + userId;
            var messages = conv.TryGetProperty("messages", out var ms) && ms.ValueKind == JsonValueKind.Array ? ms.EnumerateArray().ToList() : [];
            foreach (var m in messages)
            {
                if (!m.TryGetProperty("messageCreate", out var mc)) continue;
                foreach (var who in new[] { Name(Str(mc, "senderId")), Name(Str(mc, "recipientId")) })
                {
                    if (who.Length > 0 && !participants.Contains(who)) participants.Add(who);
                }
            }
            if (!participants.Contains(me)) participants.Add(me);
            yield return new ConversationStarted(key, "Directe berichten " + conversationId, participants.Count > 2, participants);
            // The archive lists a conversation newest first; the canonical order is the order of sending.
            foreach (var m in messages.AsEnumerable().Reverse())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!m.TryGetProperty("messageCreate", out var mc)) continue;
                if (!DateTimeOffset.TryParse(Str(mc, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    throw new ExportFormatException($"Een direct bericht ({Str(mc, "id")}) in '{dmEntry}' heeft geen geldige datum ('createdAt').", dmEntry);
                }
                yield return new MessageRead(key, new CanonicalMessage(Name(Str(mc, "senderId")), at, Str(mc, "text") ?? "", [], SourceId: Str(mc, "id")));
            }
            yield return new ConversationCompleted(key, participants);
        }
    }

    /// <summary>"window.YTD.tweets.part0 = [ … ]": the JSON after the first '='.</summary>
    private static JsonDocument Parse(IExportSource source, string entry)
    {
        using var stream = source.Open(entry);
        using var text = new StreamReader(stream, new UTF8Encoding(false, true));
        var all = text.ReadToEnd();
        var eq = all.IndexOf('=');
        try
        {
            return JsonDocument.Parse(eq < 0 ? all : all[(eq + 1)..]);
        }
        catch (JsonException e)
        {
            throw new ExportFormatException($"'{entry}' is geen geldig archiefbestand van X (regel {e.LineNumber + 1}). Download het archief opnieuw.", entry, e.LineNumber + 1, e);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
