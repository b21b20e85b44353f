using System.Globalization;
using System.Security.Cryptography;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using MimeKit;
using MimeKit.Text;

namespace ChatArchive.Ingestion.Email;

/// <summary>
/// One MIME message to the canonical model (channel <c>email</c>): sender, recipients, subject, date, the body as text,
/// every attachment hashed as a stream (a 2 GB attachment is never in memory), message-id and thread.
/// </summary>
internal static class EmailMapper
{
    /// <summary>A text body larger than this is kept as a hashed attachment instead of text.</summary>
    public const long MaxBodyBytes = 16 << 20;

    /// <summary>More MIME parts than this in one message is refused: no real mail has them (a MIME bomb).</summary>
    public const int MaxParts = 10_000;

    /// <summary>Nesting deeper than this is refused (a MIME bomb); real mail forwards a few levels at most.</summary>
    public const int MaxDepth = 32;

    public static ParserOptions Parser { get; } = new() { MaxMimeDepth = MaxDepth + 2 };

    /// <summary>Whether a folder name asks for the Gedragsregeling's private suggestion (Handreiking §2.1.1): "Privé", "prive", "Priv&#233;-mail".</summary>
    public static bool IsPrivateFolder(string folder)
    {
        var folded = folder.Normalize(System.Text.NormalizationForm.FormD);
        var plain = new string(folded.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
        return plain.Contains("prive", StringComparison.OrdinalIgnoreCase);
    }

    public static string Address(InternetAddress a) => a switch
    {
        MailboxAddress m when !string.IsNullOrWhiteSpace(m.Name) => $"{m.Name} <{m.Address}>",
        MailboxAddress m => m.Address,
        GroupAddress g => g.Name ?? "",
        _ => a.ToString(),
    };

    public static (MessageRead Message, EmailDetailsRead Details) Map(MimeMessage message, string key, string folder, string where)
    {
        var date = message.Date;
        if (date == DateTimeOffset.MinValue || message.Headers[HeaderId.Date] is null)
        {
            throw new ExportFormatException(
                $"{where} heeft geen leesbare datum (kopregel 'Date'). Een bericht zonder datum kan niet worden gearchiveerd; exporteer de map opnieuw of lever dit bericht apart aan.",
                where);
        }
        var from = message.From.Count > 0 ? Address(message.From[0]) : message.Sender is { } s ? Address(s) : "";
        if (from.Length == 0)
        {
            throw new ExportFormatException($"{where} heeft geen afzender (kopregel 'From'). Exporteer de map opnieuw.", where);
        }

        string? text = null;
        var attachments = new List<AttachmentRef>();
        var parts = 0;
        Walk(message.Body, 0);

        var messageId = string.IsNullOrEmpty(message.MessageId) ? null : message.MessageId;
        var thread = message.References.Count > 0 ? message.References[0] : message.InReplyTo ?? messageId;
        var canonical = new CanonicalMessage(from, date, text ?? "", attachments, SourceId: messageId, ReplyToSourceId: message.InReplyTo);
        var details = new EmailDetailsRead(key, messageId, thread, message.Subject ?? "",
            message.To.Select(Address).ToList(), message.Cc.Select(Address).ToList(), folder, IsPrivateFolder(folder));
        return (new MessageRead(key, canonical), details);

        void Walk(MimeEntity? entity, int depth)
        {
            if (entity is null) return;
            if (++parts > MaxParts || depth > MaxDepth)
            {
                throw new ExportFormatException(
                    $"{where} heeft meer dan {MaxParts} delen of is dieper dan {MaxDepth} niveaus genest (mogelijk een MIME-bom). Het bericht wordt niet gelezen.",
                    where);
            }
            switch (entity)
            {
                case Multipart multipart:
                    // multipart/alternative: the plain text is the body; the HTML twin is the same text, not an attachment.
                    var alternative = multipart.ContentType.IsMimeType("multipart", "alternative");
                    if (alternative && text is null && multipart.OfType<TextPart>().FirstOrDefault(p => p.IsPlain && !p.IsAttachment) is { } plain)
                    {
                        TakeText(plain);
                        foreach (var child in multipart.Where(c => c is not TextPart)) Walk(child, depth + 1);
                        return;
                    }
                    foreach (var child in multipart) Walk(child, depth + 1);
                    return;
                case MessagePart forwarded:
                    attachments.Add(HashMessage(forwarded));
                    return;
                case TextPart tp when !tp.IsAttachment && text is null && (tp.IsPlain || tp.IsHtml):
                    TakeText(tp);
                    return;
                case MimePart part:
                    attachments.Add(Hash(part));
                    return;
            }
        }

        void TakeText(TextPart part)
        {
            var length = part.Content?.Stream is { CanSeek: true } st ? st.Length : 0;
            if (length > MaxBodyBytes)
            {
                attachments.Add(Hash(part));
                text = "";
                return;
            }
            text = part.IsHtml ? HtmlText.Convert(part.Text ?? "") : part.Text ?? "";
            // The line end that closes the body (and mbox's separator line) is layout, not text.
            text = text.Replace("\r\n", "\n").TrimEnd('\n');
        }
    }

    private static AttachmentRef Hash(MimePart part)
    {
        var name = part.FileName ?? "";
        using var sink = new HashingSink();
        part.Content?.DecodeTo(sink);
        return new AttachmentRef(name, part.ContentType.MimeType.ToLowerInvariant(), sink.Length, sink.Hex(), Present: part.Content is not null);
    }

    private static AttachmentRef HashMessage(MessagePart part)
    {
        using var sink = new HashingSink();
        part.Message?.WriteTo(sink);
        var name = part.ContentDisposition?.FileName ?? (part.Message?.Subject is { Length: > 0 } ? "bericht.eml" : "bericht.eml");
        return new AttachmentRef(name, "message/rfc822", sink.Length, sink.Hex(), Present: part.Message is not null);
    }

    /// <summary>A write-only stream that hashes and counts what goes through it (SHA-256), holding nothing.</summary>
    internal sealed class HashingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public string Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
