using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// A message's identity across read-outs (FORMATS.md §7 "Message identity"): the sent instant at
/// the source's precision, the sender as written and the full text after normalising line ends and
/// removing invisible marks, plus the tombstone flag. Attachments are left out on purpose, so an
/// export "with media" and one "without media" of the same chat match. Identical messages in one
/// minute share a fingerprint: they are told apart by their occurrence number (a multiset).
/// 128 bits of SHA-256: collisions are not a practical concern at archive scale.
/// </summary>
public readonly record struct Fingerprint(ulong Hi, ulong Lo)
{
    /// <summary>
    /// The version of the byte layout and text normalisation hashed here. Stored fingerprints were made with some
    /// scheme; changing anything below (the layout, the marks removed, the line ends) is a new scheme number, and the
    /// golden values in FingerprintGoldenTests must then be changed on purpose, together with a migration of the
    /// stored fingerprints: otherwise every stored message shows up as "missing" and "new" at the next read-out.
    /// Scheme 1: SHA-256 over UTF-8(sender) 0x1F int64-BE(UTC ticks) deleted-byte UTF-8(text), both texts with CRLF/CR
    /// as LF and U+200E, U+200F, U+FEFF, U+2068, U+2069 removed; the first 16 bytes.
    /// </summary>
    public const int Scheme = 1;

    public byte[] ToBytes()
    {
        var b = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(b, Hi);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(8), Lo);
        return b;
    }

    public static Fingerprint FromBytes(ReadOnlySpan<byte> b) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(b), BinaryPrimitives.ReadUInt64BigEndian(b[8..]));

    public override string ToString() => $"{Hi:x16}{Lo:x16}";

    public static Fingerprint Of(CanonicalMessage m) => Of(m.Sender, m.Sent, m.Text, m.Deleted);

    public static Fingerprint Of(SystemEvent e) => Of(e.Actor ?? "", e.At, e.Kind + "\u001F" + e.Text, false);

    public static Fingerprint Of(string sender, DateTimeOffset sent, string text, bool deleted)
    {
        var max = Encoding.UTF8.GetMaxByteCount(sender.Length + text.Length) + 16;
        var rented = max <= 4096 ? null : ArrayPool<byte>.Shared.Rent(max);
        Span<byte> buffer = rented ?? stackalloc byte[4096];
        try
        {
            var n = WriteNormalized(sender, buffer);
            buffer[n++] = 0x1F;
            BinaryPrimitives.WriteInt64BigEndian(buffer[n..], sent.UtcTicks);
            n += 8;
            buffer[n++] = deleted ? (byte)1 : (byte)0;
            n += WriteNormalized(text, buffer[n..]);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer[..n], hash);
            return new Fingerprint(BinaryPrimitives.ReadUInt64BigEndian(hash), BinaryPrimitives.ReadUInt64BigEndian(hash[8..]));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>UTF-8 of the text with CRLF/CR as LF and LRM, RLM, BOM and isolate marks removed (FORMATS.md §1.4, §7).</summary>
    private static int WriteNormalized(string s, Span<byte> dest)
    {
        if (s.AsSpan().IndexOfAny(SpecialChars) < 0) return Encoding.UTF8.GetBytes(s, dest);
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '\u200E' or '\u200F' or '\uFEFF' or '\u2068' or '\u2069':
                    continue;
                case '\r':
                    sb.Append('\n');
                    if (i + 1 < s.Length && s[i + 1] == '\n') i++;
                    continue;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString(), dest);
    }

    private static readonly SearchValues<char> SpecialChars = SearchValues.Create("\u200E\u200F\uFEFF\u2068\u2069\r");
}
