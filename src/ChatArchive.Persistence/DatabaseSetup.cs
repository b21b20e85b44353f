using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Persistence;

public static class DatabaseSetup
{
    /// <summary>Configures EF Core for the chosen provider.</summary>
    public static DbContextOptionsBuilder UseChatArchiveDatabase(this DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(options.ConnectionString);
                break;
            default:
                EnsureSqliteFolder(options.ConnectionString);
                builder.UseSqlite(options.ConnectionString);
                break;
        }
        return builder;
    }

    public static IServiceCollection AddChatArchivePersistence(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        services.AddDbContextFactory<ChatArchiveDbContext>(b => b.UseChatArchiveDatabase(options));
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    public static ChatArchiveDbContext CreateContext(DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<ChatArchiveDbContext>().UseChatArchiveDatabase(options);
        return new ChatArchiveDbContext((DbContextOptions<ChatArchiveDbContext>)builder.Options);
    }

    /// <summary>
    /// A plain ADO.NET connection (not opened) for code that writes SQL by hand: the migrator, ingestion and sealing.
    /// Building an EF Core context only to reach its connection costs about a second of model building at start-up.
    /// </summary>
    public static DbConnection CreateConnection(DatabaseOptions options)
    {
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            return new NpgsqlConnection(options.ConnectionString);
        }
        EnsureSqliteFolder(options.ConnectionString);
        return new SqliteConnection(options.ConnectionString);
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
    }
}
