using ChatArchive.Persistence;
using ChatArchive.Persistence.Sealing;
using ChatArchive.Sealing.Packaging;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Server.Sealing;

public static class SealingSetup
{
    /// <summary>Sealing options from ChatArchive:Sealing, the fixity-check log and the scheduled fixity job.</summary>
    public static IServiceCollection AddChatArchiveSealing(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.AddSingleton(SealingOptions.FromLookup(k => configuration[k], database.DataFolder, embedded: database.Provider == DatabaseProvider.Sqlite));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FixityCheckLog>();
        services.AddSingleton<FixityCheckService>();
        services.AddHostedService(sp => sp.GetRequiredService<FixityCheckService>());
        return services;
    }
}
