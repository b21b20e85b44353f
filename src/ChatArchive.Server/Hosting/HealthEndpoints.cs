using ChatArchive.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ChatArchive.Server.Hosting;

public static class HealthEndpoints
{
    public static IServiceCollection AddChatArchiveHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<ChatArchiveDbContext>("database")
            .AddCheck<StartupReadinessCheck>("startup", tags: [StartupReadinessCheck.Tag]);
        return services;
    }

    /// <summary>/health: the database answers; /health/ready: start-up (migrations, seeding) is complete too.</summary>
    public static void MapChatArchiveHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => !c.Tags.Contains(StartupReadinessCheck.Tag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions()).AllowAnonymous();
    }
}
