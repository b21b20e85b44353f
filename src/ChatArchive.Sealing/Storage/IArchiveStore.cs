namespace ChatArchive.Sealing.Storage;

/// <summary>
/// Write-once storage of sealed packages (issue 5 §5). A package appears whole or not at all and is never
/// overwritten. The filesystem store is the default; an S3-compatible store with object lock fits the same contract.
/// </summary>
public interface IArchiveStore
{
    /// <summary>Starts a package in a staging area; nothing is visible until <see cref="IPackageDraft.CommitAsync"/>.</summary>
    IPackageDraft Begin(PackageAddress address);

    IReadOnlyList<PackageAddress> ListPackages();

    bool Exists(PackageAddress address);

    /// <summary>Every file of a package, bag-relative with "/" separators.</summary>
    IReadOnlyList<string> ListFiles(PackageAddress address);

    Stream OpenRead(PackageAddress address, string relativePath);

    /// <summary>A human-readable location (a path, a URL) for messages.</summary>
    string Locate(PackageAddress address);

    /// <summary>Writes a small record about a package after it was sealed (e.g. the raw-export act); write-once.</summary>
    Task WriteRecordAsync(PackageAddress address, string name, byte[] content, CancellationToken ct = default);

    byte[]? ReadRecord(PackageAddress address, string name);

    /// <summary>Removes staging left behind by an interrupted seal; returns how many were removed.</summary>
    int Recover();
}

/// <summary>A package being written. Disposing without commit discards it.</summary>
public interface IPackageDraft : IAsyncDisposable
{
    PackageAddress Address { get; }

    /// <summary>Creates a new file in the package; a path may be written once.</summary>
    Stream Create(string relativePath, long? expectedLength = null);

    /// <summary>Makes the package visible in one atomic step and read-only; fails when it already exists.</summary>
    Task<string> CommitAsync(CancellationToken ct = default);
}
