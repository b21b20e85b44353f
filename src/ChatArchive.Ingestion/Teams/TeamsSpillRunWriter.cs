using System.Buffers;
using System.Buffers.Binary;

namespace ChatArchive.Ingestion.Teams;

/// <summary>Writes records, already in order, as one encrypted <see cref="TeamsSpillRun"/> (layout there).</summary>
internal sealed class TeamsSpillRunWriter
{
    private readonly TeamsSpillFolder _folder;
    private readonly int _number;
    private readonly FileStream _file;
    private readonly bool _segmentByChat;
    private readonly int _chunkBytes;
    private readonly ArrayBufferWriter<byte> _plain;
    private readonly Dictionary<string, TeamsSpillRun.Segment> _chats = new(StringComparer.Ordinal);
    private byte[] _sealed = [];
    private long _length;
    private long _records;
    private string? _chat;
    private long _chatStart;
    private long _chatRecords;

    public TeamsSpillRunWriter(TeamsSpillFolder folder, int number, bool segmentByChat, int chunkBytes)
    {
        _folder = folder;
        _number = number;
        _segmentByChat = segmentByChat;
        _chunkBytes = chunkBytes;
        _plain = new ArrayBufferWriter<byte>(chunkBytes + 1024);
        _file = folder.CreateFile();
    }

    public void Add(TeamsRecord record)
    {
        if (_segmentByChat && !string.Equals(record.ChatKey, _chat, StringComparison.Ordinal))
        {
            EndChat();
            _chat = record.ChatKey;
            _chatStart = _length;
        }
        TeamsRecordCodec.Write(record, _plain);
        _records++;
        _chatRecords++;
        if (_plain.WrittenCount >= _chunkBytes)
        {
            Flush();
        }
    }

    public TeamsSpillRun Complete()
    {
        EndChat();
        Flush();
        _file.Flush();
        return new TeamsSpillRun(_number, _file, _chats, _records);
    }

    private void EndChat()
    {
        if (_chat is null)
        {
            return;
        }
        Flush();
        _chats.Add(_chat, new TeamsSpillRun.Segment(_chatStart, _chatRecords));
        _chat = null;
        _chatRecords = 0;
    }

    private void Flush()
    {
        var plain = _plain.WrittenSpan;
        if (plain.Length == 0)
        {
            return;
        }
        var total = TeamsSpillRun.ChunkHeaderBytes + plain.Length;
        if (_sealed.Length < total)
        {
            _sealed = new byte[Math.Max(total, _sealed.Length * 2)];
        }
        var chunk = _sealed.AsSpan(0, total);
        BinaryPrimitives.WriteInt32LittleEndian(chunk, plain.Length);
        var nonce = chunk.Slice(4, TeamsSpillCipher.NonceBytes);
        var tag = chunk.Slice(4 + TeamsSpillCipher.NonceBytes, TeamsSpillCipher.TagBytes);
        _folder.Cipher.Seal(plain, nonce, chunk[TeamsSpillRun.ChunkHeaderBytes..], tag, AssociatedData(_number, _length));
        RandomAccess.Write(_file.SafeFileHandle, chunk, _length);
        // The plaintext buffer is wiped, not only reset: it held message text.
        _plain.Clear();
        _length += total;
    }

    /// <summary>Run number and chunk offset: what a chunk is bound to.</summary>
    public static byte[] AssociatedData(int run, long offset)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(data, run);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(4), offset);
        return data;
    }
}
