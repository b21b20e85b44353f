using System.Security.Cryptography;
using System.Text;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// The SHA-256 of an export's content: every entry's name, length and bytes in name order. The same
/// export stored twice for one officeholder and channel is recognised by it and adds nothing
/// (issue 3 §6). A zip and its unpacked folder hash alike, since only the entries count.
/// </summary>
public static class SourceHash
{
    public static string Compute(IExportSource source, CancellationToken ct = default)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (var entry in source.Entries.Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            sha.AppendData(Encoding.UTF8.GetBytes(entry + "\n" + source.Length(entry) + "\n"));
            using var s = source.Open(entry);
            int n;
            while ((n = s.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
