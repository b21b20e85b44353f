using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ChatArchive.Server.Hosting;

public static class HealthEndpoints
{
    /// <summary>/health: the database answers; /health/ready: start-up (migrations, seeding) is complete too.</summary>
    public static void MapChatArchiveHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions()).AllowAnonymous();
    }
}
