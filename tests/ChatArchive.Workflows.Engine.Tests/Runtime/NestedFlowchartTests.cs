using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Runtime;

/// <summary>
/// An Elsa.Flowchart inside a flowchart runs as Elsa runs it: from its own start along its own connections, and the outer
/// flowchart goes on once nothing inside is left — or at once when an Elsa.End inside it is reached.
/// </summary>
public sealed class NestedFlowchartTests
{
    private static readonly HumanTaskActor Professional = new("ip.devries", ["information-professional"], ["BZK"]);

    /// <summary>Outer: start → inner → after (WriteLine "na"); <paramref name="inner"/> builds the nested flowchart's content.</summary>
    private static WorkflowDefinition Outer(Func<Flow, Flow> inner)
    {
        var nested = inner(new Flow("binnen")).Build().Root;
        nested.Id = "inner";
        nested.Name = "Binnen";
        var d = new Flow("Genest stroomschema").Start().Add("after", "Elsa.WriteLine", ("Text", "String", "na"))
            .Connect("start", "inner").Connect("inner", "after").Build();
        d.Root.Activities!.Insert(1, nested);
        return d;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_outer_flowchart_goes_on_when_the_nested_one_has_nothing_left(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "nested"));
        var instanceId = await host.PublishAndRunAsync(Outer(f => f.Start("start2").Add("l1", "Elsa.WriteLine", ("Text", "String", "binnen 1"))
            .Task("task", "Controleren").Add("l2", "Elsa.WriteLine", ("Text", "String", "binnen 2"))
            .Connect("start2", "l1").Connect("l1", "task").Connect("task", "l2", "Gereed")));

        // The nested flowchart waits on its task; the outer one waits for the nested one.
        Assert.Equal(["binnen 1"], await host.WrittenLinesAsync(instanceId));
        var task = Assert.Single((await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open] })).Items);
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(instanceId)).Status);

        await host.Tasks.CompleteAsync(task.Id, Professional, "Gereed");
        await host.Runtime.RunUntilIdleAsync();

        Assert.Equal(["binnen 1", "binnen 2", "na"], await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        var inner = Assert.Single(executions, e => e.ActivityId == "inner");
        Assert.Equal((ActivityExecutionStatus.Completed, "Done"), (inner.Status, inner.Outcome));
        Assert.All(executions.GroupBy(e => e.ActivityId), g => Assert.Single(g));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_End_inside_a_nested_flowchart_completes_that_flowchart_only(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "nestedend"));
        var instanceId = await host.PublishAndRunAsync(Outer(f => f.Start("start2").Add("l1", "Elsa.WriteLine", ("Text", "String", "binnen"))
            .Add("wait", "Elsa.Event", ("EventName", "String", "KomtNooit")).End("end2")
            .Connect("start2", "l1").Connect("start2", "wait").Connect("l1", "end2")));

        // Elsa: End marks the end of its flowchart; the waiting branch inside is dropped and the outer flowchart goes on.
        Assert.Equal(["binnen", "na"], await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.Empty(instance.State.Incidents);
    }
}
