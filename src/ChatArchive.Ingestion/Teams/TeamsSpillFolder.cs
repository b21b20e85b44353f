using System.Security.Cryptography;

namespace ChatArchive.Ingestion.Teams;

/// <summary>
/// The private folder of one read's spill runs, and the cipher they are written with. The folder is made with mode
/// 0700 on Unix (only this user can list or open it), every file is opened with <see cref="FileOptions.DeleteOnClose"/>,
/// and <see cref="Dispose"/> closes and removes them all: after an early stop, an error or the last item.
/// </summary>
internal sealed class TeamsSpillFolder : IDisposable
{
    private const string Prefix = "chatarchive-teams-";

    private readonly List<FileStream> _files = [];
    private int _fileCount;

    /// <summary>A spill folder this old whose files nobody holds open was left by a read that crashed.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public TeamsSpillFolder(string? root)
    {
        root ??= Path.GetTempPath();
        SweepAbandoned(root);
        while (true)
        {
            var path = Path.Combine(root, Prefix + RandomNumberGenerator.GetHexString(16, lowercase: true));
            if (Directory.Exists(path))
            {
                continue;
            }
            if (OperatingSystem.IsWindows())
            {
                // The temp folder on Windows sits in the user's profile, which only the user can read.
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            FolderPath = path;
            break;
        }
    }

    public string FolderPath { get; }

    public TeamsSpillCipher Cipher { get; } = new();

    /// <summary>A new empty file, readable and writable by this user only; deleted when closed.</summary>
    public FileStream CreateFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            Options = FileOptions.DeleteOnClose,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var file = new FileStream(Path.Combine(FolderPath, $"run-{++_fileCount:D6}.bin"), options);
        _files.Add(file);
        return file;
    }

    /// <summary>Closes (and so deletes) one file as soon as its run is merged, so disk use stays about two copies of the export.</summary>
    public void Delete(FileStream file)
    {
        _files.Remove(file);
        file.Dispose();
    }

    /// <summary>
    /// Removes spill folders of reads that died (a crash or kill skips <see cref="Dispose"/>). Their content is
    /// unreadable (the key died with the process), but it takes disk space. A folder is only removed when it is older
    /// than <see cref="AbandonedAfter"/> and every file in it can be opened exclusively: a live read holds its files
    /// open with a shared lock, so it is never touched.
    /// </summary>
    internal static void SweepAbandoned(string root)
    {
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(root, Prefix + "*").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var folder in folders)
        {
            try
            {
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < AbandonedAfter)
                {
                    continue;
                }
                var files = Directory.GetFiles(folder);
                var locks = new List<FileStream>();
                try
                {
                    foreach (var file in files)
                    {
                        locks.Add(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None));
                    }
                }
                finally
                {
                    foreach (var held in locks)
                    {
                        held.Dispose();
                    }
                }
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use by a live read, or not ours: leave it.
            }
        }
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
        _files.Clear();
        Cipher.Dispose();
        try
        {
            Directory.Delete(FolderPath, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Never mask the reader's own error with a clean-up failure; what stays behind is encrypted under a key that is gone.
        }
    }
}
