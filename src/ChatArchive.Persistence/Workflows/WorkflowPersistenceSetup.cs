using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace ChatArchive.Persistence.Workflows;

public static class WorkflowPersistenceSetup
{
    /// <summary>
    /// The workflow engine on this database: the engine's services (<see cref="WorkflowEngineServiceCollectionExtensions.AddWorkflowEngine"/>)
    /// plus the EF stores and Hangfire (<see cref="AddBackgroundJobs"/>) for timers and triggers. Call after AddChatArchivePersistence.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, DatabaseOptions database, Action<WorkflowEngineOptions>? configure = null)
    {
        services.TryAddSingleton(database);
        services.AddWorkflowStores();
        var options = new WorkflowEngineOptions();
        services.AddWorkflowEngine(o =>
        {
            configure?.Invoke(o);
            options = o;
        });
        return options.RunScheduler ? services.AddBackgroundJobs(database, options.BackgroundJobs, runServer: true) : services;
    }

    /// <summary>
    /// Hangfire for this process, once however often it is called: PostgreSQL → <see cref="PostgreSqlStorage"/> in its own
    /// schema of the same database (created at start-up; every node shares it, Hangfire's locks keep a job to one node);
    /// SQLite → <see cref="InMemoryStorage"/> (one node; the engine re-arms it from the timer bookmarks at start-up, our tables
    /// stay the source of truth). The storage is this host's own service, not Hangfire's process-wide static, so two hosts in
    /// one process (tests) never share jobs. <paramref name="runServer"/> adds the Hangfire server that runs the jobs.
    /// </summary>
    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services, DatabaseOptions database, BackgroundJobsOptions jobs, bool runServer)
    {
        jobs.Validate();
        var registered = services.FirstOrDefault(d => d.ServiceType == typeof(BackgroundJobsRegistration))?.ImplementationInstance as BackgroundJobsRegistration;
        if (registered is null)
        {
            registered = new BackgroundJobsRegistration();
            services.AddSingleton(registered);
            services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.PostgreSql
                ? CreatePostgreSqlStorage(database.ConnectionString, jobs)
                : new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }));
            // Registered before AddHangfire, which then keeps it: every job is built from a scope of THIS host's services.
            // Hangfire's own activator comes from the process-wide JobActivator.Current, which the last configured host
            // sets; with two hosts in one process (tests, a restart in place) a job could be built from a disposed host.
            services.AddSingleton<JobActivator>(provider => new HostJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
            services.AddHangfire(c => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings());
        }
        if (runServer && !registered.Server)
        {
            registered.Server = true;
            services.AddHangfireServer((provider, o) =>
            {
                o.Activator = provider.GetRequiredService<JobActivator>(); // this host's (see HostJobActivator)
                o.WorkerCount = jobs.EffectiveWorkerCount;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(jobs.PollSeconds);
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
            });
        }
        return services;
    }

    private static PostgreSqlStorage CreatePostgreSqlStorage(string connectionString, BackgroundJobsOptions jobs)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = jobs.Schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(jobs.PollSeconds),
            // LISTEN/NOTIFY: a job enqueued on one node is picked up at once instead of at the next poll.
            EnableLongPolling = true,
            // A lock row left by a killed node expires after this (Hangfire.PostgreSql's default is 10 minutes). Every
            // lock we take is held for milliseconds (scheduling, AddOrUpdate); no job uses DisableConcurrentExecution.
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options, null), options);
    }

    /// <summary>What <see cref="AddBackgroundJobs"/> registered already in this service collection.</summary>
    private sealed class BackgroundJobsRegistration
    {
        public bool Server { get; set; }
    }

    /// <summary>
    /// The server's registration: options from configuration section <c>ChatArchive:Workflows</c>
    /// (Workers, IdlePollInterval, WorkflowsFolder, RunScheduler, …) and Hangfire's from <c>ChatArchive:BackgroundJobs</c>
    /// (Schema, WorkerCount, PollSeconds); the template folder defaults to the nearest workflows/ folder with JSON files,
    /// from the working directory upwards.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, DatabaseOptions database, IConfiguration configuration) =>
        services.AddWorkflowEngine(database, o =>
        {
            configuration.GetSection(WorkflowEngineOptions.Section).Bind(o);
            configuration.GetSection(BackgroundJobsOptions.Section).Bind(o.BackgroundJobs);
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
