using Microsoft.Extensions.Logging;

namespace ChatArchive.Persistence.ReadOuts;

public sealed partial class ReadOutService
{
    /// <summary>How old an unreferenced vault file must be before a sweep removes it (an upload stores its files before its row is committed).</summary>
    public static readonly TimeSpan VaultSweepGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// Removes vault files that no row points at (ro_uploads.vault_id or superseded_vault_id, ingest_read_outs.raw_export_vault_id)
    /// and that were last written longer than <paramref name="olderThan"/> ago. Such files are left by a process killed
    /// during a cleaning (purged copies stored, the transaction that would have pointed at them never committed) or during
    /// an upload (stored, never registered). The age keeps files of an upload or cleaning still running: they are
    /// stored before the row that points at them is committed. Returns how many files were removed (logged as a count only).
    /// </summary>
    public async Task<int> SweepOrphanVaultFilesAsync(TimeSpan olderThan, CancellationToken ct = default)
    {
        if (modules.Vault is not { } vault || !Directory.Exists(vault.Folder)) return 0;
        // File times are the machine's, not the service clock's (tests move that one).
        var cutoff = DateTime.UtcNow - olderThan;
        var candidates = new List<string>();
        foreach (var path in Directory.EnumerateFiles(vault.Folder, "*.vault"))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (id.Length == 32 && id.All(char.IsAsciiHexDigitLower) && File.GetLastWriteTimeUtc(path) < cutoff) candidates.Add(id);
        }
        if (candidates.Count == 0) return 0;
        // Listed before the rows are read: a file old enough to be listed had its row committed long before (or never will).
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        await using (var s = await BeginAsync(ct))
        {
            await using (var r = await s.Db.ReaderAsync(
                "SELECT vault_id FROM ro_uploads UNION SELECT superseded_vault_id FROM ro_uploads WHERE superseded_vault_id IS NOT NULL " +
                "UNION SELECT raw_export_vault_id FROM ingest_read_outs WHERE raw_export_vault_id IS NOT NULL", ct))
            {
                while (await r.ReadAsync(ct)) referenced.Add(r.GetString(0));
            }
            await s.CommitAsync(ct);
        }
        var removed = 0;
        foreach (var id in candidates.Where(id => !referenced.Contains(id)))
        {
            if (vault.Delete(id)) removed++;
        }
        if (removed > 0) _log.LogInformation("Vault sweep: {Removed} file(s) no row points at removed", removed);
        return removed;
    }
}
