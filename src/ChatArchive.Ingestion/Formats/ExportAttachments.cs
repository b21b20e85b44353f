using System.Security.Cryptography;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Formats;

/// <summary>
/// Builds <see cref="AttachmentRef"/>s: size and SHA-256 when the file is in the export (hashed as a
/// stream, never loaded whole), <c>Present=false</c> when the export only names it (issue 3 §2).
/// </summary>
internal static class ExportAttachments
{
    /// <summary><paramref name="entry"/> is the file's entry name in the source, or null when the export holds no file.</summary>
    public static AttachmentRef FromEntry(IExportSource source, string? entry, string fileName, string? mediaType = null)
    {
        mediaType ??= MediaTypes.FromFileName(fileName);
        if (entry is null || !source.Exists(entry))
        {
            return new AttachmentRef(fileName, mediaType, null, null, Present: false);
        }
        using var stream = source.Open(entry);
        var hash = SHA256.HashData(stream);
        return new AttachmentRef(fileName, mediaType, source.Length(entry), Convert.ToHexStringLower(hash), Present: true);
    }

    public static AttachmentRef FromBytes(ReadOnlySpan<byte> content, string fileName, string? mediaType) =>
        new(fileName, mediaType ?? MediaTypes.FromFileName(fileName), content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), Present: true);

    public static AttachmentRef Omitted(string fileName, string? mediaType = null) =>
        new(fileName, mediaType ?? MediaTypes.FromFileName(fileName), null, null, Present: false);

    /// <summary>Joins a folder inside the export and a relative path, refusing names that climb out (zip slip rule).</summary>
    public static string? Combine(string folder, string relative)
    {
        var parts = new List<string>();
        foreach (var part in (folder.Length == 0 ? relative : folder + "/" + relative).Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>The folder part of an entry name ("" for the root).</summary>
    public static string FolderOf(string entry)
    {
        var slash = entry.LastIndexOf('/');
        return slash < 0 ? "" : entry[..slash];
    }
}
