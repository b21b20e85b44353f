using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Activities;

/// <summary>Elsa.Event and Elsa.PublishEvent: who receives an event (department, correlation id, local) and its payload.</summary>
public sealed class EventActivityTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");
    private static readonly TenantScope JenV = TenantScope.ForDepartment("JenV");

    private static async Task<string> PublishAsync(EngineHost host, WorkflowDefinition d, TenantScope scope)
    {
        var saved = await host.Definitions.SaveAsync(d, publish: true, scope);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        return saved.Definition.DefinitionId;
    }

    private static async Task<string> StartAsync(EngineHost host, string definitionId, TenantScope scope, string? correlationId)
    {
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = scope, CorrelationId = correlationId });
        Assert.True(started.Started, started.CannotStartReason);
        await host.Runtime.RunUntilIdleAsync();
        return started.InstanceId!;
    }

    private static WorkflowDefinition Waiter()
    {
        var d = new Flow("Wacht op uitlezing").Variable("Ontvangen", "", "Object").Start()
            .Add("wait", "Elsa.Event", ("EventName", "String", "UitlezingKlaar")).End().Connect("start", "wait").Connect("wait", "end").Build();
        var node = d.Root.Activities!.Single(a => a.Id == "wait");
        node.Properties!["result"] = System.Text.Json.JsonDocument.Parse("""{"typeName":"Object","memoryReference":{"id":"ontvangen"}}""").RootElement.Clone();
        return d;
    }

    private static WorkflowDefinition Publisher(string? correlationId) => new Flow("Meld uitlezing " + (correlationId ?? "iedereen")).Start()
        .Add("publish", "Elsa.PublishEvent", ("EventName", "String", "UitlezingKlaar"), ("CorrelationId", "String", correlationId ?? ""),
            ("Payload", "Object", """{"berichten":12}"""))
        .Connect("start", "publish").Build();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_published_event_resumes_the_waiting_instances_of_the_department_with_that_correlation_id(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "events"));
        var waiterBzk = await PublishAsync(host, Waiter(), Bzk);
        var waiterJenV = await PublishAsync(host, Waiter(), JenV);
        var one = await StartAsync(host, waiterBzk, Bzk, "bp-1");
        var two = await StartAsync(host, waiterBzk, Bzk, "bp-2");
        var other = await StartAsync(host, waiterJenV, JenV, "bp-1");

        await StartAsync(host, await PublishAsync(host, Publisher("bp-1"), Bzk), Bzk, null);

        var first = await host.InstanceAsync(one);
        Assert.Equal(WorkflowStatus.Finished, first.Status);
        Assert.Equal("""{"berichten":12}""", first.State.Variables["Ontvangen"]);
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(two)).Status);
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(other)).Status);

        await StartAsync(host, await PublishAsync(host, Publisher(null), Bzk), Bzk, null);

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(two)).Status);
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(other)).Status);
        Assert.Single(await host.Instances.GetBookmarksAsync(other));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_local_event_reaches_only_its_own_instance(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "localevents"));
        var d = new Flow("Lokaal").Start()
            .Add("wait", "Elsa.Event", ("EventName", "String", "Klaar"))
            .Add("publish", "Elsa.PublishEvent", ("EventName", "String", "Klaar"), ("IsLocalEvent", "Boolean", "True"))
            .Add("line", "Elsa.WriteLine", ("Text", "String", "ontvangen"))
            .Connect("start", "wait").Connect("start", "publish").Connect("wait", "line").Build();
        var id = await PublishAsync(host, d, Bzk);
        var waitingOnly = await PublishAsync(host, new Flow("Alleen wachten").Start().Add("wait", "Elsa.Event", ("EventName", "String", "Klaar"))
            .Connect("start", "wait").Build(), Bzk);
        var bystander = await StartAsync(host, waitingOnly, Bzk, null);

        var instanceId = await StartAsync(host, id, Bzk, null);
        await host.Runtime.RunUntilIdleAsync();

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
        Assert.Contains((await host.Instances.GetJournalAsync(instanceId, 0, 100)).Items, j => j.ActivityId == "line" && j.Message == "ontvangen");
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(bystander)).Status);
    }

    /// <summary>A workflow that begins at an Elsa.Event marked "can start workflow" (Elsa's trigger), writing the payload it got.</summary>
    private static WorkflowDefinition Triggered(bool canStartWorkflow)
    {
        var d = new Flow(canStartWorkflow ? "Start bij uitlezing" : "Wacht op uitlezing (geen trigger)").Variable("Ontvangen", "", "Object")
            .Add("trigger", "Elsa.Event", ("EventName", "String", "UitlezingKlaar"))
            .Add("line", "Elsa.WriteLine", ("Text", "String", "gestart"))
            .Connect("trigger", "line").Build();
        var node = d.Root.Activities!.Single(a => a.Id == "trigger");
        node.Properties!["result"] = System.Text.Json.JsonDocument.Parse("""{"typeName":"Object","memoryReference":{"id":"ontvangen"}}""").RootElement.Clone();
        node.Properties!["customProperties"] = System.Text.Json.JsonDocument.Parse($$"""{"canStartWorkflow":{{(canStartWorkflow ? "true" : "false")}}}""").RootElement.Clone();
        return d;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_published_event_starts_the_departments_workflows_whose_Event_can_start_them(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "eventtrigger"));
        var trigger = await PublishAsync(host, Triggered(canStartWorkflow: true), Bzk);
        var notTrigger = await PublishAsync(host, Triggered(canStartWorkflow: false), Bzk);
        var otherDepartment = await PublishAsync(host, Triggered(canStartWorkflow: true), JenV);

        await StartAsync(host, await PublishAsync(host, Publisher(null), Bzk), Bzk, null);
        await host.Runtime.RunUntilIdleAsync();

        async Task<IReadOnlyList<WorkflowInstanceSummary>> InstancesOf(string definitionId, string tenant) =>
            (await host.Instances.ListAsync(new WorkflowInstanceQuery { Tenant = tenant, DefinitionIds = [definitionId] })).Items;
        var started = Assert.Single(await InstancesOf(trigger, "BZK"));
        Assert.Empty(await InstancesOf(notTrigger, "BZK"));
        Assert.Empty(await InstancesOf(otherDepartment, "JenV"));
        var instance = await host.InstanceAsync(started.Id);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal("""{"berichten":12}""", instance.State.Variables["Ontvangen"]);
        Assert.Contains((await host.Instances.GetJournalAsync(started.Id, 0, 100)).Items, j => j.ActivityId == "line" && j.Message == "gestart");
    }
}
