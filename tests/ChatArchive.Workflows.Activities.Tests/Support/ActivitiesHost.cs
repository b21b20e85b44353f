using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Activities.Tests.Support;

/// <summary>
/// The engine with the domain activities on a real database, as the server composes them, without HTTP and without
/// background workers or the poller: tests drive steps (RunUntilIdleAsync) and passes (ProcessStarter.RunOnceAsync).
/// </summary>
public sealed class ActivitiesHost : IAsyncDisposable
{
    private readonly IHost host;

    private ActivitiesHost(IHost host, ManualClock clock)
    {
        this.host = host;
        Clock = clock;
    }

    public ManualClock Clock { get; }
    public IServiceProvider Services => host.Services;
    public IWorkflowDefinitionService Definitions => Services.GetRequiredService<IWorkflowDefinitionService>();
    public IWorkflowRuntime Runtime => Services.GetRequiredService<IWorkflowRuntime>();
    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();
    public IHumanTaskService Tasks => Services.GetRequiredService<IHumanTaskService>();
    public ProcessStarter Starter => Services.GetRequiredService<ProcessStarter>();
    public DepartmentProcessReader Processes => Services.GetRequiredService<DepartmentProcessReader>();

    public ChatArchiveDbContext Db() => Services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>().CreateDbContext();

    /// <summary>Starts on <paramref name="database"/> with the repository's workflows/ folder as the template set.</summary>
    public static async Task<ActivitiesHost> StartAsync(DatabaseOptions database, DateTimeOffset? now = null, bool templates = true,
        Action<IServiceCollection, TimeProvider>? services = null)
    {
        var clock = new ManualClock(now ?? new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddChatArchivePersistence(database);
        builder.Services.AddWorkflowEngine(database, o =>
        {
            o.RunWorkers = false;
            o.RunScheduler = false;
            o.WorkflowsFolder = templates ? RepositoryFolders.Workflows : null;
        });
        builder.Services.AddChatArchiveActivities(configure: o => o.ProcessStarts = false);
        services?.Invoke(builder.Services, clock);
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        var host = builder.Build();
        await host.StartAsync();
        return new ActivitiesHost(host, clock);
    }

    public async Task<WorkflowInstance> InstanceAsync(string id) =>
        await Instances.GetAsync(id) ?? throw new InvalidOperationException($"instance {id} not found");

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

public static class RepositoryFolders
{
    /// <summary>The repository's workflows/ folder (found upwards from the test's directory).</summary>
    public static string Workflows { get; } = WorkflowPersistenceSetup.FindWorkflowsFolder(AppContext.BaseDirectory);
}
