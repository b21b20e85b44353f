using ChatArchive.Sealing.BagIt;
using ChatArchive.Sealing.Hashing;
using ChatArchive.Sealing.Storage;

namespace ChatArchive.Sealing.Chain;

/// <summary>Reads the seals of one officeholder and channel from the store, in chain order.</summary>
public static class ChainIndex
{
    /// <summary>Links with a readable statement, ordered by sequence; unreadable packages are left to the verifier.</summary>
    public static IReadOnlyList<ChainLink> Read(IArchiveStore store, string officeholderId, string channel) =>
        store.ListPackages()
            .Where(a => a.OfficeholderId == officeholderId && a.Channel == channel)
            .Select(a => TryReadLink(store, a))
            .OfType<ChainLink>()
            .OrderBy(l => l.Statement.Sequence)
            .ToList();

    public static ChainLink? TryReadLink(IArchiveStore store, PackageAddress address)
    {
        var bytes = TryReadAll(store, address, BagItNames.SealStatement);
        if (bytes is null) return null;
        var statement = SealStatement.TryParse(bytes);
        return statement is null ? null : new ChainLink(address, statement, Sha256Files.Hash(bytes));
    }

    public static byte[]? TryReadAll(IArchiveStore store, PackageAddress address, string path)
    {
        try
        {
            using var s = store.OpenRead(address, path);
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
