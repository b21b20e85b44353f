using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.TestHost;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Durability;

/// <summary>Real processes: killed mid-step, and two side by side on one PostgreSQL.</summary>
public sealed class ProcessDurabilityTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static Task<EngineHost> ObserverAsync(DatabaseOptions db) =>
        EngineHost.StartAsync(db, services: s => s.AddWorkflowActivity<RecordStep>());

    private static async Task<string> PublishAsync(EngineHost host, Flow flow)
    {
        var saved = await host.Definitions.SaveAsync(flow.Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        return saved.Definition.DefinitionId;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Process_killed_between_two_steps_resumes_without_rerunning_the_completed_step(DatabaseProvider provider)
    {
        var db = await Db.CreateAsync(provider, "crash");
        var work = Directory.CreateTempSubdirectory("chatarchive-crash-").FullName;
        var records = Path.Combine(work, "records.txt");
        var marker = Path.Combine(work, "hanging.txt");
        string instanceId;
        await using (var setup = await ObserverAsync(db))
        {
            var definitionId = await PublishAsync(setup, new Flow("Uitlezen, schonen, veiligstellen").Start()
                .Add("uitlezen", "Test.RecordStep").Add("schonen", "Test.RecordStep").Add("veiligstellen", "Test.RecordStep").End()
                .Connect("start", "uitlezen").Connect("uitlezen", "schonen").Connect("schonen", "veiligstellen").Connect("veiligstellen", "end"));
            instanceId = (await setup.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk })).InstanceId!;
        }

        using (var doomed = await TestHostProcess.StartAsync(db, records,
                   new Dictionary<string, string> { ["TESTHOST_HANG_AT"] = "schonen", ["TESTHOST_HANG_MARKER"] = marker }))
        {
            await EngineHost.WaitUntilAsync(() => Task.FromResult(File.Exists(marker)), TimeSpan.FromSeconds(60), "the second step is running");
            doomed.KillHard();
        }

        await using (var observer = await ObserverAsync(db))
        {
            Assert.Equal([("uitlezen")], TestHostProcess.ReadRecords(records).Select(r => r.Activity));
            var executions = await observer.Instances.GetActivityExecutionsAsync(instanceId);
            Assert.Equal(["start", "uitlezen"], executions.Select(e => e.ActivityId));
            Assert.Equal(WorkflowStatus.Running, (await observer.InstanceAsync(instanceId)).Status);
        }

        using (var restarted = await TestHostProcess.StartAsync(db, records))
        {
            await using var observer = await ObserverAsync(db);
            await EngineHost.WaitUntilAsync(async () => (await observer.InstanceAsync(instanceId)).Status == WorkflowStatus.Finished,
                TimeSpan.FromSeconds(60), "the restarted process finished the instance");
            var executions = await observer.Instances.GetActivityExecutionsAsync(instanceId);
            Assert.Equal(["start", "uitlezen", "schonen", "veiligstellen", "end"], executions.Select(e => e.ActivityId));
            Assert.All(executions, e => Assert.Equal(ActivityExecutionStatus.Completed, e.Status));
        }
        Assert.Equal(["uitlezen", "schonen", "veiligstellen"], TestHostProcess.ReadRecords(records).Select(r => r.Activity));
    }

    [Fact]
    public async Task Two_processes_on_one_PostgreSQL_never_run_a_step_twice()
    {
        const int instances = 150;
        var db = await Db.CreateAsync(DatabaseProvider.PostgreSql, "twohosts");
        var records = Path.Combine(Directory.CreateTempSubdirectory("chatarchive-twohosts-").FullName, "records.txt");
        var ids = new List<string>();
        await using (var setup = await ObserverAsync(db))
        {
            // A timer between the steps: both processes share one Hangfire store too.
            var definitionId = await PublishAsync(setup, new Flow("Twee servers").Start()
                .Add("uitlezen", "Test.RecordStep").Delay("wacht", "PT5S").Add("veiligstellen", "Test.RecordStep").End()
                .Connect("start", "uitlezen").Connect("uitlezen", "wacht").Connect("wacht", "veiligstellen").Connect("veiligstellen", "end"));
            for (var i = 0; i < instances; i++)
            {
                ids.Add((await setup.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk, CorrelationId = $"bewindspersoon-{i}" })).InstanceId!);
            }
        }
        var env = new Dictionary<string, string> { ["TESTHOST_SCHEDULER"] = "1" };

        // Started together, so neither can finish all the work before the other is up.
        var starting = new[] { TestHostProcess.StartAsync(db, records, env), TestHostProcess.StartAsync(db, records, env) };
        var started = await Task.WhenAll(starting);
        using var first = started[0];
        using var second = started[1];
        await using var observer = await ObserverAsync(db);
        await EngineHost.WaitUntilAsync(async () => (await observer.Instances.ListAsync(new WorkflowInstanceQuery
        {
            Tenant = "BZK", Statuses = [WorkflowStatus.Finished], PageSize = 1,
        })).TotalCount == instances, TimeSpan.FromSeconds(120), "both processes finished all instances");
        first.KillHard();
        second.KillHard();

        var lines = TestHostProcess.ReadRecords(records);
        Assert.Equal(instances * 2, lines.Count);
        Assert.All(lines.GroupBy(l => (l.Instance, l.Activity)), g => Assert.Single(g));
        Assert.Equal(ids.Order(), lines.Select(l => l.Instance).Distinct().Order());
        // Both processes took part; otherwise this would not test anything about running side by side.
        Assert.Equal(2, lines.Select(l => l.Pid).Distinct().Count());
        foreach (var id in ids.Take(20))
        {
            var executions = await observer.Instances.GetActivityExecutionsAsync(id);
            Assert.Equal(["start", "uitlezen", "wacht", "veiligstellen", "end"], executions.Select(e => e.ActivityId));
        }
    }
}
