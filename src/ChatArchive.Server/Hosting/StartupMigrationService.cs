using ChatArchive.Persistence;

namespace ChatArchive.Server.Hosting;

/// <summary>Applies pending schema migrations before the server takes requests.</summary>
public sealed class StartupMigrationService(DatabaseMigrator migrator, ILogger<StartupMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(ct: cancellationToken);
        logger.LogInformation("Database migrated: {Count} script(s) applied", applied.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
