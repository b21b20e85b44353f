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
        // Requests append to a fsynced local journal and return; a background writer chains the events into the table.
        services.AddSingleton(sp => AuditJournal.FromLookup(k => configuration[k], database, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditJournal>());
        services.AddSingleton(AuditAnchors.FromLookup(k => configuration[k], database.DataFolder));
        services.AddSingleton(AuditAnchorSettings.FromConfiguration(configuration));
        services.AddHostedService<AuditAnchorService>();
        // Refused requests (403) are events too, within a per-minute budget.
        services.AddSingleton(sp => AccessDeniedAudit.FromConfiguration(configuration, database.DataFolder, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AccessDeniedAudit>>()));
        // The web pages' writes (decisions, validations, answers, uploads) are events as the API's are.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add(new AuditPageWritesFilter()));
        return services;
    }
}
