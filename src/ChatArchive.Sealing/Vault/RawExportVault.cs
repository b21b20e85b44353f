using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ChatArchive.Sealing.Vault;

/// <summary>
/// Raw exports at rest (issue 5 §8): AES-256-GCM, never on disk in the clear. Each export gets its own key, derived
/// with HKDF-SHA256 from the configured master key and a random salt, and is cut into chunks so large exports stream.
/// Every chunk's AAD binds the file header, the chunk index and a "final" flag, so reordering, truncation and
/// appending are detected (the STREAM construction).
/// Layout: "CAVAULT1" | chunk size (int32 LE) | salt (32) | chunks: plain length (int32 LE) | ciphertext | tag (16).
/// Key rotation: new exports are written under the current master key; files under a retired key (the key ring, given
/// by the installation) stay readable until <see cref="RekeyAsync"/> has re-encrypted them one by one.
/// </summary>
public sealed partial class RawExportVault : IRawExportStore
{
    private readonly byte[] masterKey;
    private readonly IReadOnlyList<byte[]> keys;

    public RawExportVault(string folder, byte[] masterKey)
        : this(folder, masterKey, [])
    {
    }

    /// <param name="retiredKeys">Master keys of earlier rotations, only for reading files not yet re-encrypted.</param>
    public RawExportVault(string folder, byte[] masterKey, IReadOnlyList<byte[]> retiredKeys)
    {
        Folder = Path.GetFullPath(folder);
        this.masterKey = masterKey;
        keys = [masterKey, .. retiredKeys.Where(k => !k.AsSpan().SequenceEqual(masterKey))];
    }

    public const int DefaultChunkSize = 1 << 20;
    internal const int TagSize = 16;
    internal const int HeaderSize = 8 + 4 + 32;
    internal static readonly byte[] Magic = "CAVAULT1"u8.ToArray();
    private static readonly byte[] KeyInfo = "chatarchive raw-export vault v1"u8.ToArray();

    public string Folder { get; }

    /// <summary>
    /// Names a master key without revealing it: the first 8 bytes of SHA-256 over a fixed label and the key, as hex.
    /// Used for the file names of retired keys and in the rotation's output.
    /// </summary>
    public static string KeyId(byte[] key)
    {
        byte[] input = [.. "chatarchive vault key id\0"u8, .. key];
        var hash = SHA256.HashData(input);
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>The 32-byte master key from configuration (ChatArchive:Sealing:VaultKey, base64).</summary>
    public static byte[] ParseKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new SealingException("Er is geen sleutel voor de kluis met ruwe exports ingesteld. Zet 32 willekeurige bytes als base64 in ChatArchive:Sealing:VaultKey (bijv. 'openssl rand -base64 32').");
        }
        byte[] key;
        try { key = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException e) { throw new SealingException("ChatArchive:Sealing:VaultKey is geen geldige base64. Maak een sleutel met 'openssl rand -base64 32'.", e); }
        if (key.Length != 32) throw new SealingException($"ChatArchive:Sealing:VaultKey moet 32 bytes (256 bits) zijn, maar is {key.Length} bytes. Maak een sleutel met 'openssl rand -base64 32'.");
        return key;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into the vault and returns its id. Written to a temp file, then renamed.</summary>
    public async Task<string> StoreAsync(Stream plaintext, int chunkSize = DefaultChunkSize, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Folder);
        var id = Guid.NewGuid().ToString("N");
        var target = PathOf(id);
        var temp = Path.Combine(Folder, $".{id}.tmp");
        try
        {
            await WriteEncryptedAsync(plaintext, temp, chunkSize, ct);
            File.Move(temp, target, overwrite: false);
            return id;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under the current master key into a new file at <paramref name="path"/>, flushed to disk.</summary>
    private async Task WriteEncryptedAsync(Stream plaintext, string path, int chunkSize, CancellationToken ct)
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), chunkSize);
        salt.CopyTo(header, 12);
        var fileKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt, KeyInfo);
        try
        {
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            using var gcm = new AesGcm(fileKey, TagSize);
            await output.WriteAsync(header, ct);
            var plain = new byte[chunkSize];
            var cipher = new byte[chunkSize];
            var tag = new byte[TagSize];
            var lengthBytes = new byte[4];
            long index = 0;
            while (true)
            {
                var n = await Fill(plaintext, plain, ct);
                var final = n < chunkSize;
                Encrypt(gcm, header, index, final, plain.AsSpan(0, n), cipher.AsSpan(0, n), tag);
                BinaryPrimitives.WriteInt32LittleEndian(lengthBytes, n);
                await output.WriteAsync(lengthBytes, ct);
                await output.WriteAsync(cipher.AsMemory(0, n), ct);
                await output.WriteAsync(tag, ct);
                index++;
                if (final) break;
            }
            output.Flush(flushToDisk: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>A read-only stream of the decrypted export; throws <see cref="SealingException"/> when anything was altered.</summary>
    public Stream OpenRead(string id)
    {
        var path = PathOf(id);
        if (!File.Exists(path)) throw new SealingException($"Ruwe export {id} staat niet (meer) in de kluis. Controleer het id of lees de telefoon opnieuw uit.");
        return new VaultReadStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), keys, KeyInfo);
    }

    /// <summary>
    /// Re-encrypts every export that is still under a retired key with the current master key, one file at a time:
    /// decrypt (every tag checked) into an owner-only temp file under the new key, flush, rename over the old file.
    /// A crash leaves each file whole under either key, both of which the ring reads; a rerun continues where it
    /// stopped (files already under the current key are skipped). A file that does not decrypt under any key of the
    /// ring is left alone and reported. <paramref name="afterFile"/> is called after each re-encrypted file.
    /// Run it while nothing else writes to or deletes from the vault (server stopped).
    /// </summary>
    public async Task<VaultRekeyResult> RekeyAsync(Action<string>? afterFile = null, CancellationToken ct = default)
    {
        var result = new VaultRekeyResult();
        if (!Directory.Exists(Folder)) return result;
        result.TempFilesRemoved = Recover();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.vault").Order(StringComparer.Ordinal).ToList())
        {
            ct.ThrowIfCancellationRequested();
            var id = Path.GetFileNameWithoutExtension(path);
            if (!VaultId().IsMatch(id)) continue;
            var temp = Path.Combine(Folder, $".{id}.rekey.tmp");
            try
            {
                await using (var read = new VaultReadStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), keys, KeyInfo))
                {
                    if (read.KeyIndex == 0)
                    {
                        result.AlreadyCurrent++;
                        continue;
                    }
                    await WriteEncryptedAsync(read, temp, read.ChunkSize, ct);
                }
                File.Move(temp, path, overwrite: true);
                result.Reencrypted++;
            }
            catch (SealingException)
            {
                result.Unreadable.Add(id);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            afterFile?.Invoke(id);
        }
        return result;
    }

    public bool Exists(string id) => File.Exists(PathOf(id));

    /// <summary>Deletes an export (the department's policy after sealing); true when it existed.</summary>
    public bool Delete(string id)
    {
        var path = PathOf(id);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    /// <summary>Removes temp files of an interrupted store.</summary>
    public int Recover()
    {
        if (!Directory.Exists(Folder)) return 0;
        var n = 0;
        foreach (var f in Directory.EnumerateFiles(Folder, ".*.tmp")) { File.Delete(f); n++; }
        return n;
    }

    public string PathOf(string id)
    {
        if (!VaultId().IsMatch(id)) throw new SealingException($"'{id}' is geen geldig kluis-id (32 hexadecimale tekens).");
        return Path.Combine(Folder, id + ".vault");
    }

    internal static void Encrypt(AesGcm gcm, byte[] header, long index, bool final, ReadOnlySpan<byte> plain, Span<byte> cipher, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[HeaderSize + 9];
        Bind(header, index, final, nonce, aad);
        gcm.Encrypt(nonce, plain, cipher, tag, aad);
    }

    internal static void Decrypt(AesGcm gcm, byte[] header, long index, bool final, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> tag, Span<byte> plain)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[HeaderSize + 9];
        Bind(header, index, final, nonce, aad);
        gcm.Decrypt(nonce, cipher, tag, plain, aad);
    }

    private static void Bind(byte[] header, long index, bool final, Span<byte> nonce, Span<byte> aad)
    {
        // The key is unique per file (random salt), so a counter nonce never repeats under one key.
        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
        header.CopyTo(aad);
        BinaryPrimitives.WriteInt64BigEndian(aad[HeaderSize..], index);
        aad[HeaderSize + 8] = final ? (byte)1 : (byte)0;
    }

    private static async Task<int> Fill(Stream s, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await s.ReadAsync(buffer.AsMemory(total), ct);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex VaultId();

}

/// <summary>What a re-encryption pass did: counts and the ids of files no key of the ring could read.</summary>
public sealed class VaultRekeyResult
{
    public int Reencrypted { get; set; }

    public int AlreadyCurrent { get; set; }

    public int TempFilesRemoved { get; set; }

    public List<string> Unreadable { get; } = [];
}
