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

    public TeamsSpillFolder(string? root)
    {
        root ??= Path.GetTempPath();
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
