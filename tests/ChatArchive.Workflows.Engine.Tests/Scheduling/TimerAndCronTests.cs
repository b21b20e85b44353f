using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Scheduling;

/// <summary>Timers and cron triggers through Quartz (clustered ADO.NET store on PostgreSQL, RAM store on SQLite).</summary>
public sealed class TimerAndCronTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static Action<WorkflowEngineOptions> Running(string schedulerName) => o =>
    {
        o.RunScheduler = true;
        o.RunWorkers = true;
        o.Workers = 2;
        o.SchedulerName = schedulerName;
        // The cron test fires every two seconds; the one-minute guardrail is lowered for it.
        o.MinimumTriggerInterval = TimeSpan.FromSeconds(1);
    };

    private static async Task<string> PublishDelayFlowAsync(EngineHost host, string duration)
    {
        var saved = await host.Definitions.SaveAsync(new Flow("Wachten tot volgende uitleesmoment").Start().Delay("wait", duration).End()
            .Connect("start", "wait").Connect("wait", "end").Build(), publish: true, Bzk);
        Assert.True(saved.Saved);
        return saved.Definition.DefinitionId;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delay_timer_fires_and_the_instance_continues(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "timer"), Running("timer-" + Guid.NewGuid().ToString("N")[..8]));
        var definitionId = await PublishDelayFlowAsync(host, "PT2S");

        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk });
        var id = started.InstanceId!;
        await EngineHost.WaitUntilAsync(async () => (await host.Instances.GetBookmarksAsync(id)).Count == 1, TimeSpan.FromSeconds(20), "the delay waits");
        var bookmark = (await host.Instances.GetBookmarksAsync(id)).Single();
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.InstanceAsync(id)).SubStatus);

        await EngineHost.WaitUntilAsync(async () => (await host.InstanceAsync(id)).Status == WorkflowStatus.Finished, TimeSpan.FromSeconds(30), "the timer fired");

        var wait = (await host.Instances.GetActivityExecutionsAsync(id)).Single(e => e.ActivityId == "wait");
        Assert.Equal(ActivityExecutionStatus.Completed, wait.Status);
        Assert.True(wait.CompletedAt >= bookmark.DueAt!.Value.AddMilliseconds(-50), "the timer must not fire before it is due");
        Assert.Empty(await host.Instances.GetBookmarksAsync(id));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cron_trigger_starts_instances_on_its_schedule(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "cron"), Running("cron-" + Guid.NewGuid().ToString("N")[..8]));
        var saved = await host.Definitions.SaveAsync(new Flow("Maandelijkse controle dekking")
            .Add("schedule", "Elsa.Cron", ("CronExpression", "String", "0/2 * * * * ?")).End().Connect("schedule", "end").Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var query = new WorkflowInstanceQuery { Tenant = "BZK", DefinitionIds = [saved.Definition.DefinitionId], Statuses = [WorkflowStatus.Finished] };

        await EngineHost.WaitUntilAsync(async () => (await host.Instances.ListAsync(query)).TotalCount >= 2, TimeSpan.FromSeconds(30), "two cron firings started instances");

        var instances = (await host.Instances.ListAsync(query)).Items;
        Assert.All(instances, i => Assert.StartsWith("cron:", i.CorrelationId));
        Assert.Equal(instances.Count, instances.Select(i => i.CorrelationId).Distinct().Count());
        var first = instances[^1];
        var executions = await host.Instances.GetActivityExecutionsAsync(first.Id);
        Assert.Equal(["schedule", "end"], executions.Select(e => e.ActivityId));

        // Retracting the definition removes the trigger: no more instances.
        await host.Definitions.RetractAsync(saved.Definition.DefinitionId, Bzk);
        await Task.Delay(500);
        var countAfterRetract = (await host.Instances.ListAsync(query with { Statuses = null })).TotalCount;
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Assert.Equal(countAfterRetract, (await host.Instances.ListAsync(query with { Statuses = null })).TotalCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Timer_due_during_downtime_fires_after_restart(DatabaseProvider provider)
    {
        var database = await Db.CreateAsync(provider, "downtime");
        var schedulerName = "downtime-" + Guid.NewGuid().ToString("N")[..8];
        string id;
        DateTimeOffset due;
        await using (var first = await EngineHost.StartAsync(database, Running(schedulerName)))
        {
            var definitionId = await PublishDelayFlowAsync(first, "PT3S");
            id = (await first.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk })).InstanceId!;
            await EngineHost.WaitUntilAsync(async () => (await first.Instances.GetBookmarksAsync(id)).Count == 1, TimeSpan.FromSeconds(20), "the delay waits");
            due = (await first.Instances.GetBookmarksAsync(id)).Single().DueAt!.Value;
        }

        // Nobody runs while the timer falls due.
        var downtime = due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5);
        if (downtime > TimeSpan.Zero)
        {
            await Task.Delay(downtime);
        }
        await using (var check = await EngineHost.StartAsync(database))
        {
            Assert.Equal(WorkflowStatus.Running, (await check.InstanceAsync(id)).Status);
        }

        await using var second = await EngineHost.StartAsync(database, Running(schedulerName));
        await EngineHost.WaitUntilAsync(async () => (await second.InstanceAsync(id)).Status == WorkflowStatus.Finished, TimeSpan.FromSeconds(30),
            "the overdue timer fired after the restart");
        var wait = (await second.Instances.GetActivityExecutionsAsync(id)).Where(e => e.ActivityId == "wait").ToList();
        Assert.Equal(ActivityExecutionStatus.Completed, Assert.Single(wait).Status);
    }
}
