using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChatArchive.Sealing.Vault;

/// <summary>
/// Decrypts a vault file chunk by chunk. A chunk is only handed out after its tag verified; a missing final chunk
/// (truncation) or bytes after it raise an error at the end of the stream. With a key ring (after a rotation) the
/// first chunk is tried under each master key in turn; its tag tells which key the file was written with.
/// </summary>
internal sealed class VaultReadStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _header = new byte[RawExportVault.HeaderSize];
    private AesGcm? _gcm;
    private readonly IReadOnlyList<byte[]> _keys;
    private readonly byte[] _keyInfo;
    private readonly byte[] _cipher;
    private readonly byte[] _plain;
    private readonly byte[] _tag = new byte[RawExportVault.TagSize];
    private readonly int _chunkSize;
    private int _plainLength;
    private int _plainOffset;
    private long _index;
    private bool _finalSeen;

    /// <param name="masterKeys">The current master key first, then retired ones.</param>
    public VaultReadStream(Stream inner, IReadOnlyList<byte[]> masterKeys, byte[] keyInfo)
    {
        _inner = inner;
        _keys = masterKeys;
        _keyInfo = keyInfo;
        try
        {
            ReadExactlyOrFail(_header);
            if (!_header.AsSpan(0, 8).SequenceEqual(RawExportVault.Magic)) throw Damaged();
            _chunkSize = BinaryPrimitives.ReadInt32LittleEndian(_header.AsSpan(8));
            if (_chunkSize is <= 0 or > 64 << 20) throw Damaged();
            _cipher = new byte[_chunkSize];
            _plain = new byte[_chunkSize];
            // The first chunk is read now: it tells which key of the ring the file was written with.
            NextChunk();
        }
        catch
        {
            _inner.Dispose();
            _gcm?.Dispose();
            throw;
        }
    }

    /// <summary>Which master key of the ring opened the file: 0 the current key, higher a retired one.</summary>
    public int KeyIndex { get; private set; } = -1;

    public int ChunkSize => _chunkSize;

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
        if (_gcm is null)
        {
            for (var i = 0; i < _keys.Count && _gcm is null; i++)
            {
                var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys[i], 32, _header.AsSpan(12, 32).ToArray(), _keyInfo);
                var gcm = new AesGcm(key, RawExportVault.TagSize);
                CryptographicOperations.ZeroMemory(key);
                try
                {
                    RawExportVault.Decrypt(gcm, _header, _index, final, _cipher.AsSpan(0, n), _tag, _plain.AsSpan(0, n));
                    _gcm = gcm;
                    KeyIndex = i;
                }
                catch (AuthenticationTagMismatchException)
                {
                    gcm.Dispose();
                }
            }
            if (_gcm is null) throw Damaged();
        }
        else
        {
            try
            {
                RawExportVault.Decrypt(_gcm, _header, _index, final, _cipher.AsSpan(0, n), _tag, _plain.AsSpan(0, n));
            }
            catch (AuthenticationTagMismatchException e)
            {
                throw Damaged(e);
            }
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
            _gcm?.Dispose();
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
