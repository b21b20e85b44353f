using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Social;

/// <summary>
/// Facebook's "Download your information" in JSON (channel social media, Handreiking §2.3): Messenger messages, the
/// account's posts (<c>posts/your_posts…N.json</c>: text in <c>data[].post</c>, time, media), its comments
/// (<c>comments.json</c>, <c>comments_v2</c>) and the profile (<c>profile_information.json</c>: full name).
/// Today's layout sits under <c>your_facebook_activity/</c>; older downloads have the same files at the root.
/// </summary>
public sealed class FacebookArchiveReader : MetaArchiveReader
{
    public override string Format => ExportFormats.FacebookArchive;
    protected override string ServiceName => "Facebook";
    protected override string ActivityFolder => "your_facebook_activity";
    protected override string KeyPrefix => "facebook";

    protected override double DetectOlderLayout(IReadOnlyList<string> entries)
    {
        var own = entries.Any(e => e.EndsWith("profile_information/profile_information.json", StringComparison.Ordinal)
                                    || (e.Contains("posts/your_posts", StringComparison.Ordinal) && e.EndsWith(".json", StringComparison.Ordinal))
                                    || e.EndsWith("comments_and_reactions/comments.json", StringComparison.Ordinal));
        var messages = entries.Any(e => e.Contains("messages/inbox/", StringComparison.Ordinal));
        return own ? 0.9 : messages ? 0.4 : 0;
    }

    protected override (string? Name, string? UserName) ReadProfile(IExportSource source)
    {
        if (FindEntry(source, "profile_information.json") is not { } entry) return (null, null);
        using var doc = ParseJson(source, entry);
        if (doc.RootElement.TryGetProperty("profile_v2", out var profile) && profile.TryGetProperty("name", out var name))
        {
            return (MetaText.Str(name, "full_name"), MetaText.Str(profile, "username"));
        }
        return (null, null);
    }

    protected override IEnumerable<(string Key, string Title, IReadOnlyList<CanonicalMessage> Messages)> ReadPosts(IExportSource source, string owner, CancellationToken cancellationToken)
    {
        var posts = new List<CanonicalMessage>();
        foreach (var entry in Numbered(source, "your_posts", ["posts/"]))
        {
            using var doc = ParseJson(source, entry);
            var index = 0;
            foreach (var p in Items(doc.RootElement))
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                var at = Seconds(p, "timestamp")
                         ?? throw new ExportFormatException($"Bericht {index} in '{entry}' heeft geen tijdstip ('timestamp'). Download de gegevens opnieuw.", entry);
                var text = "";
                if (p.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    text = string.Join("\n", data.EnumerateArray().Select(d => MetaText.Str(d, "post")).Where(t => t is { Length: > 0 }));
                }
                var attachments = new List<AttachmentRef>();
                if (p.TryGetProperty("attachments", out var atts) && atts.ValueKind == JsonValueKind.Array)
                {
                    foreach (var a in atts.EnumerateArray())
                    {
                        if (!a.TryGetProperty("data", out var ad) || ad.ValueKind != JsonValueKind.Array) continue;
                        foreach (var d in ad.EnumerateArray())
                        {
                            if (d.TryGetProperty("media", out var media) && MetaText.Str(media, "uri") is { Length: > 0 } uri)
                            {
                                attachments.Add(Attachment(source, entry, uri));
                            }
                            else if (d.TryGetProperty("external_context", out var ext) && MetaText.Str(ext, "url") is { Length: > 0 } url && !text.Contains(url, StringComparison.Ordinal))
                            {
                                text = text.Length == 0 ? url : text + "\n" + url;
                            }
                        }
                    }
                }
                posts.Add(new CanonicalMessage(owner, at, text, attachments, SourceId: $"post:{at.ToUnixTimeSeconds()}:{index}"));
            }
        }
        if (posts.Count > 0)
        {
            yield return ("facebook:posts", $"Berichten van {owner} op Facebook", posts.OrderBy(p => p.Sent).ToList());
        }

        var comments = new List<CanonicalMessage>();
        if (FindEntry(source, "comments.json") is { } commentsEntry)
        {
            using var doc = ParseJson(source, commentsEntry);
            var index = 0;
            foreach (var c in Items(doc.RootElement))
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                if (!c.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array) continue;
                foreach (var d in data.EnumerateArray())
                {
                    if (!d.TryGetProperty("comment", out var comment)) continue;
                    var at = Seconds(comment, "timestamp") ?? Seconds(c, "timestamp")
                             ?? throw new ExportFormatException($"Reactie {index} in '{commentsEntry}' heeft geen tijdstip. Download de gegevens opnieuw.", commentsEntry);
                    var text = MetaText.Str(comment, "comment") ?? "";
                    var title = MetaText.Str(c, "title");
                    comments.Add(new CanonicalMessage(MetaText.Str(comment, "author") ?? owner, at, title is null ? text : $"{text}\n({title})", [], SourceId: $"comment:{at.ToUnixTimeSeconds()}:{index}"));
                }
            }
        }
        if (comments.Count > 0)
        {
            yield return ("facebook:comments", $"Reacties van {owner} op Facebook", comments.OrderBy(p => p.Sent).ToList());
        }
    }
}
