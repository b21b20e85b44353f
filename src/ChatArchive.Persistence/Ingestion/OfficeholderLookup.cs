using System.Data.Common;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>Whether an officeholder is in the registry (issue 2), checked before a read-out is stored for them.</summary>
public sealed class OfficeholderLookup(DatabaseOptions options)
{
    public async Task<bool> ExistsAsync(long officeholderId, CancellationToken ct = default)
    {
        await using DbConnection conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM officeholders WHERE id = @id";
        var p = cmd.CreateParameter();
        p.ParameterName = "@id";
        p.Value = officeholderId;
        cmd.Parameters.Add(p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
