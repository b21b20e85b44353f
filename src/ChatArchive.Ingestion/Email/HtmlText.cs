using System.Text;
using MimeKit.Text;

namespace ChatArchive.Ingestion.Email;

/// <summary>
/// The text a person reads in an HTML mail body: character data with entities decoded, a line break for block
/// elements and &lt;br&gt;, nothing from &lt;script&gt;, &lt;style&gt; or &lt;head&gt;. Built on MimeKit's HTML tokenizer.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Breaks = new(StringComparer.OrdinalIgnoreCase)
        { "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "hr" };

    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title" };

    public static string Convert(string html)
    {
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var sb = new StringBuilder(html.Length / 2);
        var hidden = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag:
                    if (Hidden.Contains(tag.Name))
                    {
                        if (tag.IsEndTag) hidden = Math.Max(0, hidden - 1);
                        else if (!tag.IsEmptyElement) hidden++;
                    }
                    else if (Breaks.Contains(tag.Name) && sb.Length > 0 && sb[^1] != '\n')
                    {
                        sb.Append('\n');
                    }
                    break;
                case HtmlDataToken data when hidden == 0 && token is not HtmlCommentToken:
                    sb.Append(data.Data);
                    break;
            }
        }
        // Collapse the whitespace HTML does not show: runs of spaces, and more than one empty line.
        var text = System.Text.RegularExpressions.Regex.Replace(sb.ToString(), "[ \t\u00A0]+", " ");
        text = System.Text.RegularExpressions.Regex.Replace(text, " ?\n ?", "\n");
        text = System.Text.RegularExpressions.Regex.Replace(text, "\n{3,}", "\n\n");
        return text.Trim();
    }
}
