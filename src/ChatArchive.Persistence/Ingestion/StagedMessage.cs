using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>One message as it goes into the staging table of a read-out.</summary>
/// <remarks>
/// The SHA-256 fingerprint and the attachments JSON are computed only for rows that reach the staging table.
/// Identity (fingerprint and day digest) uses <see cref="IdentitySender"/>: the sender as first stored when the export
/// names a renamed contact (migration 0103), otherwise the sender as read. The message keeps the name as read.
/// </remarks>
internal readonly record struct StagedMessage(string ConversationKey, long Seq, long DigestA, long DigestB, CanonicalMessage Message, string IdentitySender)
{
    public static StagedMessage From(string conversationKey, long seq, CanonicalMessage m, string identitySender)
    {
        var (a, b) = DayDigestHash.Parts(identitySender, m.Sent, m.Text, m.Deleted);
        return new(conversationKey, seq, a, b, m, identitySender);
    }

    public byte[] Fingerprint() => ChatArchive.Ingestion.Pipeline.Fingerprint.Of(IdentitySender, Message.Sent, Message.Text, Message.Deleted).ToBytes();

    public string? AttachmentsJson() => AttachmentsToJson(Message.Attachments);

    /// <summary>The local calendar day as yyyymmdd (the wall-clock date the export shows).</summary>
    public int Day => Message.Sent.Year * 10000 + Message.Sent.Month * 100 + Message.Sent.Day;

    public short OffsetMinutes => (short)Message.Sent.Offset.TotalMinutes;

    /// <summary>Attachments travel with their message as a small JSON array and are unpacked in SQL, so one COPY stream carries all.</summary>
    private static string? AttachmentsToJson(IReadOnlyList<AttachmentRef> attachments)
    {
        if (attachments.Count == 0) return null;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var a in attachments)
            {
                w.WriteStartObject();
                w.WriteString("file_name", a.FileName);
                if (a.MediaType is null) w.WriteNull("media_type"); else w.WriteString("media_type", a.MediaType);
                if (a.Size is null) w.WriteNull("size"); else w.WriteNumber("size", a.Size.Value);
                if (a.Sha256 is null) w.WriteNull("sha256"); else w.WriteString("sha256", a.Sha256);
                w.WriteBoolean("present", a.Present);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
