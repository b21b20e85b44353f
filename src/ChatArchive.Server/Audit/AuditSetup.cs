using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Server.Audit;

public static class AuditSetup
{
    /// <summary>The audit trail (one chain for every node), the anchor file and the hourly anchor job.</summary>
    public static IServiceCollection AddChatArchiveAudit(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAuditTrail>(sp => new AuditTrail(database, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(AuditAnchors.FromLookup(k => configuration[k], database.DataFolder));
        services.AddSingleton(AuditAnchorSettings.FromConfiguration(configuration));
        services.AddHostedService<AuditAnchorService>();
        return services;
    }
}
