using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Runtime;

public sealed class FlowchartRuntimeTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");
    private static readonly HumanTaskActor InformationProfessional = new("ip.devries", ["information-professional"], ["BZK"]);

    /// <summary>Fails while <see cref="Broken"/> holds for the instance: a step whose dependency is down.</summary>
    [Activity("Test", "Flaky", Category = "Test")]
    public sealed class Flaky : Activity
    {
        public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Broken = new();

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
            Broken.TryGetValue(context.InstanceId, out var b) && b
                ? throw new IOException("archive store unreachable")
                : ValueTask.FromResult(ActivityResult.Complete());
    }

    private static async Task<string> PublishAsync(EngineHost host, WorkflowDefinition model)
    {
        var result = await host.Definitions.SaveAsync(model, publish: true, Bzk);
        Assert.True(result.Saved, string.Join("; ", result.ValidationErrors.Select(e => e.Message)));
        return result.Definition.DefinitionId;
    }

    private static async Task<string> StartAsync(EngineHost host, string definitionId)
    {
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk, CorrelationId = "minister-bzk-2026" });
        Assert.True(started.Started, started.CannotStartReason);
        return started.InstanceId!;
    }

    private static async Task<HumanTaskItem> OpenTaskAsync(EngineHost host, string instanceId) =>
        Assert.Single((await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open] })).Items);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Completed_outcome_decides_which_connection_is_followed(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "branching"));
        // seed 000 §2.2.2 step 6: disagreement about the marked messages goes back to the professional.
        var id = await PublishAsync(host, new Flow("Validatie gemarkeerde berichten").Start()
            .Task("validate", "Valideren gemarkeerde passages", "officeholder", "Akkoord", "Niet akkoord")
            .Task("rework", "Opnieuw schonen").Task("secure", "Zakelijke berichten veiligstellen").End()
            .Connect("start", "validate").Connect("validate", "secure", "Akkoord").Connect("validate", "rework", "Niet akkoord")
            .Connect("secure", "end", "Gereed").Connect("rework", "end", "Gereed").Build());
        var instanceId = await StartAsync(host, id);
        await host.Runtime.RunUntilIdleAsync();
        var officeholder = new HumanTaskActor("minister.bzk", ["officeholder"], ["BZK"]);

        var validate = await OpenTaskAsync(host, instanceId);
        Assert.Equal(["Akkoord", "Niet akkoord"], validate.Outcomes);
        await host.Tasks.CompleteAsync(validate.Id, officeholder, "Niet akkoord");
        await host.Runtime.RunUntilIdleAsync();

        var next = await OpenTaskAsync(host, instanceId);
        Assert.Equal("rework", next.ActivityId);
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        Assert.DoesNotContain(executions, e => e.ActivityId == "secure");
        Assert.Equal("Niet akkoord", executions.Single(e => e.ActivityId == "validate").Outcome);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Human_task_waits_and_completing_it_resumes_the_workflow(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "humantask"));
        var id = await PublishAsync(host, new Flow("Uitlezen telefoon").Start().Task("readout", "Uitlezen chatberichten en opslaan in beveiligde omgeving").End()
            .Connect("start", "readout").Connect("readout", "end", "Gereed").Build());
        var instanceId = await StartAsync(host, id);
        await host.Runtime.RunUntilIdleAsync();

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (instance.Status, instance.SubStatus));
        var forMe = await host.Tasks.ListAsync(new HumanTaskQuery { Departments = ["BZK"], Roles = ["information-professional"], Statuses = [HumanTaskStatus.Open] });
        var task = Assert.Single(forMe.Items);
        Assert.Equal("BZK", task.Department);
        Assert.Empty((await host.Tasks.ListAsync(new HumanTaskQuery { Departments = ["OCW"] })).Items);

        var claimed = await host.Tasks.ClaimAsync(task.Id, InformationProfessional);
        Assert.Equal(HumanTaskStatus.Claimed, claimed.Status);
        var colleague = new HumanTaskActor("ip.bakker", ["information-professional"], ["BZK"]);
        var taken = await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Tasks.CompleteAsync(task.Id, colleague, "Gereed"));
        Assert.Contains("opgepakt door een collega", taken.Message);

        await host.Tasks.CompleteAsync(task.Id, InformationProfessional, "Gereed", "{\"exportBestanden\":2}");
        await host.Runtime.RunUntilIdleAsync();

        instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(await host.Instances.GetBookmarksAsync(instanceId));
        var readout = (await host.Instances.GetActivityExecutionsAsync(instanceId)).Single(e => e.ActivityId == "readout");
        Assert.Equal("{\"exportBestanden\":2}", readout.Outputs["Result"]);
        var journal = await host.Instances.GetJournalAsync(instanceId, 0, 100);
        Assert.Equal(["WorkflowStarted", "Started", "Completed", "Started", "Suspended", "Resumed", "Completed", "Started", "Completed", "WorkflowFinished"],
            journal.Items.Select(j => j.EventName));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), journal.Items.Select(j => j.Sequence));
        var again = await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Tasks.CompleteAsync(task.Id, InformationProfessional, "Gereed"));
        Assert.Equal(WorkflowErrorKind.Conflict, again.Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Completing_with_an_outcome_the_task_does_not_have_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "badoutcome"));
        var id = await PublishAsync(host, new Flow("Schonen").Start().Task("clean", "Schonen op berichtniveau", "information-professional", "Gereed").End()
            .Connect("start", "clean").Connect("clean", "end", "Gereed").Build());
        var instanceId = await StartAsync(host, id);
        await host.Runtime.RunUntilIdleAsync();
        var task = await OpenTaskAsync(host, instanceId);

        var ex = await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Tasks.CompleteAsync(task.Id, InformationProfessional, "Overgeslagen"));

        Assert.Equal(WorkflowErrorKind.Validation, ex.Kind);
        Assert.Contains("Kies een van: Gereed", ex.Message);
        Assert.Equal(HumanTaskStatus.Open, (await host.Tasks.GetAsync(task.Id, InformationProfessional))!.Status);
        Assert.Equal(0, await host.Runtime.RunUntilIdleAsync());
        var officeholder = new HumanTaskActor("minister.bzk", ["officeholder"], ["BZK"]);
        Assert.Equal(WorkflowErrorKind.Forbidden, (await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Tasks.CompleteAsync(task.Id, officeholder, "Gereed"))).Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Running_instance_keeps_its_version_when_a_new_version_is_published(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "versionpin"));
        var v1 = await PublishAsync(host, new Flow("Aanbieden aan bewindspersoon", "offer").Start().Task("offer", "Aanbieden opgeschoonde set").End()
            .Connect("start", "offer").Connect("offer", "end", "Gereed").Build());
        var oldInstance = await StartAsync(host, v1);
        await host.Runtime.RunUntilIdleAsync();

        // Version 2 puts a trustee check between offering and the end.
        var v2Model = (await host.Definitions.GetAsync("offer", VersionOptions.Latest, Bzk))!;
        v2Model.Root.Connections!.Clear();
        v2Model.Root.Activities!.Add(new ActivityNode { Id = "trustee", Type = "ChatArchive.HumanTask", Name = "trustee" });
        v2Model.Root.Activities!.Single(a => a.Id == "trustee").SetInput("Title", WrappedInput.Literal("String", "Controle door vertrouwenspersoon"));
        v2Model.Root.Connections.AddRange([new Connection("start", "Done", "offer"), new Connection("offer", "Gereed", "trustee"), new Connection("trustee", "Gereed", "end")]);
        var saved = await host.Definitions.SaveAsync(v2Model, publish: true, Bzk);
        Assert.Equal(2, saved.Definition.Version);
        var newInstance = await StartAsync(host, "offer");
        await host.Runtime.RunUntilIdleAsync();

        foreach (var i in new[] { oldInstance, newInstance })
        {
            await host.Tasks.CompleteAsync((await OpenTaskAsync(host, i)).Id, InformationProfessional, "Gereed");
        }
        await host.Runtime.RunUntilIdleAsync();

        var old = await host.InstanceAsync(oldInstance);
        Assert.Equal((1, WorkflowStatus.Finished), (old.Version, old.Status));
        var fresh = await host.InstanceAsync(newInstance);
        Assert.Equal((2, WorkflowStatus.Running), (fresh.Version, fresh.Status));
        Assert.Equal("trustee", (await OpenTaskAsync(host, newInstance)).ActivityId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Failing_activity_becomes_an_incident_and_retry_runs_it_again(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "incident"), services: s => s.AddWorkflowActivity<Flaky>());
        var id = await PublishAsync(host, new Flow("Veiligstellen").Start().Add("seal", "Test.Flaky").End().Connect("start", "seal").Connect("seal", "end").Build());
        var instanceId = await StartAsync(host, id);
        Flaky.Broken[instanceId] = true;
        await host.Runtime.RunUntilIdleAsync();

        var faulted = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted, 1), (faulted.Status, faulted.SubStatus, faulted.IncidentCount));
        var incident = Assert.Single(faulted.State.Incidents);
        Assert.Equal(("seal", "IOException"), (incident.ActivityId, incident.ExceptionType));
        Assert.DoesNotContain("archive store", incident.Message);
        var stats = await host.Instances.GetActivityStatsAsync(instanceId);
        Assert.True(stats.Single(s => s.ActivityId == "seal").IsFaulted);

        Flaky.Broken[instanceId] = false;
        Assert.Equal(1, await host.Runtime.RetryAsync(instanceId));
        await host.Runtime.RunUntilIdleAsync();

        var done = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, 0), (done.Status, done.IncidentCount));
        var seal = (await host.Instances.GetActivityExecutionsAsync(instanceId)).Where(e => e.ActivityId == "seal").Select(e => e.Status).ToList();
        Assert.Equal([ActivityExecutionStatus.Faulted, ActivityExecutionStatus.Completed], seal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Variable_input_is_read_from_the_instance_and_unknown_definitions_cannot_start(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "variables"));
        var model = new Flow("Uitlezen met variabele").Variable("Uitleesmoment", "P6W").Start().Add("wait", "Elsa.Delay").End()
            .Connect("start", "wait").Connect("wait", "end").Build();
        model.Root.Activities!.Single(a => a.Id == "wait").SetInput("Duration",
            new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = ExpressionTypes.Variable, Value = "Uitleesmoment" } });
        var id = await PublishAsync(host, model);
        var instanceId = await StartAsync(host, id);
        var before = DateTimeOffset.UtcNow;
        await host.Runtime.RunUntilIdleAsync();

        var bookmark = Assert.Single(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.Equal("Timer", bookmark.Kind);
        Assert.InRange(bookmark.DueAt!.Value, before.AddDays(42).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(42).AddMinutes(1));
        var cannot = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "bestaat-niet", Scope = Bzk });
        Assert.False(cannot.Started);
        Assert.Contains("Publiceer de workflow eerst", cannot.CannotStartReason);
    }
}
