namespace ChatArchive.Sealing.Keys;

/// <summary>
/// A secret kept in a file that is written once and never replaced (embedded mode only: production
/// takes its keys from configuration). Created atomically with owner-only permissions; when two
/// processes race, the first file wins and both use it — a key that may already have signed a seal
/// or encrypted an export must never be swapped for another.
/// </summary>
public static class SecretFile
{
    public static string LoadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path)) return File.ReadAllText(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var content = create();
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var fs = new FileStream(temp, options))
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
