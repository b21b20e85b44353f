using System.Buffers;
using System.Security.Cryptography;

namespace ChatArchive.Sealing.Hashing;

/// <summary>
/// SHA-256 over streams with large buffers, hashing while copying so every byte is read once
/// (benchmark goal: ≥ 70 % of <c>openssl dgst -sha256</c>, docs/benchmarks.sealing.md).
/// </summary>
public static class Sha256Files
{
    public const int BufferSize = 1 << 20;

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> and returns the SHA-256 and length of what was written.</summary>
    public static async Task<(string Sha256, long Length)> CopyAndHashAsync(Stream source, Stream destination, CancellationToken ct = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Two buffers: the next read runs while the previous block is hashed and written.
        var a = ArrayPool<byte>.Shared.Rent(BufferSize);
        var b = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            var read = await ReadBlockAsync(source, a, ct);
            while (read > 0)
            {
                // Read the next block, write this one and hash it, all at once: the write and the hash only read `a`.
                var next = ReadBlockAsync(source, b, ct);
                var write = destination.WriteAsync(a.AsMemory(0, read), ct);
                hash.AppendData(a, 0, read);
                await write;
                length += read;
                read = await next;
                (a, b) = (b, a);
            }
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    /// <summary>SHA-256 and length of a stream read to its end.</summary>
    public static async Task<(string Sha256, long Length)> HashAsync(Stream source, CancellationToken ct = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var a = ArrayPool<byte>.Shared.Rent(BufferSize);
        var b = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            var read = await ReadBlockAsync(source, a, ct);
            while (read > 0)
            {
                var next = ReadBlockAsync(source, b, ct);
                hash.AppendData(a, 0, read);
                length += read;
                read = await next;
                (a, b) = (b, a);
            }
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    public static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Opens a file for one sequential pass without the FileStream's own small buffer.</summary>
    public static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task<int> ReadBlockAsync(Stream s, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < BufferSize)
        {
            var n = await s.ReadAsync(buffer.AsMemory(total, BufferSize - total), ct);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
