using ChatArchive.Domain.Policies;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Input;
using ChatArchive.Sealing.Mdto;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Sources;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Vault;
using ChatArchive.Sealing.Verification;

namespace ChatArchive.Sealing.Tests.Support;

/// <summary>A real store, key, source and vault in a fresh temp folder.</summary>
public sealed class SealingWorld : IDisposable
{
    public SealingWorld(ArchiveKey? key = null)
    {
        Root = Directory.CreateTempSubdirectory("chatarchive-sealing-").FullName;
        Options = new SealingOptions(Path.Combine(Root, "archive"), null, Path.Combine(Root, "keys", "archive.pem"), true,
            Path.Combine(Root, "vault"), Convert.ToBase64String(VaultKey), Path.Combine(Root, "source"), TimeSpan.FromHours(1), MdtoWriter.Valuation.B);
        Store = new FileSystemArchiveStore(Options.StoreFolder, flushToDisk: false);
        Key = key ?? ArchiveKey.Generate();
        Source = new FolderSealSource(Options.SourceFolder!);
        Vault = new RawExportVault(Options.VaultFolder, VaultKey);
    }

    public static readonly byte[] VaultKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    public string Root { get; }
    public SealingOptions Options { get; }
    public FileSystemArchiveStore Store { get; }
    public ArchiveKey Key { get; }
    public FolderSealSource Source { get; }
    public RawExportVault Vault { get; }
    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 14, 30, 0, TimeSpan.Zero));

    public SealService Service() => new(Store, Source, Key, Options, Clock, Vault);

    public PackageVerifier Verifier() => new(Store, Key);

    public Task AddAsync(ReadOutToSeal r) => FolderSealSource.WriteAsync(Options.SourceFolder!, r, DutchReadOuts.Attachments());

    /// <summary>Adds <paramref name="count"/> consecutive six-weekly read-outs and seals them.</summary>
    public async Task<SealRun> SealChainAsync(int count, CleaningMode cleaning = CleaningMode.Remove)
    {
        var from = new DateOnly(2026, 1, 1);
        for (var i = 0; i < count; i++)
        {
            var to = from.AddDays(41);
            await AddAsync(DutchReadOuts.ReadOut($"ro-2026-{i + 1:D2}", from, to, cleaning));
            from = to.AddDays(1);
        }
        return await Service().SealAsync(DutchReadOuts.Minister.Id, "whatsapp", "ip-jansen");
    }

    public string PackageDir(PackageAddress a) => Store.PackagePath(a);

    /// <summary>Makes a sealed file writable again so a test can play the attacker.</summary>
    public static void Unlock(string file)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose()
    {
        Key.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
