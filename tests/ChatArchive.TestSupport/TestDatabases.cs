using ChatArchive.Persistence;
using Npgsql;
using Xunit;

namespace ChatArchive.TestSupport;

/// <summary>
/// Real databases for tests: a fresh PostgreSQL database on the throwaway server that
/// scripts/test.sh starts (CHATARCHIVE_TEST_POSTGRES), or a fresh SQLite file.
/// Tests that touch the database run on both providers via <see cref="Providers"/>.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "CHATARCHIVE_TEST_POSTGRES";

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL " +
                $"on a free loopback port, or set {PostgresVariable} to a server you may create databases on.");

    /// <summary>Creates an empty database (no schema) and returns options pointing at it.</summary>
    public static async Task<DatabaseOptions> CreateEmptyAsync(DatabaseProvider provider, string purpose = "t")
    {
        var dataFolder = Directory.CreateTempSubdirectory("chatarchive-test-").FullName;
        if (provider == DatabaseProvider.Sqlite)
        {
            return new DatabaseOptions(provider, $"Data Source={Path.Combine(dataFolder, "test.db")}", dataFolder);
        }
        var name = $"{Sanitize(purpose)}_{Guid.NewGuid():N}"[..Math.Min(60, Sanitize(purpose).Length + 33)];
        await using (var admin = new NpgsqlConnection(PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var cmd = admin.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
            await cmd.ExecuteNonQueryAsync();
        }
        var csb = new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = name };
        return new DatabaseOptions(provider, csb.ConnectionString, dataFolder);
    }

    /// <summary>Creates a database with every migration applied.</summary>
    public static async Task<DatabaseOptions> CreateAsync(DatabaseProvider provider, string purpose = "t")
    {
        var options = await CreateEmptyAsync(provider, purpose);
        await new DatabaseMigrator(options).MigrateAsync();
        return options;
    }

    private static string Sanitize(string s)
    {
        var chars = s.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_').Take(24).ToArray();
        return chars.Length == 0 ? "t" : new string(chars);
    }
}
