using System.Net;
using System.Text;

namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// Graph <c>body.content</c> in HTML → the text the person typed (FORMATS.md §6): paragraphs and
/// <c>&lt;br&gt;</c> become line breaks, <c>&lt;at&gt;</c> mentions keep their name, attachment placeholders
/// vanish (the attachment is in <c>attachments[]</c>), inline images are collected, entities are decoded.
/// </summary>
internal static class TeamsHtml
{
    public sealed record InlineImage(string Name);

    public static string ToText(string html, List<InlineImage> images)
    {
        var sb = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                AppendText(sb, html.AsSpan(i));
                break;
            }
            AppendText(sb, html.AsSpan(i, lt - i));
            var gt = html.IndexOf('>', lt);
            if (gt < 0)
            {
                AppendText(sb, html.AsSpan(lt));
                break;
            }
            var tag = html.AsSpan(lt + 1, gt - lt - 1);
            var closing = tag.StartsWith("/");
            var name = TagName(closing ? tag[1..] : tag);
            switch (name)
            {
                case "br":
                    sb.Append('\n');
                    break;
                case "p" or "div" or "li" or "tr" when !closing:
                    if (sb.Length > 0 && sb[^1] != '\n')
                    {
                        sb.Append('\n');
                    }
                    break;
                case "img" when !closing:
                    images.Add(new InlineImage(Attribute(tag, "alt") is { Length: > 0 } alt ? alt : $"image-{images.Count + 1}"));
                    break;
            }
            i = gt + 1;
        }
        // Teams pads typed spaces with &nbsp;; the person typed a space.
        return sb.ToString().Replace('\u00A0', ' ').TrimEnd('\n');
    }

    private static void AppendText(StringBuilder sb, ReadOnlySpan<char> text)
    {
        if (text.Length > 0)
        {
            sb.Append(WebUtility.HtmlDecode(text.ToString()));
        }
    }

    private static string TagName(ReadOnlySpan<char> tag)
    {
        var end = 0;
        while (end < tag.Length && (char.IsAsciiLetterOrDigit(tag[end]) || tag[end] == '-'))
        {
            end++;
        }
        return tag[..end].ToString().ToLowerInvariant();
    }

    private static string? Attribute(ReadOnlySpan<char> tag, string attribute)
    {
        var text = tag.ToString();
        var at = text.IndexOf(attribute + "=\"", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }
        var start = at + attribute.Length + 2;
        var end = text.IndexOf('"', start);
        return end < 0 ? null : WebUtility.HtmlDecode(text[start..end]);
    }
}
