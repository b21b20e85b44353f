using System.Collections.Concurrent;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Runtime;

/// <summary>
/// Steps of one instance that follow each other without side effects run in one transaction (one claim, one commit);
/// an activity with side effects is always committed before anything after it runs.
/// </summary>
public sealed class StepBurstTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    /// <summary>A domain-like activity with an effect outside the instance (counted here): never re-run after its commit.</summary>
    [Activity("Test", "Effect", Category = "Test")]
    public sealed class Effect : Activity
    {
        public static readonly ConcurrentDictionary<string, int> Runs = new();

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            Runs.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    private static async Task<(EngineHost Host, string InstanceId)> StartAsync(DatabaseProvider provider, string name, Flow flow, int stepsPerTransaction = 100)
    {
        var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, name), o => o.StepsPerTransaction = stepsPerTransaction,
            s => s.AddWorkflowActivity<Effect>());
        var saved = await host.Definitions.SaveAsync(flow.Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = Bzk });
        return (host, started.InstanceId!);
    }

    private static Flow Lines() => new Flow("Drie regels").Start()
        .Add("a", "Elsa.WriteLine", ("Text", "String", "een")).Add("b", "Elsa.WriteLine", ("Text", "String", "twee"))
        .Add("c", "Elsa.WriteLine", ("Text", "String", "drie")).End()
        .Connect("start", "a").Connect("a", "b").Connect("b", "c").Connect("c", "end");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Steps_without_side_effects_run_in_one_claim_and_commit(DatabaseProvider provider)
    {
        var (host, instanceId) = await StartAsync(provider, "burst", Lines());
        await using var _ = host;
        var executor = host.Services.GetRequiredService<WorkflowStepExecutor>();

        Assert.Equal(5, await executor.RunBurstAsync(CancellationToken.None));

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Equal(["een", "twee", "drie"], await host.WrittenLinesAsync(instanceId));
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        Assert.Equal(["start", "a", "b", "c", "end"], executions.Select(e => e.ActivityId));
        Assert.All(executions, e => Assert.Equal(ActivityExecutionStatus.Completed, e.Status));
        Assert.Equal(0, await executor.RunBurstAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task One_step_per_transaction_when_configured(DatabaseProvider provider)
    {
        var (host, instanceId) = await StartAsync(provider, "noburst", Lines(), stepsPerTransaction: 1);
        await using var _ = host;
        var executor = host.Services.GetRequiredService<WorkflowStepExecutor>();

        Assert.Equal(1, await executor.RunBurstAsync(CancellationToken.None));
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(instanceId)).Status);
        Assert.Equal(["start"], (await host.Instances.GetActivityExecutionsAsync(instanceId)).Select(e => e.ActivityId));
        Assert.Equal(4, await host.Runtime.RunUntilIdleAsync());
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_step_with_side_effects_is_committed_before_the_next_step_runs(DatabaseProvider provider)
    {
        var (host, instanceId) = await StartAsync(provider, "effect", new Flow("Met effect").Start().Add("effect", "Test.Effect")
            .Add("after", "Elsa.WriteLine", ("Text", "String", "na")).End()
            .Connect("start", "effect").Connect("effect", "after").Connect("after", "end"));
        await using var _ = host;
        var executor = host.Services.GetRequiredService<WorkflowStepExecutor>();

        // Start has no side effects, so the effect joins its burst; the burst ends with the effect and commits.
        Assert.Equal(2, await executor.RunBurstAsync(CancellationToken.None));
        Assert.Equal(1, Effect.Runs[instanceId]);
        Assert.Equal(["start", "effect"], (await host.Instances.GetActivityExecutionsAsync(instanceId)).Select(e => e.ActivityId));
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(instanceId)).Status);

        Assert.Equal(2, await executor.RunBurstAsync(CancellationToken.None));
        Assert.Equal(1, Effect.Runs[instanceId]);
        Assert.Equal(["na"], await host.WrittenLinesAsync(instanceId));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_resumed_wait_and_the_steps_after_it_run_in_one_burst(DatabaseProvider provider)
    {
        var (host, instanceId) = await StartAsync(provider, "resume", new Flow("Taak").Start().Task("task", "Controleren")
            .Add("after", "Elsa.WriteLine", ("Text", "String", "na")).End()
            .Connect("start", "task").Connect("task", "after", "Gereed").Connect("after", "end"));
        await using var _ = host;
        var executor = host.Services.GetRequiredService<WorkflowStepExecutor>();
        // Start and the task (a bookmark, no follow-up work) in one burst; then the instance waits.
        Assert.Equal(2, await executor.RunBurstAsync(CancellationToken.None));
        Assert.Equal(0, await executor.RunBurstAsync(CancellationToken.None));
        var task = Assert.Single((await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open] })).Items);

        await host.Tasks.CompleteAsync(task.Id, new HumanTaskActor("ip.devries", ["information-professional"], ["BZK"]), "Gereed");

        Assert.Equal(3, await executor.RunBurstAsync(CancellationToken.None));
        Assert.Equal(["na"], await host.WrittenLinesAsync(instanceId));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
        Assert.Empty(await host.Instances.GetBookmarksAsync(instanceId));
    }

    private static Flow WithEffect() => new Flow("Met effect").Start().Add("effect", "Test.Effect")
        .Add("after", "Elsa.WriteLine", ("Text", "String", "na")).End()
        .Connect("start", "effect").Connect("effect", "after").Connect("after", "end");

    private static async Task<(EngineHost Host, List<string> InstanceIds)> StartManyAsync(DatabaseProvider provider, string name, int count)
    {
        var (host, first) = await StartAsync(provider, name, WithEffect());
        var ids = new List<string> { first };
        var definitionId = (await host.InstanceAsync(first)).DefinitionId;
        for (var i = 1; i < count; i++)
        {
            ids.Add((await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk })).InstanceId!);
        }
        return (host, ids);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task On_PostgreSQL_one_claim_runs_the_bursts_of_several_instances_and_each_effect_runs_once(DatabaseProvider provider)
    {
        var (host, ids) = await StartManyAsync(provider, "batch", 6);
        await using var _ = host;
        var executor = host.Services.GetRequiredService<WorkflowStepExecutor>();

        // PostgreSQL: the six first items in one batch, each burst Start + the effect. SQLite: one item per claim.
        Assert.Equal(provider == DatabaseProvider.PostgreSql ? 12 : 2, await executor.RunBurstAsync(CancellationToken.None));
        await host.Runtime.RunUntilIdleAsync();

        foreach (var id in ids)
        {
            Assert.Equal(1, Effect.Runs[id]);
            Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(id)).Status);
            Assert.Equal(["na"], await host.WrittenLinesAsync(id));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_burst_that_fails_in_the_database_is_taken_back_alone_and_the_rest_of_the_batch_commits(DatabaseProvider provider)
    {
        var (host, ids) = await StartManyAsync(provider, "batchundo", 3);
        await using var _ = host;
        var store = host.Services.GetRequiredService<IWorkflowExecutionStore>();
        var startedEntry = (await host.Instances.GetJournalAsync(ids[1], 0, 10)).Items[0];
        JournalEntry Mark(string instanceId, long sequence) => new()
        {
            Id = Guid.NewGuid().ToString("N"), InstanceId = instanceId, Timestamp = DateTimeOffset.UtcNow, Sequence = sequence, EventName = "Started",
        };

        await using (var batch = await store.ClaimBatchAsync(16))
        {
            Assert.NotNull(batch);
            if (provider == DatabaseProvider.Sqlite)
            {
                // One item per claim, committed by the step itself.
                Assert.False(batch.Shared);
                Assert.Single(batch.Steps);
                Assert.False(await batch.UndoAsync(batch.Steps[0]));
                await batch.Steps[0].DisposeAsync();
                return;
            }
            Assert.True(batch.Shared);
            Assert.Equal(ids, batch.Steps.Select(s => s.Instance!.Id));
            var (a, b, c) = (batch.Steps[0], batch.Steps[1], batch.Steps[2]);

            await batch.BeginAsync(a);
            a.AddJournal(Mark(ids[0], 1000));
            await a.CommitAsync();

            // The second burst writes a journal line with a sequence its instance already has: the database refuses it.
            await batch.BeginAsync(b);
            b.AddJournal(Mark(ids[1], 1000));
            b.AddJournal(Mark(ids[1], startedEntry.Sequence));
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => b.CommitAsync());
            Assert.True(await batch.UndoAsync(b));

            await batch.BeginAsync(c);
            c.AddJournal(Mark(ids[2], 1000));
            await c.CommitAsync();
            await batch.CommitAsync();
        }

        Assert.Contains((await host.Instances.GetJournalAsync(ids[0], 0, 10)).Items, j => j.Sequence == 1000);
        Assert.Contains((await host.Instances.GetJournalAsync(ids[2], 0, 10)).Items, j => j.Sequence == 1000);
        Assert.DoesNotContain((await host.Instances.GetJournalAsync(ids[1], 0, 10)).Items, j => j.Sequence == 1000);
        // The first and third items are done (taken by their steps); the second one stays and runs normally.
        Assert.Equal(1, await store.PendingWorkCountAsync());
        await host.Runtime.RunUntilIdleAsync();
        Assert.Equal(1, Effect.Runs[ids[1]]);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(ids[1])).Status);
        Assert.False(Effect.Runs.ContainsKey(ids[0]));
    }
}
