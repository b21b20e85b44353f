using System.Collections.Concurrent;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Runtime;

/// <summary>Automatic retry with back-off (ChatArchive:Workflows:Retry) for activities marked [Retry]; others still become incidents at once.</summary>
public sealed class AutomaticRetryTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    /// <summary>Fails its first <see cref="FailTimes"/> attempts per instance (a briefly unavailable archive store, say).</summary>
    [Activity("Test", "Flaky", Category = "Test")]
    [Retry]
    public sealed class Flaky : Activity
    {
        public static readonly ConcurrentDictionary<string, int> Attempts = new();

        [Input] public int FailTimes { get; set; }

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            var attempt = Attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
            if (attempt <= FailTimes)
            {
                throw new IOException("store unavailable");
            }
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    /// <summary>The same failure without [Retry]: not safe to repeat, so an incident at once.</summary>
    [Activity("Test", "Fragile", Category = "Test")]
    public sealed class Fragile : Activity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => throw new IOException("store unavailable");
    }

    private static Task<EngineHost> HostAsync(DatabaseProvider provider, string name) => Db.CreateAsync(provider, name).ContinueWith(async db =>
        await EngineHost.StartAsync(await db, o =>
        {
            o.Retry.MaxAttempts = 3;
            o.Retry.InitialDelay = TimeSpan.FromMinutes(10);
            o.Retry.BackoffFactor = 2;
        }, s => s.AddWorkflowActivity<Flaky>().AddWorkflowActivity<Fragile>())).Unwrap();

    private static async Task<string> StartAsync(EngineHost host, Flow flow)
    {
        var saved = await host.Definitions.SaveAsync(flow.Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = Bzk });
        await host.Runtime.RunUntilIdleAsync();
        return started.InstanceId!;
    }

    /// <summary>Fires the retry timers due by <paramref name="upTo"/> the way the scheduler's job does, then runs the steps.</summary>
    private static async Task FireTimersAsync(EngineHost host, DateTimeOffset upTo)
    {
        await host.Services.GetRequiredService<IWorkflowExecutionStore>().EnqueueDueTimersAsync(upTo, DateTimeOffset.UtcNow);
        await host.Runtime.RunUntilIdleAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_failing_retryable_step_runs_again_after_a_growing_delay_and_then_continues(DatabaseProvider provider)
    {
        await using var host = await HostAsync(provider, "retry");
        var before = DateTimeOffset.UtcNow;
        var instanceId = await StartAsync(host, new Flow("Opnieuw").Start().Add("flaky", "Test.Flaky", ("FailTimes", "Int32", "2")).End()
            .Connect("start", "flaky").Connect("flaky", "end"));

        // Attempt 1 failed: no incident, a retry timer 10 minutes on.
        var instance = await host.InstanceAsync(instanceId);
        Assert.Empty(instance.State.Incidents);
        var first = Assert.Single(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.InRange(first.DueAt!.Value, before + TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));

        // Attempt 2 fails: the next wait doubles.
        await FireTimersAsync(host, first.DueAt.Value);
        var second = Assert.Single(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(TimeSpan.FromMinutes(10), first.DueAt.Value - first.CreatedAt);
        Assert.Equal(TimeSpan.FromMinutes(20), second.DueAt!.Value - second.CreatedAt);

        // Attempt 3 succeeds and the flowchart goes on.
        await FireTimersAsync(host, second.DueAt.Value);
        instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
        Assert.Equal(3, Flaky.Attempts[instanceId]);
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        Assert.Equal(2, executions.Count(e => e.ActivityId == "flaky" && e.Status == ActivityExecutionStatus.Faulted));
        Assert.Single(executions, e => e.ActivityId == "flaky" && e.Status == ActivityExecutionStatus.Completed);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task After_the_last_attempt_the_step_becomes_an_incident_and_an_unmarked_activity_at_once(DatabaseProvider provider)
    {
        await using var host = await HostAsync(provider, "retrymax");
        var flaky = await StartAsync(host, new Flow("Blijft mislukken").Start().Add("flaky", "Test.Flaky", ("FailTimes", "Int32", "99")).Connect("start", "flaky"));
        var fragile = await StartAsync(host, new Flow("Niet herhaalbaar").Start().Add("fragile", "Test.Fragile").Connect("start", "fragile"));

        Assert.Single((await host.InstanceAsync(fragile)).State.Incidents);
        Assert.Empty(await host.Instances.GetBookmarksAsync(fragile));

        for (var i = 0; i < 2; i++)
        {
            Assert.Empty((await host.InstanceAsync(flaky)).State.Incidents);
            await FireTimersAsync(host, DateTimeOffset.UtcNow + TimeSpan.FromHours(2));
        }
        var instance = await host.InstanceAsync(flaky);
        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        Assert.Single(instance.State.Incidents);
        Assert.Empty(await host.Instances.GetBookmarksAsync(flaky));
        Assert.Equal(3, Flaky.Attempts[flaky]);
    }
}
