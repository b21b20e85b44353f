namespace ChatArchive.Server.Security;

/// <summary>
/// The data folder holds the SQLite database (message text), keys and the raw-export vault: only the service
/// user may enter it (0700). A new folder is created so; an existing one open to others is narrowed at start-up.
/// </summary>
public static class DataFolderPermissions
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Returns true when the folder's mode was changed.</summary>
    public static bool EnsurePrivate(string dataFolder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataFolder);
            return false;
        }
        if (!Directory.Exists(dataFolder))
        {
            Directory.CreateDirectory(dataFolder, OwnerOnly);
            return true;
        }
        if ((File.GetUnixFileMode(dataFolder) & ~OwnerOnly) == 0) return false;
        File.SetUnixFileMode(dataFolder, OwnerOnly);
        return true;
    }
}
