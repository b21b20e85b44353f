using System.IO.Compression;
using System.IO.Pipelines;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Vault;

namespace ChatArchive.Cli.Ingestion;

/// <summary>
/// Keeps the raw export of an ingested read-out, encrypted, in the sealing module's vault (AES-256-GCM, issue 5 §5;
/// CIO Rijk-rapportage 2024 "ruwe dataset bewaren") and records its vault id on the read-out (migration 0102). The export is streamed
/// into the vault: a file (zip or text) as it is, a folder as a zip built on the fly, so no clear copy is ever written
/// into the data folder.
/// </summary>
public static class RawExportIntake
{
    /// <summary>The vault id now linked to the read-out, or null when no vault key is configured.</summary>
    public static async Task<string?> KeepAsync(DatabaseOptions database, long readOutId, string path, CancellationToken ct)
    {
        var options = SealingOptions.FromLookup(k => CliConfiguration.Current[k], database.DataFolder, embedded: database.Provider == DatabaseProvider.Sqlite);
        if (options.ResolveVaultKey() is null) return null;
        var vault = options.OpenVault();
        var links = new ReadOutRawExports(database);
        if (await links.VaultIdAsync(readOutId, ct) is { } existing && vault.Exists(existing)) return existing;

        vault.Recover();
        string id;
        if (Directory.Exists(path))
        {
            var pipe = new Pipe();
            var writer = Task.Run(async () =>
            {
                try
                {
                    await using (var output = pipe.Writer.AsStream())
                    {
                        WriteZip(path, output);
                    }
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                    throw;
                }
            }, ct);
            await using (var input = pipe.Reader.AsStream())
            {
                id = await vault.StoreAsync(input, ct: ct);
            }
            await writer;
        }
        else
        {
            await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            id = await vault.StoreAsync(input, ct: ct);
        }

        // A second ingest of an export already linked (e.g. the vault file was removed) keeps the first link.
        if (await links.TryLinkAsync(readOutId, id, ct)) return id;
        vault.Delete(id);
        return await links.VaultIdAsync(readOutId, ct);
    }

    private static void WriteZip(string folder, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
            using var s = entry.Open();
            using var f = File.OpenRead(file);
            f.CopyTo(s);
        }
    }
}
