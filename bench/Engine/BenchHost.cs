using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChatArchive.Bench.Engine;

/// <summary>Databases and engine hosts for the benchmarks (the same registration the server uses).</summary>
public static class BenchHost
{
    public static async Task<DatabaseOptions> CreateDatabaseAsync(string provider, string name)
    {
        DatabaseOptions options;
        if (provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Directory.CreateTempSubdirectory("chatarchive-bench-").FullName;
            options = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}", folder);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("CHATARCHIVE_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("Set CHATARCHIVE_BENCH_POSTGRES (bench/Engine/run.sh starts a throwaway server).");
            var db = $"{name}_{Guid.NewGuid():N}";
            db = db[..Math.Min(40, db.Length)];
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = $"CREATE DATABASE \"{db}\"";
                await cmd.ExecuteNonQueryAsync();
            }
            var csb = new NpgsqlConnectionStringBuilder(admin) { Database = db, MaxPoolSize = 60 };
            options = new DatabaseOptions(DatabaseProvider.PostgreSql, csb.ConnectionString, Path.GetTempPath());
        }
        await new DatabaseMigrator(options).MigrateAsync();
        return options;
    }

    public static async Task<IHost> StartAsync(DatabaseOptions database, Action<WorkflowEngineOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.Services.AddChatArchivePersistence(database);
        builder.Services.AddWorkflowEngine(database, configure);
        builder.Services.AddWorkflowActivity<CountingStep>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
