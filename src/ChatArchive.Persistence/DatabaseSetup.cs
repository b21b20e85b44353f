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
        // A write's audit event armed by its request rides in the write's own transaction (Audit.AuditInTransaction).
        builder.AddInterceptors(Audit.AuditInTransaction.Interceptor);
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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> PreparedFiles = new(StringComparer.Ordinal);

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The SQLite file holds message text: its folder is created 0700 and the file itself 0600 (SQLite gives its
    /// -wal and -shm files the database file's mode); an existing file readable by others is narrowed to 0600.
    /// Done once per file per process.
    /// </summary>
    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var full = Path.GetFullPath(source);
        if (!PreparedFiles.TryAdd(full, true)) return;
        var dir = Path.GetDirectoryName(full);
        if (OperatingSystem.IsWindows())
        {
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            return;
        }
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir)) Directory.CreateDirectory(dir, OwnerOnlyFolder);
        if (!File.Exists(full))
        {
            try
            {
                // An empty file is a valid new SQLite database; creating it here fixes its mode.
                using var _ = new FileStream(full, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
            }
            catch (IOException) when (File.Exists(full))
            {
                // created by another process meanwhile; narrowed below
            }
        }
        foreach (var file in new[] { full, full + "-wal", full + "-shm", full + "-journal" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnlyFile) != 0) File.SetUnixFileMode(file, OwnerOnlyFile);
        }
    }
}
