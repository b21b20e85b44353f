namespace ChatArchive.Sealing.Keys;

/// <summary>
/// A secret kept in a file that is written once and never replaced (embedded mode only: production
/// takes its keys from configuration). Created atomically with owner-only permissions; when two
/// processes race, the first file wins and both use it — a key that may already have signed a seal
/// or encrypted an export must never be swapped for another.
/// </summary>
public static class SecretFile
{
    /// <summary>
    /// Replaces the file at once (a key rotation): the new content goes to an owner-only temp file, is flushed, and is
    /// renamed over the old file, so a crash leaves either the old or the new content, never half of either.
    /// </summary>
    public static void Replace(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var fs = new FileStream(temp, OwnerOnly()))
            using (var w = new StreamWriter(fs))
            {
                w.Write(content);
                w.Flush();
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static FileStreamOptions OwnerOnly()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }

    public static string LoadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path)) return File.ReadAllText(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var content = create();
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        using (var fs = new FileStream(temp, OwnerOnly()))
        using (var w = new StreamWriter(fs))
        {
            w.Write(content);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
            return content;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return File.ReadAllText(path);
        }
    }
}
