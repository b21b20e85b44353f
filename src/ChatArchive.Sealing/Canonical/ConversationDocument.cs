using System.Text.Json;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Sealing.Canonical;

/// <summary>Where an attachment of a kept message ended up inside the package (path relative to the bag root).</summary>
public sealed record SealedAttachment(string PackagePath, string Sha256, long Size);

/// <summary>
/// The byte-stable JSON of one sealed conversation (issue 5 §1): the kept messages ordered by time
/// (ties keep export order), attachments beside them by package path and SHA-256.
/// </summary>
public static class ConversationDocument
{
    public const string Format = "chatarchive-conversation/1";

    /// <summary>Kept messages in the order they are written: by instant, ties in export order.</summary>
    public static IReadOnlyList<CanonicalMessage> Ordered(CanonicalConversation conversation) =>
        OrderedIndices(conversation).Select(i => conversation.Messages[i]).ToList();

    /// <summary>For each position of <see cref="Ordered"/>: the index of that message in <c>conversation.Messages</c>.</summary>
    public static IReadOnlyList<int> OrderedIndices(CanonicalConversation conversation) =>
        conversation.Messages.Select((m, i) => (m, i)).OrderBy(x => x.m.Sent.UtcTicks).ThenBy(x => x.i).Select(x => x.i).ToList();

    /// <param name="attachments">For message <c>i</c> of <see cref="Ordered"/> and attachment <c>j</c>: where it is sealed, or null when the export lacked it.</param>
    /// <param name="restrictionMark">For message <c>i</c> of <see cref="Ordered"/>: the label it was kept with under a restriction mark
    /// (cleaning mode Markeren), written as <c>restrictionMark</c>; null (or no function) writes nothing, so unmarked documents are unchanged.</param>
    public static byte[] Write(string conversationId, CanonicalConversation conversation, Func<int, int, SealedAttachment?> attachments, Func<int, string?>? restrictionMark = null)
    {
        var messages = Ordered(conversation);
        return CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("conversationId", conversationId);
            w.WriteString("title", conversation.Title);
            w.WriteBoolean("isGroup", conversation.IsGroup);
            w.WriteStartArray("participants");
            foreach (var p in conversation.Participants.Order(StringComparer.Ordinal)) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteNumber("messageCount", messages.Count);
            w.WriteStartArray("messages");
            for (var i = 0; i < messages.Count; i++)
            {
                var m = messages[i];
                w.WriteStartObject();
                w.WriteNumber("index", i);
                w.WriteString("sent", CanonicalJson.Instant(m.Sent));
                w.WriteNumber("sentOffsetMinutes", (int)m.Sent.Offset.TotalMinutes);
                w.WriteString("sender", m.Sender);
                w.WriteString("text", m.Text);
                w.WriteBoolean("edited", m.Edited);
                w.WriteBoolean("deleted", m.Deleted);
                w.WriteOptional("sourceId", m.SourceId);
                w.WriteOptional("replyToSourceId", m.ReplyToSourceId);
                if (restrictionMark?.Invoke(i) is { } mark) w.WriteString("restrictionMark", mark);
                w.WriteStartArray("attachments");
                for (var j = 0; j < m.Attachments.Count; j++)
                {
                    var a = m.Attachments[j];
                    var sealedAs = attachments(i, j);
                    w.WriteStartObject();
                    w.WriteString("fileName", a.FileName);
                    w.WriteOptional("mediaType", a.MediaType);
                    w.WriteBoolean("present", sealedAs is not null);
                    w.WriteOptional("path", sealedAs?.PackagePath);
                    if (sealedAs is not null) w.WriteNumber("size", sealedAs.Size); else w.WriteNull("size");
                    w.WriteOptional("sha256", sealedAs?.Sha256);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("systemEvents");
            foreach (var e in conversation.SystemEvents.Select((e, i) => (e, i)).OrderBy(x => x.e.At.UtcTicks).ThenBy(x => x.i).Select(x => x.e))
            {
                w.WriteStartObject();
                w.WriteString("kind", e.Kind.ToString());
                w.WriteString("at", CanonicalJson.Instant(e.At));
                w.WriteOptional("actor", e.Actor);
                w.WriteString("text", e.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
