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
    /// (Workers, IdlePollInterval, WorkflowsFolder, SchedulerName, RunScheduler, …); the template folder defaults to the
    /// nearest workflows/ folder with JSON files, from the working directory upwards.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, DatabaseOptions database, IConfiguration configuration) =>
        services.AddWorkflowEngine(database, o =>
        {
            configuration.GetSection(WorkflowEngineOptions.Section).Bind(o);
            o.WorkflowsFolder ??= FindWorkflowsFolder(Directory.GetCurrentDirectory());
        });

    /// <summary>
    /// The repository's workflows/ folder: in the working directory or the nearest parent that has one with JSON files
    /// (`dotnet run --project src/ChatArchive.Server` runs in the project folder); else ./workflows.
    /// </summary>
    public static string FindWorkflowsFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any())
            {
                return candidate;
            }
        }
        return Path.Combine(start, "workflows");
    }

    public static IServiceCollection AddWorkflowStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IWorkflowDefinitionStore, EfWorkflowDefinitionStore>();
        services.TryAddSingleton<IWorkflowExecutionStore, EfWorkflowExecutionStore>();
        services.TryAddSingleton<IWorkflowInstanceStore, EfWorkflowInstanceStore>();
        services.TryAddSingleton<IHumanTaskStore, EfHumanTaskStore>();
        return services;
    }
}
