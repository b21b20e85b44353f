using System.Data.Common;
using System.Text.RegularExpressions;

namespace ChatArchive.Persistence;

/// <summary>
/// Applies the versioned SQL scripts embedded under Migrations/{postgres,sqlite}/NNNN_name.sql.
/// EF design tools are not available here (DEPENDENCIES.md), so the schema is written by hand;
/// the EF model maps onto it. Every script runs in its own transaction together with its row in
/// schema_migrations, so a crash mid-way leaves the database at the previous version.
/// Number ranges per module: 0001-0099 registry, 0100 ingestion, 0200 classification,
/// 0300 sealing, 0400 workflow engine. A missing script is applied even when a higher one is
/// already there (modules are developed side by side).
/// </summary>
public sealed partial class DatabaseMigrator(DatabaseOptions options)
{
    public sealed record Script(int Id, string Name, string Sql);

    public sealed record Status(IReadOnlyList<Script> Applied, IReadOnlyList<Script> Pending, IReadOnlyList<int> Unknown);

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_\-]+)\.sql$")]
    private static partial Regex ScriptName();

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.PostgreSql ? "postgres" : "sqlite";
        var asm = typeof(DatabaseMigrator).Assembly;
        var result = new List<Script>();
        foreach (var resource in asm.GetManifestResourceNames())
        {
            var normalized = resource.Replace('\\', '/');
            var prefix = $"migrations/{folder}/";
            if (!normalized.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var file = normalized[prefix.Length..];
            var m = ScriptName().Match(file);
            if (!m.Success)
            {
                throw new InvalidOperationException($"Migration script '{file}' does not follow NNNN_name.sql.");
            }
            using var stream = asm.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            result.Add(new Script(int.Parse(m.Groups[1].Value), m.Groups[2].Value, reader.ReadToEnd()));
        }
        var dup = result.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new InvalidOperationException($"Two migration scripts share number {dup.Key:0000}.");
        }
        return result.OrderBy(s => s.Id).ToList();
    }

    /// <summary>Applies pending scripts up to <paramref name="upTo"/> (all when null); returns those applied.</summary>
    public async Task<IReadOnlyList<Script>> MigrateAsync(int? upTo = null, CancellationToken ct = default)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            // Several server processes may start together: only one migrates at a time.
            await ExecAsync(conn, null, "SELECT pg_advisory_lock(7243015)", ct);
        }
        else
        {
            // WAL keeps readers and the writer apart and survives a killed process without losing commits.
            await ExecAsync(conn, null, "PRAGMA journal_mode=WAL;", ct);
        }
        try
        {
            await EnsureHistoryTableAsync(conn, ct);
            var applied = await AppliedIdsAsync(conn, ct);
            var done = new List<Script>();
            foreach (var script in Scripts(options.Provider))
            {
                if (applied.Contains(script.Id) || (upTo is not null && script.Id > upTo))
                {
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecAsync(conn, tx, script.Sql, ct);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO schema_migrations (id, name, applied_at) VALUES (@id, @name, @at)";
                    AddParam(cmd, "@id", script.Id);
                    AddParam(cmd, "@name", script.Name);
                    AddParam(cmd, "@at", DateTimeOffset.UtcNow.ToString("O"));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                done.Add(script);
            }
            return done;
        }
        finally
        {
            if (options.Provider == DatabaseProvider.PostgreSql)
            {
                await ExecAsync(conn, null, "SELECT pg_advisory_unlock(7243015)", ct);
            }
        }
    }

    public async Task<Status> StatusAsync(CancellationToken ct = default)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        await EnsureHistoryTableAsync(conn, ct);
        var applied = await AppliedIdsAsync(conn, ct);
        var scripts = Scripts(options.Provider);
        var known = scripts.Select(s => s.Id).ToHashSet();
        return new Status(
            scripts.Where(s => applied.Contains(s.Id)).ToList(),
            scripts.Where(s => !applied.Contains(s.Id)).ToList(),
            applied.Where(id => !known.Contains(id)).Order().ToList());
    }

    private static async Task EnsureHistoryTableAsync(DbConnection conn, CancellationToken ct) =>
        await ExecAsync(conn, null,
            "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", ct);

    private static async Task<HashSet<int>> AppliedIdsAsync(DbConnection conn, CancellationToken ct)
    {
        var ids = new HashSet<int>();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT id FROM schema_migrations";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return ids;
    }

    private static async Task ExecAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
