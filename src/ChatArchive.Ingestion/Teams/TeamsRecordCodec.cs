using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// A <see cref="TeamsRecord"/> as bytes for a spill run, and back, exactly: every string keeps null versus empty,
/// every time keeps its offset, and a string that is not well-formed UTF-16 (an HTML entity can decode to a lone
/// surrogate) is stored as UTF-16 code units instead of UTF-8, so the round trip never replaces a character.
/// </summary>
internal static class TeamsRecordCodec
{
    private const byte NullString = 0;
    private const byte Utf8String = 1;
    private const byte Utf16String = 2;
    private const byte MessageItem = 1;
    private const byte SystemEventItem = 2;

    public static void Write(TeamsRecord record, ArrayBufferWriter<byte> output)
    {
        if (record.Item.ConversationKey != record.ChatKey)
        {
            // The mapper always files an item under its record's chat; the codec stores the key once.
            throw new InvalidOperationException("Teams record item belongs to another conversation than the record.");
        }
        WriteInt64(output, record.Sequence);
        WriteString(output, record.Id);
        WriteString(output, record.ChatKey);
        WriteTime(output, record.Created);
        WriteTime(output, record.Modified);
        WriteString(output, record.RenamedTo);
        switch (record.Item)
        {
            case MessageRead { Message: var m } read:
                WriteByte(output, MessageItem);
                WriteNullableInt64(output, read.Line);
                WriteString(output, m.Sender);
                WriteTime(output, m.Sent);
                WriteString(output, m.Text);
                WriteByte(output, (byte)((m.Edited ? 1 : 0) | (m.Deleted ? 2 : 0)));
                WriteString(output, m.SourceId);
                WriteString(output, m.ReplyToSourceId);
                WriteInt32(output, m.Attachments.Count);
                foreach (var a in m.Attachments)
                {
                    WriteString(output, a.FileName);
                    WriteString(output, a.MediaType);
                    WriteNullableInt64(output, a.Size);
                    WriteString(output, a.Sha256);
                    WriteByte(output, a.Present ? (byte)1 : (byte)0);
                }
                break;
            case SystemEventRead { Event: var e } read:
                WriteByte(output, SystemEventItem);
                WriteNullableInt64(output, read.Line);
                WriteInt32(output, (int)e.Kind);
                WriteTime(output, e.At);
                WriteString(output, e.Actor);
                WriteString(output, e.Text);
                break;
            default:
                throw new InvalidOperationException("The Teams mapper only produces messages and system events.");
        }
    }

    public static TeamsRecord Read(ReadOnlySpan<byte> input, ref int position)
    {
        var sequence = ReadInt64(input, ref position);
        var id = ReadString(input, ref position)!;
        var chatKey = ReadString(input, ref position)!;
        var created = ReadTime(input, ref position);
        var modified = ReadTime(input, ref position);
        var renamedTo = ReadString(input, ref position);
        ExportItem item;
        switch (input[position++])
        {
            case MessageItem:
            {
                var line = ReadNullableInt64(input, ref position);
                var sender = ReadString(input, ref position)!;
                var sent = ReadTime(input, ref position);
                var text = ReadString(input, ref position)!;
                var flags = input[position++];
                var sourceId = ReadString(input, ref position);
                var replyTo = ReadString(input, ref position);
                var count = ReadInt32(input, ref position);
                var attachments = count == 0 ? [] : new AttachmentRef[count];
                for (var i = 0; i < count; i++)
                {
                    attachments[i] = new AttachmentRef(
                        ReadString(input, ref position)!, ReadString(input, ref position), ReadNullableInt64(input, ref position),
                        ReadString(input, ref position), input[position++] == 1);
                }
                var message = new CanonicalMessage(sender, sent, text, attachments, (flags & 1) != 0, (flags & 2) != 0, sourceId, replyTo);
                item = new MessageRead(chatKey, message, line);
                break;
            }
            case SystemEventItem:
            {
                var line = ReadNullableInt64(input, ref position);
                var kind = (SystemEventKind)ReadInt32(input, ref position);
                var at = ReadTime(input, ref position);
                var actor = ReadString(input, ref position);
                var text = ReadString(input, ref position)!;
                item = new SystemEventRead(chatKey, new SystemEvent(kind, at, actor, text), line);
                break;
            }
            default:
                throw new InvalidDataException("Teams spill record has an unknown item kind.");
        }
        return new TeamsRecord(id, chatKey, created, modified, item, renamedTo) { Sequence = sequence };
    }

    private static void WriteByte(ArrayBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> output, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static void WriteNullableInt64(ArrayBufferWriter<byte> output, long? value)
    {
        WriteByte(output, value.HasValue ? (byte)1 : (byte)0);
        if (value.HasValue)
        {
            WriteInt64(output, value.Value);
        }
    }

    /// <summary>Clock ticks plus offset in minutes (always whole minutes): <c>new DateTimeOffset(ticks, offset)</c> gives back the same value.</summary>
    private static void WriteTime(ArrayBufferWriter<byte> output, DateTimeOffset value)
    {
        WriteInt64(output, value.Ticks);
        WriteInt32(output, (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            WriteByte(output, NullString);
            return;
        }
        var span = output.GetSpan(5 + Encoding.UTF8.GetMaxByteCount(value.Length));
        if (Utf8.FromUtf16(value, span[5..], out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done)
        {
            span[0] = Utf8String;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], written);
            output.Advance(5 + written);
            return;
        }
        var units = MemoryMarshal.AsBytes(value.AsSpan());
        span = output.GetSpan(5 + units.Length);
        span[0] = Utf16String;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], value.Length);
        units.CopyTo(span[5..]);
        output.Advance(5 + units.Length);
    }

    private static long ReadInt64(ReadOnlySpan<byte> input, ref int position)
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(input[position..]);
        position += 8;
        return value;
    }

    private static int ReadInt32(ReadOnlySpan<byte> input, ref int position)
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(input[position..]);
        position += 4;
        return value;
    }

    private static long? ReadNullableInt64(ReadOnlySpan<byte> input, ref int position) =>
        input[position++] == 1 ? ReadInt64(input, ref position) : null;

    private static DateTimeOffset ReadTime(ReadOnlySpan<byte> input, ref int position)
    {
        var ticks = ReadInt64(input, ref position);
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(ReadInt32(input, ref position)));
    }

    private static string? ReadString(ReadOnlySpan<byte> input, ref int position)
    {
        var marker = input[position++];
        if (marker == NullString)
        {
            return null;
        }
        var length = ReadInt32(input, ref position);
        if (marker == Utf8String)
        {
            var text = Encoding.UTF8.GetString(input.Slice(position, length));
            position += length;
            return text;
        }
        var bytes = input.Slice(position, length * 2);
        position += length * 2;
        return new string(MemoryMarshal.Cast<byte, char>(bytes));
    }
}
