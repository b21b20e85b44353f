using System.Globalization;
using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Tests.Teams;

/// <summary>
/// Every field of an item as one line, offsets and nulls included, surrogates as \uXXXX: two reads are the same
/// when their lines are (records compare lists by reference, so record equality cannot be used).
/// </summary>
internal static class TeamsItemText
{
    public static List<string> Lines(IEnumerable<ExportItem> items) => items.Select(Line).ToList();

    public static string Line(ExportItem item) => item switch
    {
        ConversationStarted c => $"chat {S(c.ConversationKey)} title={S(c.Title)} group={c.IsGroup} participants=[{string.Join(",", c.Participants.Select(S))}]",
        MessageRead { Message: var m } r =>
            $"message {S(r.ConversationKey)} line={r.Line} id={S(m.SourceId)} reply={S(m.ReplyToSourceId)} from={S(m.Sender)} sent={T(m.Sent)} "
            + $"edited={m.Edited} deleted={m.Deleted} text={S(m.Text)} attachments=[{string.Join(",", m.Attachments.Select(a => $"{S(a.FileName)}|{S(a.MediaType)}|{a.Size}|{S(a.Sha256)}|{a.Present}"))}]",
        SystemEventRead { Event: var e } r => $"event {S(r.ConversationKey)} line={r.Line} kind={e.Kind} at={T(e.At)} actor={S(e.Actor)} text={S(e.Text)}",
        _ => throw new InvalidOperationException("unexpected item " + item.GetType().Name),
    };

    private static string T(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static string S(string? s)
    {
        if (s is null)
        {
            return "<null>";
        }
        var sb = new StringBuilder("\"");
        foreach (var ch in s)
        {
            sb.Append(char.IsSurrogate(ch) || ch is '"' or '\\' || char.IsControl(ch) ? $"\\u{(int)ch:X4}" : ch.ToString());
        }
        return sb.Append('"').ToString();
    }
}
