using System.Text.RegularExpressions;

namespace ChatArchive.Sealing.Storage;

/// <summary>
/// The default write-once store: packages/&lt;officeholder&gt;/&lt;channel&gt;/&lt;package&gt;/ under a root folder.
/// A package is written in .staging/ on the same filesystem and renamed into place (rename(2) is atomic), so a
/// crash leaves either nothing or the whole package; files are made read-only and are never overwritten.
/// </summary>
public sealed partial class FileSystemArchiveStore : IArchiveStore
{
    private const string PackagesFolder = "packages";
    private const string StagingFolder = ".staging";
    private const string RecordsFolder = "records";
    private const string LockSuffix = ".lock";
    private const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public FileSystemArchiveStore(string root, bool flushToDisk = true)
    {
        Root = Path.GetFullPath(root);
        FlushToDisk = flushToDisk;
        Directory.CreateDirectory(Path.Combine(Root, PackagesFolder));
        Directory.CreateDirectory(Path.Combine(Root, StagingFolder));
    }

    public string Root { get; }

    /// <summary>fsync every file before the rename, so a power loss cannot leave a renamed package with empty files.</summary>
    public bool FlushToDisk { get; }

    public IPackageDraft Begin(PackageAddress address)
    {
        CheckSegments(address);
        if (Exists(address))
        {
            throw new SealingException($"Pakket {address} bestaat al en wordt nooit overschreven. Verzegel een nieuwe periode of controleer het bestaande pakket met 'chatarchive verify'.");
        }
        var staging = Path.Combine(Root, StagingFolder, $"{address.PackageId}.{Guid.NewGuid():N}");
        // The lock file beside the staging folder is held while this process writes; the OS drops it when the process
        // dies, so Recover() can tell a crashed seal (lock free) from one that another process is still writing.
        var lockFile = new FileStream(staging + LockSuffix, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        Directory.CreateDirectory(staging);
        return new Draft(this, address, staging, lockFile);
    }

    public IReadOnlyList<PackageAddress> ListPackages()
    {
        var root = Path.Combine(Root, PackagesFolder);
        var list = new List<PackageAddress>();
        foreach (var oh in Directory.EnumerateDirectories(root))
        foreach (var ch in Directory.EnumerateDirectories(oh))
        foreach (var p in Directory.EnumerateDirectories(ch))
        {
            list.Add(new PackageAddress(Path.GetFileName(oh), Path.GetFileName(ch), Path.GetFileName(p)));
        }
        return list.OrderBy(a => a.OfficeholderId, StringComparer.Ordinal).ThenBy(a => a.Channel, StringComparer.Ordinal)
            .ThenBy(a => a.PackageId, StringComparer.Ordinal).ToList();
    }

    public bool Exists(PackageAddress address) => Directory.Exists(PackagePath(address));

    public IReadOnlyList<string> ListFiles(PackageAddress address)
    {
        var dir = PackagePath(address);
        return Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal).ToList();
    }

    public Stream OpenRead(PackageAddress address, string relativePath) =>
        Hashing.Sha256Files.OpenSequential(Path.Combine(PackagePath(address), relativePath));

    public string Locate(PackageAddress address) => PackagePath(address);

    public string PackagePath(PackageAddress address) =>
        Path.Combine(Root, PackagesFolder, address.OfficeholderId, address.Channel, address.PackageId);

    public async Task WriteRecordAsync(PackageAddress address, string name, byte[] content, CancellationToken ct = default)
    {
        CheckSegments(address);
        if (!SafeSegment().IsMatch(name)) throw new ArgumentException("Invalid record name", nameof(name));
        var dir = Path.Combine(Root, RecordsFolder, address.OfficeholderId, address.Channel, address.PackageId);
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, name);
        var temp = Path.Combine(dir, $".{name}.{Guid.NewGuid():N}.tmp");
        await using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            await fs.WriteAsync(content, ct);
            if (FlushToDisk) fs.Flush(flushToDisk: true);
        }
        SetReadOnly(temp);
        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temp);
            throw new SealingException($"Het verslag '{name}' van pakket {address} bestaat al en wordt niet overschreven.");
        }
    }

    public byte[]? ReadRecord(PackageAddress address, string name)
    {
        var path = Path.Combine(Root, RecordsFolder, address.OfficeholderId, address.Channel, address.PackageId, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Removes staging of seals whose process is gone (its lock is free) and leftover record temp files.</summary>
    public int Recover()
    {
        var staging = Path.Combine(Root, StagingFolder);
        var removed = 0;
        foreach (var dir in Directory.EnumerateDirectories(staging))
        {
            var lockPath = dir + LockSuffix;
            FileStream? probe = null;
            try
            {
                probe = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // another process is writing this package right now
            }
            using (probe)
            {
                Directory.Delete(dir, recursive: true);
                removed++;
            }
            File.Delete(lockPath);
        }
        foreach (var orphan in Directory.EnumerateFiles(staging, "*" + LockSuffix))
        {
            if (!Directory.Exists(orphan[..^LockSuffix.Length])) TryDeleteFreeLock(orphan);
        }
        var records = Path.Combine(Root, RecordsFolder);
        if (Directory.Exists(records))
        {
            foreach (var file in Directory.EnumerateFiles(records, ".*.tmp", SearchOption.AllDirectories))
            {
                File.Delete(file);
                removed++;
            }
        }
        return removed;
    }

    private static void TryDeleteFreeLock(string lockPath)
    {
        try
        {
            using (new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
            File.Delete(lockPath);
        }
        catch (IOException)
        {
            // held by a process that is just starting a package
        }
    }

    private static void SetReadOnly(string file)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, ReadOnlyFile);
        else File.SetAttributes(file, FileAttributes.ReadOnly);
    }

    private static void CheckSegments(PackageAddress a)
    {
        foreach (var s in new[] { a.OfficeholderId, a.Channel, a.PackageId })
        {
            if (!SafeSegment().IsMatch(s))
            {
                throw new SealingException($"'{s}' is geen geldige naam voor een map in het archief: gebruik alleen letters, cijfers, '-', '_' en '.' (hoogstens 200 tekens).");
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
    private static partial Regex SafeSegment();

    private sealed class Draft(FileSystemArchiveStore store, PackageAddress address, string staging, FileStream lockFile) : IPackageDraft
    {
        private readonly HashSet<string> _written = new(StringComparer.Ordinal);
        private bool _committed;

        public PackageAddress Address => address;

        public Stream Create(string relativePath, long? expectedLength = null)
        {
            lock (_written)
            {
                if (!BagIt.ManifestFile.IsSafeRelativePath(relativePath) || !_written.Add(relativePath))
                {
                    throw new InvalidOperationException($"Package path rejected or written twice: {relativePath}");
                }
            }
            var full = Path.Combine(staging, relativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return new FileStream(full, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.None,
                PreallocationSize = expectedLength ?? 0,
            });
        }

        public Task<string> CommitAsync(CancellationToken ct = default)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories))
            {
                if (store.FlushToDisk)
                {
                    using var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                    fs.Flush(flushToDisk: true);
                }
                SetReadOnly(file);
            }
            var target = store.PackagePath(address);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Directory.Exists(target))
            {
                throw new SealingException($"Pakket {address} bestaat al en wordt nooit overschreven.");
            }
            Directory.Move(staging, target);
            _committed = true;
            return Task.FromResult(target);
        }

        public ValueTask DisposeAsync()
        {
            if (!_committed && Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            lockFile.Dispose();
            File.Delete(staging + LockSuffix);
            return ValueTask.CompletedTask;
        }
    }
}
