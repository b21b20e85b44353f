using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>One message as it goes into the staging table of a read-out.</summary>
/// <remarks>The SHA-256 fingerprint and the attachments JSON are computed only for rows that reach the staging table.</remarks>
internal readonly record struct StagedMessage(string ConversationKey, long Seq, long DigestA, long DigestB, CanonicalMessage Message)
{
    public static StagedMessage From(string conversationKey, long seq, CanonicalMessage m)
    {
        var (a, b) = DayDigestHash.Parts(m.Sender, m.Sent, m.Text, m.Deleted);
        return new(conversationKey, seq, a, b, m);
    }

    public byte[] Fingerprint() => ChatArchive.Ingestion.Pipeline.Fingerprint.Of(Message).ToBytes();

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
