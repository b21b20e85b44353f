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
            // Append-only tables (the audit trail) refuse DELETE and TRUNCATE by trigger; a test database may be emptied
            // all the same, so triggers are not fired for this session while Respawn works (superuser on the throwaway server).
            await using (var off = new NpgsqlCommand("SET session_replication_role = replica", conn)) await off.ExecuteNonQueryAsync();
            try
            {
                await respawner.ResetAsync(conn);
            }
            finally
            {
                await using var on = new NpgsqlCommand("SET session_replication_role = DEFAULT", conn);
                await on.ExecuteNonQueryAsync();
            }
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
        // Append-only tables refuse DELETE by trigger: drop the triggers while emptying and put them back as they were.
        var triggers = new List<string>();
        await using (var cmd = sqlite.CreateCommand())
        {
            cmd.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) triggers.Add(r.GetString(0) + "\u0000" + r.GetString(1));
        }
        await using (var tx = await sqlite.BeginTransactionAsync())
        {
            foreach (var t in triggers) await Exec(sqlite, $"DROP TRIGGER \"{t.Split('\u0000')[0].Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            foreach (var t in tables.Where(t => !Kept.Contains(t)))
            {
                await Exec(sqlite, $"DELETE FROM \"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            }
            await Exec(sqlite, "DELETE FROM sqlite_sequence WHERE name <> 'schema_migrations'", ignoreMissing: true);
            foreach (var t in triggers) await Exec(sqlite, t.Split('\u0000')[1]);
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
