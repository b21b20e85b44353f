using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// Elsa behaviours the corpus of Elsa's own definitions showed missing (Fixtures/Elsa/SOURCES.md): reading an earlier activity's output
/// in a script, an empty flowchart, an activity output mapped straight into the workflow output, and variables stored in memory only.
/// </summary>
public sealed class ElsaRunBehaviourTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");
    private static readonly HumanTaskActor Professional = new("ip.devries", ["information-professional"], ["BZK"]);

    private static string Fixture(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa", path));

    private static async Task<WorkflowDefinition> PublishAsync(EngineHost host, WorkflowDefinition model)
    {
        var saved = await host.Definitions.SaveAsync(model, publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        return saved.Definition;
    }

    private static async Task<string> StartAndRunAsync(EngineHost host, string definitionId, Dictionary<string, string?>? input = null)
    {
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk, Input = input });
        Assert.True(started.Started, started.CannotStartReason);
        await host.Runtime.RunUntilIdleAsync();
        return started.InstanceId!;
    }

    private static ActivityNode WriteLine(string id, string javaScript)
    {
        var node = new ActivityNode { Id = id, Name = id, Type = "Elsa.WriteLine" };
        node.SetInput("Text", new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = "JavaScript", Value = javaScript } });
        return node;
    }

    private static async Task CompleteOpenTaskAsync(EngineHost host, string instanceId)
    {
        var task = Assert.Single((await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open] })).Items);
        await host.Tasks.CompleteAsync(task.Id, Professional, "Gereed");
        await host.Runtime.RunUntilIdleAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_parent_with_output_reads_its_used_workflows_output_with_getOutputFrom_until_it_suspends(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "output-from"));
        var child = await PublishAsync(host, WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("WorkflowDefinitionActivities/child-with-output.json")));
        // Elsa's parent-with-output.json (not in the stored copy), as its nodes read: the used workflow named ChildWithOutput1, then a WriteLine
        // with Elsa's accessor. Then the same through getOutputFrom, a human task (the instance suspends), and getOutputFrom again.
        var parent = new Flow("Ouder leest uitvoer").Build();
        parent.Root.Activities!.Add(new ActivityNode
        {
            Id = "c98383464dab2047", Name = "ChildWithOutput1", Type = WorkflowActivityCatalog.TypeNameOf(child), Version = child.Version,
            Properties = new Dictionary<string, JsonElement>
            {
                ["workflowDefinitionId"] = JsonSerializer.SerializeToElement(child.DefinitionId),
                ["workflowDefinitionVersionId"] = JsonSerializer.SerializeToElement(child.Id),
            },
        });
        parent.Root.Activities.Add(WriteLine("WriteLine1", "`Received from child: ${getOutputFromChildWithOutput1()}`"));
        parent.Root.Activities.Add(WriteLine("WriteLine2", "'By id: ' + getOutputFrom('c98383464dab2047', 'Output')"));
        var waitFor = new Flow("x").Task("wacht", "Even wachten").Build().Root.Activities![0];
        parent.Root.Activities.Add(waitFor);
        parent.Root.Activities.Add(WriteLine("WriteLine3", "'After the wait: ' + getOutputFrom('ChildWithOutput1', 'Output')"));
        parent.Root.Connections!.AddRange([new Connection("c98383464dab2047", "Done", "WriteLine1"), new Connection("WriteLine1", "Done", "WriteLine2"),
            new Connection("WriteLine2", "Done", "wacht"), new Connection("wacht", "Gereed", "WriteLine3")]);

        var instanceId = await StartAndRunAsync(host, (await PublishAsync(host, parent)).DefinitionId);

        // Elsa's WorkflowDefinitionActivities test expects exactly this line.
        Assert.Equal(["Received from child: Child output value", "By id: Child output value"], await host.WrittenLinesAsync(instanceId));
        await CompleteOpenTaskAsync(host, instanceId);
        // Elsa keeps activity outputs for one run only: after the suspend the output is gone (null), as in Elsa.
        Assert.Equal(["Received from child: Child output value", "By id: Child output value", "After the wait: null"], await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Null(instance.State.ActivityOutputs);

        // An activity that does not exist is an incident with the reason, not a silent null.
        var wrong = new Flow("Onbekende activiteit").Build();
        wrong.Root.Activities!.Add(WriteLine("w", "getOutputFrom('Bestaat niet')"));
        var wrongId = await StartAndRunAsync(host, (await PublishAsync(host, wrong)).DefinitionId);
        var incident = Assert.Single((await host.InstanceAsync(wrongId)).State.Incidents);
        Assert.Contains("geen activiteit 'Bestaat niet'", incident.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task GetLastResult_reads_the_Result_the_latest_activity_recorded_in_this_run_as_in_Elsa(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "last-result"));
        // Nothing recorded a Result yet → null; the human task records its Result when it resumes (a new run); a WriteLine records
        // none, so the task's Result stays the last one. Elsa's pure common functions ride along.
        var flow = new Flow("Laatste resultaat").Build();
        flow.Root.Activities!.Add(WriteLine("WriteLine1", "'before: ' + getLastResult()"));
        var waitFor = new Flow("x").Task("wacht", "Even wachten").Build().Root.Activities![0];
        flow.Root.Activities.Add(waitFor);
        flow.Root.Activities.Add(WriteLine("WriteLine2", "'after: ' + toJson(getLastResult())"));
        flow.Root.Activities.Add(WriteLine("WriteLine3", "'still: ' + (getLastResult() !== null) + ' ' + isNullOrEmpty('') + ' ' + isNullOrWhiteSpace(' x ') + ' '"
            + " + stringFromBase64(stringToBase64('één')) + ' ' + toJson({ a: 1, b: [true] }) + ' ' + newGuid().length + ' ' + parseGuid('6F9619FF-8B86-D011-B42D-00C04FC964FF')"));
        flow.Root.Connections!.AddRange([new Connection("WriteLine1", "Done", "wacht"), new Connection("wacht", "Gereed", "WriteLine2"),
            new Connection("WriteLine2", "Done", "WriteLine3")]);

        var instanceId = await StartAndRunAsync(host, (await PublishAsync(host, flow)).DefinitionId);
        Assert.Equal(["before: null"], await host.WrittenLinesAsync(instanceId));
        var task = Assert.Single((await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open] })).Items);
        await host.Tasks.CompleteAsync(task.Id, Professional, "Gereed", """{"akkoord":true}""");
        await host.Runtime.RunUntilIdleAsync();

        var lines = await host.WrittenLinesAsync(instanceId);
        Assert.Equal(3, lines.Count);
        Assert.Equal("after: {\"akkoord\":true}", lines[1]);
        Assert.Equal("still: true true false één {\"a\":1,\"b\":[true]} 36 6f9619ff-8b86-d011-b42d-00c04fc964ff", lines[2]);
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Null(instance.State.ActivityOutputs);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_empty_flowchart_finishes_at_once_also_as_a_child_a_parent_waits_for(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "empty-flow"));
        var empty = await PublishAsync(host, new Flow("Leeg").Build());
        Assert.Empty(empty.Root.Activities!);

        var instanceId = await StartAndRunAsync(host, empty.DefinitionId);

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
        Assert.Empty(await host.Instances.GetBookmarksAsync(instanceId));

        // Elsa's DependencyWorkflowsPublishing: a parent that runs the empty child and waits for it goes on.
        var parent = new Flow("Ouder van leeg").Dispatch("kind", empty.DefinitionId, wait: true).Add("na", "Elsa.WriteLine", ("Text", "String", "na het kind"))
            .Connect("kind", "na").Build();
        var parentId = await StartAndRunAsync(host, (await PublishAsync(host, parent)).DefinitionId);
        Assert.Equal(["na het kind"], await host.WrittenLinesAsync(parentId));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(parentId)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_parent1_maps_its_childs_output_straight_into_its_workflow_output(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "output-map"));
        var child = await PublishAsync(host, WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("ParentChildInputs/child.json")));
        var parent = await PublishAsync(host, WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("ParentChildInputs/parent1.json")));

        var instanceId = await StartAndRunAsync(host, parent.DefinitionId, new Dictionary<string, string?> { ["Input1"] = "Foo" });

        // Elsa's ParentChildInputs test 1: "Parent: Foo", "Child: Bar" (the child runs as its own instance here).
        Assert.Equal(["Parent: Foo"], await host.WrittenLinesAsync(instanceId));
        var childInstance = Assert.Single((await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = [child.DefinitionId] })).Items);
        Assert.Equal(["Child: Bar"], await host.WrittenLinesAsync(childInstance.Id));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        // The child's output Output1 ("Bar", its input) is mapped by memoryReference "Output1" into the parent's output definition Output1.
        Assert.Equal("Bar", instance.State.Output["Output1"]);

        // A reference to neither a variable nor an output of the workflow is still refused, naming the activity's output and the name.
        var broken = WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("ParentChildInputs/parent1.json"));
        broken.DefinitionId = "";
        broken.Name = "Parent1 zonder uitvoer";
        broken.Outputs.Clear();
        var refused = await host.Definitions.SaveAsync(broken, publish: true, Bzk);
        Assert.False(refused.Saved);
        Assert.Contains(refused.ValidationErrors, e => e.Message.Contains("'output1'", StringComparison.Ordinal) && e.Message.Contains("'Output1'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_variable_stored_in_memory_is_back_at_its_initial_value_after_a_suspend_as_in_Elsa(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "memory-var"));
        var model = new Flow("Geheugenvariabele").Variable("Geheugen", "begin").Variable("Bewaard", "begin")
            .SetVariable("zet1", "Geheugen", "JavaScript", "'gezet'").SetVariable("zet2", "Bewaard", "JavaScript", "'gezet'")
            .Expression("voor", "Elsa.WriteLine", "Text", "String", "JavaScript", "getGeheugen() + '/' + getBewaard()")
            .Task("wacht", "Even wachten")
            .Expression("na", "Elsa.WriteLine", "Text", "String", "JavaScript", "getGeheugen() + '/' + getBewaard()")
            .Connect("zet1", "zet2").Connect("zet2", "voor").Connect("voor", "wacht").Connect("wacht", "na", "Gereed").Build();
        model.Variables[0].StorageDriverTypeName = "MemoryStorageDriver";
        model.Variables[1].StorageDriverTypeName = "Elsa.Workflows.Services.WorkflowStorageDriver, Elsa.Workflows.Core";

        var instanceId = await StartAndRunAsync(host, (await PublishAsync(host, model)).DefinitionId);

        Assert.Equal(["gezet/gezet"], await host.WrittenLinesAsync(instanceId));
        // Suspended: the memory variable is not kept with the instance.
        var waiting = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
        Assert.Equal(("begin", "gezet"), (waiting.State.Variables["Geheugen"], waiting.State.Variables["Bewaard"]));
        await CompleteOpenTaskAsync(host, instanceId);
        Assert.Equal(["gezet/gezet", "begin/gezet"], await host.WrittenLinesAsync(instanceId));
    }
}
