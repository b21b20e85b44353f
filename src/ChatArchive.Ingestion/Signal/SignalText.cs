namespace ChatArchive.Ingestion.Signal;

/// <summary>Conventions signal-export adds to every body (carderne/signal-export create.py, models.py).</summary>
internal static class SignalText
{
    /// <summary>Written when the sender's service id matches no contact.</summary>
    public const string NoSender = "No-Sender";

    /// <summary>signal-export appends two spaces (a Markdown line break) to every body; they are not the sender's.</summary>
    public static string WithoutMarkdownBreak(string body) => body.EndsWith("  ", StringComparison.Ordinal) ? body[..^2] : body;

    /// <summary>Attachment paths have every whitespace character written as %20.</summary>
    public static string UnescapePath(string path) => path.Replace("%20", " ", StringComparison.Ordinal);
}
