using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChatArchive.Sealing.Vault;

/// <summary>
/// Decrypts a vault file chunk by chunk. A chunk is only handed out after its tag verified; a missing final chunk
/// (truncation) or bytes after it raise an error at the end of the stream.
/// </summary>
internal sealed class VaultReadStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _header = new byte[RawExportVault.HeaderSize];
    private readonly AesGcm _gcm;
    private readonly byte[] _cipher;
    private readonly byte[] _plain;
    private readonly byte[] _tag = new byte[RawExportVault.TagSize];
    private readonly int _chunkSize;
    private int _plainLength;
    private int _plainOffset;
    private long _index;
    private bool _finalSeen;

    public VaultReadStream(Stream inner, byte[] masterKey, byte[] keyInfo)
    {
        _inner = inner;
        ReadExactlyOrFail(_header);
        if (!_header.AsSpan(0, 8).SequenceEqual(RawExportVault.Magic)) throw Damaged();
        _chunkSize = BinaryPrimitives.ReadInt32LittleEndian(_header.AsSpan(8));
        if (_chunkSize is <= 0 or > 64 << 20) throw Damaged();
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, _header.AsSpan(12, 32).ToArray(), keyInfo);
        _gcm = new AesGcm(key, RawExportVault.TagSize);
        CryptographicOperations.ZeroMemory(key);
        _cipher = new byte[_chunkSize];
        _plain = new byte[_chunkSize];
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_plainOffset == _plainLength)
        {
            if (_finalSeen)
            {
                if (_inner.ReadByte() != -1) throw Damaged();
                return 0;
            }
            NextChunk();
        }
        var n = Math.Min(buffer.Length, _plainLength - _plainOffset);
        _plain.AsSpan(_plainOffset, n).CopyTo(buffer);
        _plainOffset += n;
        return n;
    }

    private void NextChunk()
    {
        Span<byte> len = stackalloc byte[4];
        if (_inner.ReadAtLeast(len, 4, throwOnEndOfStream: false) < 4) throw Damaged();
        var n = BinaryPrimitives.ReadInt32LittleEndian(len);
        if (n < 0 || n > _chunkSize) throw Damaged();
        ReadExactlyOrFail(_cipher.AsSpan(0, n));
        ReadExactlyOrFail(_tag);
        var final = n < _chunkSize;
        try
        {
            RawExportVault.Decrypt(_gcm, _header, _index, final, _cipher.AsSpan(0, n), _tag, _plain.AsSpan(0, n));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw Damaged(e);
        }
        _index++;
        _finalSeen = final;
        _plainLength = n;
        _plainOffset = 0;
    }

    private void ReadExactlyOrFail(Span<byte> buffer)
    {
        if (_inner.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length) throw Damaged();
    }

    private static SealingException Damaged(Exception? inner = null) =>
        new("De ruwe export in de kluis is beschadigd, afgekapt of met een andere sleutel versleuteld. Gebruik de juiste ChatArchive:Sealing:VaultKey of lees de telefoon opnieuw uit.", inner);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _gcm.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
