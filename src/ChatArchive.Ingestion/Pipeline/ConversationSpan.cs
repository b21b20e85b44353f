namespace ChatArchive.Ingestion.Pipeline;

/// <summary>The time a conversation's export covers: its earliest and latest message (files are not sorted, FORMATS.md §1.2).</summary>
public sealed class ConversationSpan
{
    public DateTimeOffset? First { get; private set; }
    public DateTimeOffset? Last { get; private set; }
    public long Messages { get; private set; }

    public void Add(DateTimeOffset at)
    {
        Messages++;
        if (First is null || at < First) First = at;
        if (Last is null || at > Last) Last = at;
    }

    /// <summary>
    /// Whether an earlier message at <paramref name="at"/> lies where this export would show it.
    /// The first instant itself is excluded: WhatsApp drops the oldest messages of a long chat without
    /// warning (FORMATS.md §1.1), and with minute precision the cut can fall inside the first minute.
    /// A later export that starts later is therefore never read as deletions before its start.
    /// </summary>
    public bool Covers(DateTimeOffset at) => First is { } f && Last is { } l && at > f && at <= l;
}
