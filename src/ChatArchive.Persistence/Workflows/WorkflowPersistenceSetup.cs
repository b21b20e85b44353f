using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Persistence.Workflows;

public static class WorkflowPersistenceSetup
{
    /// <summary>
    /// The workflow engine on this database: the engine's services (<see cref="WorkflowEngineServiceCollectionExtensions.AddWorkflowEngine"/>)
    /// plus the EF stores. PostgreSQL: Quartz uses its clustered ADO.NET store in the same database;
    /// SQLite: Quartz in memory, re-armed from the timer bookmarks at start-up. Call after AddChatArchivePersistence.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, DatabaseOptions database, Action<WorkflowEngineOptions>? configure = null)
    {
        services.AddWorkflowStores();
        return services.AddWorkflowEngine(o =>
        {
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                o.SchedulerStore = SchedulerStore.PostgreSqlClustered;
                o.SchedulerConnectionString = database.ConnectionString;
            }
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// The server's registration: options from configuration section <c>ChatArchive:Workflows</c>
    /// (Workers, IdlePollInterval, WorkflowsFolder, SchedulerName, …); the template folder defaults to ./workflows.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, DatabaseOptions database, IConfiguration configuration) =>
        services.AddWorkflowEngine(database, o =>
        {
            configuration.GetSection(WorkflowEngineOptions.Section).Bind(o);
            o.WorkflowsFolder ??= Path.GetFullPath("workflows");
        });

    public static IServiceCollection AddWorkflowStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IWorkflowDefinitionStore, EfWorkflowDefinitionStore>();
        services.TryAddSingleton<IWorkflowExecutionStore, EfWorkflowExecutionStore>();
        services.TryAddSingleton<IWorkflowInstanceStore, EfWorkflowInstanceStore>();
        services.TryAddSingleton<IHumanTaskStore, EfHumanTaskStore>();
        return services;
    }
}
