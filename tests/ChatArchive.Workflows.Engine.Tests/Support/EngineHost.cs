using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Tests.Support;

/// <summary>
/// The engine as a server runs it (generic host, hosted services, real database), without HTTP.
/// By default no background workers and no scheduler: tests drive steps with RunUntilIdleAsync.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost host;

    private EngineHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;
    public IWorkflowDefinitionService Definitions => Services.GetRequiredService<IWorkflowDefinitionService>();
    public IWorkflowRuntime Runtime => Services.GetRequiredService<IWorkflowRuntime>();
    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();
    public IHumanTaskService Tasks => Services.GetRequiredService<IHumanTaskService>();

    public static async Task<EngineHost> StartAsync(DatabaseOptions database, Action<WorkflowEngineOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.Services.AddChatArchivePersistence(database);
        builder.Services.AddWorkflowEngine(database, o =>
        {
            o.RunWorkers = false;
            o.RunScheduler = false;
            o.IdlePollInterval = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EngineHost(host);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}");
    }

    /// <summary>Publishes the definition in BZK, starts one instance (with an optional correlation id) and runs the engine
    /// until nothing is left to do; returns the instance id.</summary>
    public async Task<string> PublishAndRunAsync(WorkflowDefinition model, string? correlationId = null)
    {
        var bzk = TenantScope.ForDepartment("BZK");
        var saved = await Definitions.SaveAsync(model, publish: true, bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var started = await Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = bzk, CorrelationId = correlationId });
        Assert.True(started.Started, started.CannotStartReason);
        await Runtime.RunUntilIdleAsync();
        return started.InstanceId!;
    }

    /// <summary>The text of every completed Elsa.WriteLine of the instance, in the order they ran.</summary>
    public async Task<List<string?>> WrittenLinesAsync(string instanceId) =>
        (await Instances.GetJournalAsync(instanceId, 0, 1000)).Items
            .Where(j => j.ActivityType == "Elsa.WriteLine" && j.EventName == JournalEvents.Completed)
            .OrderBy(j => j.Sequence).Select(j => j.Message).ToList();

    public async Task<WorkflowInstance> InstanceAsync(string id) =>
        await Instances.GetAsync(id) ?? throw new InvalidOperationException($"instance {id} not found");

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
