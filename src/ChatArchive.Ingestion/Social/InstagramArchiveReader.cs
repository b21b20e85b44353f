using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Social;

/// <summary>
/// Instagram's "Download your information" in JSON (channel social media, Handreiking §2.3): direct messages, the
/// account's posts (<c>content/posts_N.json</c>: caption, time, media) and its comments on posts
/// (<c>comments/post_comments_N.json</c>), and the profile (<c>personal_information.json</c>: name and user name).
/// Today's layout sits under <c>your_instagram_activity/</c>; older downloads have the same files at the root.
/// </summary>
public sealed class InstagramArchiveReader : MetaArchiveReader
{
    public override string Format => ExportFormats.InstagramArchive;
    protected override string ServiceName => "Instagram";
    protected override string ActivityFolder => "your_instagram_activity";
    protected override string KeyPrefix => "instagram";

    protected override double DetectOlderLayout(IReadOnlyList<string> entries)
    {
        // Files only Instagram writes; messages alone could be Facebook's too, so then the reader is not sure (0.4: refused, asks for --format).
        var own = entries.Any(e => e.EndsWith("personal_information/personal_information.json", StringComparison.Ordinal)
                                    || e.EndsWith("content/posts_1.json", StringComparison.Ordinal)
                                    || e.EndsWith("comments/post_comments_1.json", StringComparison.Ordinal)
                                    || e.EndsWith("media/posts_1.json", StringComparison.Ordinal));
        var messages = entries.Any(e => e.Contains("messages/inbox/", StringComparison.Ordinal));
        return own ? 0.9 : messages ? 0.4 : 0;
    }

    protected override (string? Name, string? UserName) ReadProfile(IExportSource source)
    {
        if (FindEntry(source, "personal_information.json") is not { } entry) return (null, null);
        using var doc = ParseJson(source, entry);
        if (!doc.RootElement.TryGetProperty("profile_user", out var users) || users.ValueKind != JsonValueKind.Array) return (null, null);
        foreach (var u in users.EnumerateArray())
        {
            if (!u.TryGetProperty("string_map_data", out var map)) continue;
            return (MapValue(map, "Name"), MapValue(map, "Username"));
        }
        return (null, null);
    }

    protected override IEnumerable<(string Key, string Title, IReadOnlyList<CanonicalMessage> Messages)> ReadPosts(IExportSource source, string owner, CancellationToken cancellationToken)
    {
        var posts = new List<CanonicalMessage>();
        foreach (var entry in Numbered(source, "posts_", ["content/", "media/"]))
        {
            using var doc = ParseJson(source, entry);
            var index = 0;
            foreach (var p in Items(doc.RootElement))
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                var media = p.TryGetProperty("media", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
                var first = media.Count > 0 ? media[0] : default;
                var at = Seconds(p, "creation_timestamp") ?? (media.Count > 0 ? Seconds(first, "creation_timestamp") : null)
                         ?? throw new ExportFormatException($"Bericht {index} in '{entry}' heeft geen tijdstip ('creation_timestamp'). Download de gegevens opnieuw.", entry);
                var caption = MetaText.Str(p, "title") is { Length: > 0 } t ? t : media.Count > 0 ? MetaText.Str(first, "title") ?? "" : "";
                var attachments = media.Select(x => MetaText.Str(x, "uri")).Where(u => u is { Length: > 0 }).Select(u => Attachment(source, entry, u!)).ToList();
                var id = media.Count > 0 && MetaText.Str(first, "uri") is { } uri ? uri : $"{at.ToUnixTimeSeconds()}:{index}";
                posts.Add(new CanonicalMessage(owner, at, caption, attachments, SourceId: id));
            }
        }
        if (posts.Count > 0)
        {
            yield return ("instagram:posts", $"Berichten van {owner} op Instagram", posts.OrderBy(p => p.Sent).ToList());
        }

        var comments = new List<CanonicalMessage>();
        foreach (var entry in Numbered(source, "post_comments_", ["comments/"]))
        {
            using var doc = ParseJson(source, entry);
            var index = 0;
            foreach (var c in Items(doc.RootElement))
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                if (!c.TryGetProperty("string_map_data", out var map)) continue;
                var text = MapValue(map, "Comment") ?? "";
                var at = map.TryGetProperty("Time", out var time) ? Seconds(time, "timestamp") : null;
                if (at is null)
                {
                    throw new ExportFormatException($"Reactie {index} in '{entry}' heeft geen tijdstip. Download de gegevens opnieuw.", entry);
                }
                var on = MapValue(map, "Media Owner");
                comments.Add(new CanonicalMessage(owner, at.Value, on is null ? text : $"{text}\n(reactie op een bericht van {on})", [], SourceId: $"comment:{at.Value.ToUnixTimeSeconds()}:{index}"));
            }
        }
        if (comments.Count > 0)
        {
            yield return ("instagram:comments", $"Reacties van {owner} op Instagram", comments.OrderBy(p => p.Sent).ToList());
        }
    }

    private static string? MapValue(JsonElement map, string key) =>
        map.TryGetProperty(key, out var v) ? MetaText.Str(v, "value") : null;
}
