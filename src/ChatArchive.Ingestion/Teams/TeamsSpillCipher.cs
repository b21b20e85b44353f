using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// AES-256-GCM for spill chunks. Spill files hold message text, so they are never written in the clear (AVG art. 32,
/// BIO): the key is random, lives only in this object for one read, and is gone when the read ends, which leaves any
/// file a crash left behind unreadable. Nonces come from a counter, so no two chunks of one key share one.
/// </summary>
internal sealed class TeamsSpillCipher : IDisposable
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    private readonly AesGcm _aes;
    private ulong _nonceCounter;

    public TeamsSpillCipher()
    {
        var key = new byte[32];
        RandomNumberGenerator.Fill(key);
        _aes = new AesGcm(key, TagBytes);
        CryptographicOperations.ZeroMemory(key);
    }

    public void Seal(ReadOnlySpan<byte> plain, Span<byte> nonce, Span<byte> cipher, Span<byte> tag, ReadOnlySpan<byte> associated)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], ++_nonceCounter);
        _aes.Encrypt(nonce, plain, cipher, tag, associated);
    }

    /// <summary>Throws <see cref="AuthenticationTagMismatchException"/> when a chunk was changed or moved on disk.</summary>
    public void Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> tag, Span<byte> plain, ReadOnlySpan<byte> associated) =>
        _aes.Decrypt(nonce, cipher, tag, plain, associated);

    public void Dispose() => _aes.Dispose();
}
