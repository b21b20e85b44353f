using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Sources;

/// <summary>Opens a path as the right kind of export: a folder, a zip (by its signature, not its name) or a single file.</summary>
public static class ExportSourceFactory
{
    public static IExportSource Open(string path, ZipLimits? limits = null)
    {
        if (Directory.Exists(path)) return new DirectoryExportSource(path);
        if (!File.Exists(path))
        {
            throw new ExportFormatException($"'{Path.GetFileName(path.TrimEnd('/', '\\'))}' bestaat niet. Controleer het pad naar de export.", Path.GetFileName(path));
        }
        return IsZip(path) ? new ZipExportSource(path, limits) : new SingleFileExportSource(path);
    }

    /// <summary>"PK\x03\x04" (a zip with entries) or "PK\x05\x06" (an empty zip), or a .zip name (a truncated zip still must be refused as one).</summary>
    private static bool IsZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var f = File.OpenRead(path);
        var n = f.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        var signature = n == 4 && head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        return signature || path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
    }
}
