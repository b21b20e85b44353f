using System.Data.Common;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>
/// The link from a read-out to its encrypted raw export in the vault (migration 0102). Set once: a second
/// ingest of the same export keeps the first vault id, so a crash between storing and linking is resumed by
/// ingesting again, and the caller deletes the copy it stored in vain.
/// </summary>
public sealed class ReadOutRawExports(DatabaseOptions options)
{
    public async Task<string?> VaultIdAsync(long readOutId, CancellationToken ct = default)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT raw_export_vault_id FROM ingest_read_outs WHERE id = @id";
        Add(cmd, "id", readOutId);
        return await cmd.ExecuteScalarAsync(ct) is string s ? s : null;
    }

    /// <summary>Records the vault id when the read-out has none yet; false when another id was already recorded.</summary>
    public async Task<bool> TryLinkAsync(long readOutId, string vaultId, CancellationToken ct = default)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "UPDATE ingest_read_outs SET raw_export_vault_id = @v WHERE id = @id AND raw_export_vault_id IS NULL";
        Add(cmd, "id", readOutId);
        Add(cmd, "v", vaultId);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
