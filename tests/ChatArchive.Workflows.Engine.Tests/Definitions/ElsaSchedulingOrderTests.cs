using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// The last two differences the Elsa corpus showed (docs/ELSA-BEHAVIOUR.md, "The order in which scheduled activities run"):
/// Elsa's scheduler is a queue, so a WaitAny join does not overtake a sibling branch that was scheduled before it; and an Elsa.Event
/// inside a FlowNode keeps the flowchart running until it is resumed, after which the workflow finishes (Elsa's
/// FlowchartCompletion test resumes every bookmark it finds).
/// </summary>
public sealed class ElsaSchedulingOrderTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static async Task<string> PublishAndStartAsync(EngineHost host, WorkflowDefinition model)
    {
        var saved = await host.Definitions.SaveAsync(model, publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = Bzk });
        Assert.True(started.Started, started.CannotStartReason);
        await host.Runtime.RunUntilIdleAsync();
        return started.InstanceId!;
    }

    private static async Task<int> ExecutionsOfAsync(EngineHost host, string instanceId, string activityId) =>
        (await host.Instances.GetActivityExecutionsAsync(instanceId)).Count(x => x.ActivityId == activityId && x.Status == ActivityExecutionStatus.Completed);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_WaitAny_join_does_not_overtake_a_sibling_branch_scheduled_before_it_as_in_Elsas_queue(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "waitany-queue"));

        // Elsa's JoinBehaviors/join.json: Start → two WriteLines without text → WaitAny FlowJoin → End. Both lines are written (the
        // second WriteLine was queued before the join), the join completes once, End finishes the workflow.
        var joinJson = await PublishAndStartAsync(host,
            WorkflowJson.Deserialize<WorkflowDefinition>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa", "join.json"))));
        var first = await host.InstanceAsync(joinJson);
        Assert.Equal(WorkflowStatus.Finished, first.Status);
        Assert.Equal(["", ""], (await host.WrittenLinesAsync(joinJson)).Select(l => l ?? ""));
        Assert.Equal(1, await ExecutionsOfAsync(host, joinJson, "802725996be1b582"));

        // A longer branch: the join runs after A1 (queued before it) and before A2 (queued after it); A2 still runs, as no activity
        // of its branch had started when the join ran, and its arrival at the completed join is ignored.
        var model = new Flow("Wacht op de eerste tak").Start()
            .Add("b", "Elsa.WriteLine", ("Text", "String", "B"))
            .Add("a1", "Elsa.WriteLine", ("Text", "String", "A1"))
            .Add("a2", "Elsa.WriteLine", ("Text", "String", "A2"))
            .Add("join", "Elsa.FlowJoin", ("Mode", "String", "WaitAny"))
            .Add("after", "Elsa.WriteLine", ("Text", "String", "Na de join"))
            .Connect("start", "b").Connect("start", "a1").Connect("a1", "a2")
            .Connect("b", "join").Connect("a2", "join").Connect("join", "after")
            .Build();
        var longer = await PublishAndStartAsync(host, model);

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(longer)).Status);
        Assert.Equal(["B", "A1", "A2", "Na de join"], await host.WrittenLinesAsync(longer));
        Assert.Equal(1, await ExecutionsOfAsync(host, longer, "join"));
        Assert.Equal(1, await ExecutionsOfAsync(host, longer, "after"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_Event_inside_a_FlowNode_keeps_the_flowchart_running_until_it_is_resumed_then_the_workflow_finishes(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "flownode-event"));

        // The shape of Elsa's FlowchartCompletion/workflow5.json (not in the stored copy): Start → a FlowNode whose body is an Event,
        // and Start → a WriteLine → a WriteLine without text.
        var model = new Flow("Container met gebeurtenis").Start()
            .Add("container", "Elsa.FlowNode")
            .Add("line1", "Elsa.WriteLine", ("Text", "String", "Intermediary"))
            .Add("line2", "Elsa.WriteLine")
            .Connect("start", "container").Connect("start", "line1").Connect("line1", "line2")
            .Build();
        var container = model.Root.Activities!.Single(a => a.Id == "container");
        container.Properties ??= new Dictionary<string, JsonElement>();
        container.Properties["body"] = JsonDocument.Parse("""
            {"id":"event1","type":"Elsa.Event","version":1,"name":"Event1",
             "eventName":{"typeName":"String","expression":{"type":"Literal","value":"Event4"}}}
            """).RootElement.Clone();
        var instanceId = await PublishAndStartAsync(host, model);

        // The event waits: the FlowNode is still running, so the flowchart does not complete (Elsa: HasPendingWork).
        var waiting = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Running, waiting.Status);
        Assert.Equal(["Intermediary", ""], (await host.WrittenLinesAsync(instanceId)).Select(l => l ?? ""));
        var bookmark = Assert.Single(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.Equal("event1", bookmark.ActivityId);

        // Resumed (as Elsa's RunWorkflowUntilEndAsync resumes every bookmark): the event completes, then its FlowNode, then the workflow.
        Assert.True(await host.Runtime.ResumeAsync(bookmark.Id));
        await host.Runtime.RunUntilIdleAsync();

        var finished = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal(1, await ExecutionsOfAsync(host, instanceId, "container"));
        Assert.Empty(await host.Instances.GetBookmarksAsync(instanceId));
    }
}
