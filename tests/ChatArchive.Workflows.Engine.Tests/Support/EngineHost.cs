using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
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
            o.SchedulerName = "test-" + Guid.NewGuid().ToString("N")[..8];
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

    public async Task<WorkflowInstance> InstanceAsync(string id) =>
        await Instances.GetAsync(id) ?? throw new InvalidOperationException($"instance {id} not found");

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
