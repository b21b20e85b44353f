using ChatArchive.Classification;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Packaging;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Server.ReadOuts;

/// <summary>
/// The read-out life cycle's services, shared by the REST API and the workflow activities: one <see cref="ReadOutService"/>
/// (also as <see cref="IReadOutService"/>), the checklists, the queries, the access rules, and <see cref="IReadOutSignals"/>
/// (none listening until the workflow activities register theirs).
/// </summary>
public static class ReadOutSetup
{
    /// <summary>Folder with the department's extra lexicons (*.json) for the classifier; optional.</summary>
    public const string LexiconFolderKey = "ChatArchive:Classification:LexiconFolder";

    public static IServiceCollection AddChatArchiveReadOuts(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var sealing = sp.GetRequiredService<SealingOptions>();
            return new ReadOutModules
            {
                Classifier = MessageClassifier.Create(configuration[LexiconFolderKey] is { Length: > 0 } folder ? folder : null),
                Vault = sealing.ResolveVaultKey() is null ? null : sealing.OpenVault(),
                Sealing = sealing,
                Anchors = sp.GetService<ChatArchive.Persistence.Audit.AuditAnchors>(),
            };
        });
        services.AddSingleton(sp => new ReadOutService(database, sp.GetRequiredService<ReadOutModules>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReadOutService>>()));
        services.AddSingleton<IReadOutService>(sp => sp.GetRequiredService<ReadOutService>());
        services.AddSingleton(sp => new ChecklistService(database, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChecklistService>>()));
        services.AddSingleton<IChecklistService>(sp => sp.GetRequiredService<ChecklistService>());
        services.AddSingleton(sp => new ReadOutQueries(database, sp.GetRequiredService<ReadOutService>()));
        services.AddSingleton<ReadOutAccess>();
        services.TryAddSingleton<IReadOutSignals>(NoReadOutSignals.Instance);
        services.AddHostedService<ReadOutVaultSweep>();
        return services;
    }
}
