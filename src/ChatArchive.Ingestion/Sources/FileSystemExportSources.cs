using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Sources;

/// <summary>An export that is one file (WhatsApp .txt, SMS Backup &amp; Restore .xml, Telegram result.json …).</summary>
public sealed class SingleFileExportSource : IExportSource
{
    private readonly string _path;

    public SingleFileExportSource(string path)
    {
        _path = Path.GetFullPath(path);
        if (!File.Exists(_path))
        {
            throw new ExportFormatException($"Bestand '{Path.GetFileName(path)}' bestaat niet. Controleer het pad.", Path.GetFileName(path));
        }
        Entries = [Path.GetFileName(_path)];
    }

    public string DisplayName => Path.GetFileName(_path);

    public IReadOnlyList<string> Entries { get; }

    public bool Exists(string entry) => string.Equals(entry, Entries[0], StringComparison.Ordinal);

    public long Length(string entry) => Exists(entry) ? new FileInfo(_path).Length : throw NotFound(entry);

    public Stream Open(string entry) => Exists(entry)
        ? new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)
        : throw NotFound(entry);

    private ExportFormatException NotFound(string entry) => new($"'{entry}' hoort niet bij export '{DisplayName}'.", DisplayName);

    public void Dispose()
    {
    }
}

/// <summary>An export that is a folder (signal-export output, imessage-exporter output, an unpacked WhatsApp zip).</summary>
public sealed class DirectoryExportSource : IExportSource
{
    private readonly string _root;

    public DirectoryExportSource(string path)
    {
        _root = Path.GetFullPath(path);
        if (!Directory.Exists(_root))
        {
            throw new ExportFormatException($"Map '{Path.GetFileName(path)}' bestaat niet. Controleer het pad.", Path.GetFileName(path));
        }
        // Links could point outside the export: they are not followed (same rule as zip slip).
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        Entries = Directory.EnumerateFiles(_root, "*", options)
            .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'))
            .Where(e => !e.StartsWith("__MACOSX/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public string DisplayName => Path.GetFileName(_root.TrimEnd(Path.DirectorySeparatorChar));

    public IReadOnlyList<string> Entries { get; }

    public bool Exists(string entry) => Resolve(entry) is { } p && File.Exists(p);

    public long Length(string entry) => new FileInfo(Resolve(entry) ?? throw NotFound(entry)).Length;

    public Stream Open(string entry)
    {
        var p = Resolve(entry);
        if (p is null || !File.Exists(p)) throw NotFound(entry);
        return new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }

    /// <summary>The full path of an entry, or null when the name would leave the export folder.</summary>
    private string? Resolve(string entry)
    {
        var full = Path.GetFullPath(Path.Combine(_root, entry));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private ExportFormatException NotFound(string entry) => new($"'{entry}' ontbreekt in export '{DisplayName}'.", DisplayName);

    public void Dispose()
    {
    }
}
