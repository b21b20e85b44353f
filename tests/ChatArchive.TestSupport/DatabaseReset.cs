using ChatArchive.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using Respawn;

namespace ChatArchive.TestSupport;

/// <summary>
/// Empties every table of a test database between tests while keeping its schema (and the migration history), so a
/// test class can migrate once and start each test from nothing. PostgreSQL: Respawn 7.0.0 (it reads the foreign keys
/// and deletes in their order). SQLite: Respawn has no SQLite adapter (its adapters are SQL Server, PostgreSQL, MySQL,
/// Oracle and Informix), so the same is done here by hand: foreign keys off, every table emptied, the AUTOINCREMENT
/// counters reset, foreign keys checked again.
/// </summary>
public static class DatabaseReset
{
    private static readonly string[] Kept = ["schema_migrations"];

    public static async Task ResetAsync(DatabaseOptions options)
    {
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            await using var conn = new NpgsqlConnection(options.ConnectionString);
            await conn.OpenAsync();
            var respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
            {
                DbAdapter = DbAdapter.Postgres,
                SchemasToInclude = ["public"],
                TablesToIgnore = [.. Kept.Select(t => new Respawn.Graph.Table(t))],
                WithReseed = true,
            });
            await respawner.ResetAsync(conn);
            return;
        }

        await using var sqlite = new SqliteConnection(options.ConnectionString);
        await sqlite.OpenAsync();
        await Exec(sqlite, "PRAGMA foreign_keys = OFF");
        var tables = new List<string>();
        await using (var cmd = sqlite.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        await using (var tx = await sqlite.BeginTransactionAsync())
        {
            foreach (var t in tables.Where(t => !Kept.Contains(t)))
            {
                await Exec(sqlite, $"DELETE FROM \"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            }
            await Exec(sqlite, "DELETE FROM sqlite_sequence WHERE name <> 'schema_migrations'", ignoreMissing: true);
            await tx.CommitAsync();
        }
        await Exec(sqlite, "PRAGMA foreign_keys = ON");
    }

    private static async Task Exec(SqliteConnection conn, string sql, bool ignoreMissing = false)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        try
        {
            await cmd.ExecuteNonQueryAsync();
        }
        catch (SqliteException) when (ignoreMissing)
        {
            // No AUTOINCREMENT table yet: there is no sqlite_sequence to reset.
        }
    }
}
