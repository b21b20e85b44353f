using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChatArchive.Ingestion.Teams;

/// <summary>Reads one segment of a <see cref="TeamsSpillRun"/> record by record, one decrypted chunk in memory at a time.</summary>
internal sealed class TeamsSpillCursor
{
    private readonly TeamsSpillRun _run;
    private readonly TeamsSpillCipher _cipher;
    private long _offset;
    private long _remaining;
    private byte[] _chunk = [];
    private byte[] _plain = [];
    private int _plainLength;
    private int _position;

    public TeamsSpillCursor(TeamsSpillRun run, TeamsSpillCipher cipher, TeamsSpillRun.Segment segment)
    {
        _run = run;
        _cipher = cipher;
        _offset = segment.Offset;
        _remaining = segment.Records;
    }

    public TeamsRecord Current { get; private set; } = null!;

    public bool MoveNext()
    {
        if (_remaining == 0)
        {
            Wipe();
            return false;
        }
        if (_position >= _plainLength)
        {
            ReadChunk();
        }
        Current = TeamsRecordCodec.Read(_plain.AsSpan(0, _plainLength), ref _position);
        _remaining--;
        return true;
    }

    private void ReadChunk()
    {
        Span<byte> header = stackalloc byte[TeamsSpillRun.ChunkHeaderBytes];
        ReadExactly(header, _offset);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length <= 0)
        {
            throw new InvalidDataException($"Teams spill run {_run.Number} has a chunk without records at offset {_offset}.");
        }
        if (_chunk.Length < length)
        {
            Wipe();
            _chunk = new byte[length];
            _plain = new byte[length];
        }
        ReadExactly(_chunk.AsSpan(0, length), _offset + TeamsSpillRun.ChunkHeaderBytes);
        try
        {
            _cipher.Open(
                header.Slice(4, TeamsSpillCipher.NonceBytes), _chunk.AsSpan(0, length), header.Slice(4 + TeamsSpillCipher.NonceBytes),
                _plain.AsSpan(0, length), TeamsSpillRunWriter.AssociatedData(_run.Number, _offset));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"Teams spill run {_run.Number} was changed on disk during the read (chunk at offset {_offset}).", e);
        }
        _plainLength = length;
        _position = 0;
        _offset += TeamsSpillRun.ChunkHeaderBytes + length;
    }

    private void ReadExactly(Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(_run.File.SafeFileHandle, buffer, offset);
            if (read == 0)
            {
                throw new InvalidDataException($"Teams spill run {_run.Number} ends in the middle of a chunk at offset {offset}.");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }

    /// <summary>The decrypted buffer held message text; it is cleared before it is dropped.</summary>
    private void Wipe()
    {
        CryptographicOperations.ZeroMemory(_plain);
        _plainLength = 0;
        _position = 0;
    }
}
