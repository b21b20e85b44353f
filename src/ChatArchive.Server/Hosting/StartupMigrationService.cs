using ChatArchive.Persistence;
using ChatArchive.Server.Demo;

namespace ChatArchive.Server.Hosting;

/// <summary>
/// Applies pending schema migrations before the server takes requests, then seeds the demo
/// registry when <see cref="DemoDataSettings"/> allows it (embedded mode, first start only).
/// </summary>
public sealed class StartupMigrationService(
    DatabaseMigrator migrator, DemoDataSettings demo, DemoDataSeeder seeder, ILogger<StartupMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(ct: cancellationToken);
        logger.LogInformation("Database migrated: {Count} script(s) applied", applied.Count);
        if (demo.Enabled && await seeder.SeedAsync(cancellationToken))
        {
            logger.LogInformation("Demo data seeded on first start");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
