using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// Workflows usable as activities (Elsa's <c>options.usableAsActivity</c>): Elsa's own definitions (Fixtures/Elsa/SOURCES.md) import
/// unchanged and run with the lines Elsa's test expects; the type is the department's own; version pinning; a cycle is refused at publish.
/// The used workflow runs as a child instance here (Elsa runs it inline), so its lines are in the child's journal.
/// </summary>
public sealed class WorkflowDefinitionActivityTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");
    private static readonly TenantScope Ocw = TenantScope.ForDepartment("OCW");

    /// <summary>A file of Fixtures/Elsa/WorkflowDefinitionActivities, else of Fixtures/Elsa.</summary>
    private static string Fixture(string name)
    {
        var own = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa", "WorkflowDefinitionActivities", name);
        return File.ReadAllText(File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa", name));
    }

    private static async Task<WorkflowDefinition> PublishAsync(EngineHost host, WorkflowDefinition model, TenantScope? scope = null)
    {
        var saved = await host.Definitions.SaveAsync(model, publish: true, scope ?? Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        return saved.Definition;
    }

    private static Task<WorkflowDefinition> PublishFixtureAsync(EngineHost host, string file) =>
        PublishAsync(host, WorkflowJson.Deserialize<WorkflowDefinition>(Fixture(file)));

    private static async Task<string> StartAndRunAsync(EngineHost host, string definitionId)
    {
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk });
        Assert.True(started.Started, started.CannotStartReason);
        await host.Runtime.RunUntilIdleAsync();
        return started.InstanceId!;
    }

    private static async Task<WorkflowInstanceSummary> SingleInstanceOfAsync(EngineHost host, string definitionId) =>
        Assert.Single((await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = [definitionId] })).Items);

    /// <summary>A node of the workflow-as-activity type of <paramref name="used"/>, as Studio drops it from the toolbox.</summary>
    private static ActivityNode Uses(string id, WorkflowDefinition used, string? versionId = null) => new()
    {
        Id = id, Name = id, Type = WorkflowActivityCatalog.TypeNameOf(used), Version = used.Version,
        Properties = new Dictionary<string, JsonElement>
        {
            ["workflowDefinitionId"] = JsonSerializer.SerializeToElement(used.DefinitionId),
            ["workflowDefinitionVersionId"] = JsonSerializer.SerializeToElement(versionId ?? used.Id),
        },
    };

    private static WorkflowDefinition Usable(string name, string line)
    {
        var d = new Flow(name).Add("write", "Elsa.WriteLine", ("Text", "String", line)).Build();
        d.Options.UsableAsActivity = true;
        return d;
    }

    private static WorkflowDefinition Using(string name, params ActivityNode[] nodes)
    {
        var d = new Flow(name).Build();
        d.Root.Activities!.AddRange(nodes);
        for (var i = 1; i < nodes.Length; i++)
        {
            d.Root.Connections!.Add(new Connection(nodes[i - 1].Id, "Done", nodes[i].Id));
        }
        return d;
    }

    public static TheoryData<DatabaseProvider, string, string, string[], string[]> ElsaScenarios()
    {
        var data = new TheoryData<DatabaseProvider, string, string, string[], string[]>();
        foreach (var p in new[] { DatabaseProvider.PostgreSql, DatabaseProvider.Sqlite })
        {
            // Elsa's tests: "should pass inputs from parent to child", "should handle multiple outcomes", "should fall back to published version".
            data.Add(p, "child-with-input.json", "parent-with-input.json", [], ["Hello from parent!"]);
            data.Add(p, "child-with-outcomes.json", "parent-with-outcomes.json", ["Success path taken"], []);
            data.Add(p, "child-published-version.json", "parent-version-fallback.json", [], ["Published version executed"]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ElsaScenarios))]
    public async Task Elsas_workflows_used_as_activities_run_with_the_lines_Elsa_expects(DatabaseProvider provider, string childFile, string parentFile,
        string[] parentLines, string[] childLines)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wda-" + Path.GetFileNameWithoutExtension(parentFile)));
        var child = await PublishFixtureAsync(host, childFile);
        var parent = await PublishFixtureAsync(host, parentFile);

        var instanceId = await StartAndRunAsync(host, parent.DefinitionId);

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
        Assert.Equal(parentLines, await host.WrittenLinesAsync(instanceId));
        var used = Assert.Single(await host.Instances.GetActivityExecutionsAsync(instanceId), e => e.ActivityId == "ChildActivity1");
        Assert.Equal(ActivityExecutionStatus.Completed, used.Status);

        // The used workflow ran once, as a child instance of the same department, with Elsa's lines.
        var childInstance = await SingleInstanceOfAsync(host, child.DefinitionId);
        Assert.Equal(WorkflowStatus.Finished, childInstance.Status);
        Assert.Equal(childLines, await host.WrittenLinesAsync(childInstance.Id));
        Assert.Equal("BZK", (await host.InstanceAsync(childInstance.Id)).TenantId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_Main_runs_its_used_Sub_workflow_twice_one_after_the_other(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wda-main-sub"));
        var sub = await PublishFixtureAsync(host, "WorkflowJsonStructures/sub.json");
        var main = await PublishFixtureAsync(host, "WorkflowJsonStructures/main.json");

        var instanceId = await StartAndRunAsync(host, main.DefinitionId);
        await host.Runtime.RunUntilIdleAsync();

        // Elsa runs Sub1 then Sub2 inline, each writing "Test" once; here each is a finished child instance with that line.
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
        Assert.Equal(["f19ae76011a020f3", "ad4d54104a443b5b"], (await host.Instances.GetActivityExecutionsAsync(instanceId)).Select(e => e.ActivityId));
        var children = (await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = [sub.DefinitionId] })).Items;
        Assert.Equal(2, children.Count);
        foreach (var child in children)
        {
            Assert.Equal(WorkflowStatus.Finished, child.Status);
            Assert.Equal(["Test"], await host.WrittenLinesAsync(child.Id));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_output_of_a_workflow_used_as_an_activity_is_captured_into_a_variable(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wda-output"));
        var child = await PublishFixtureAsync(host, "child-with-output.json");
        var node = Uses("ChildActivity1", child);
        node.Properties!["output"] = JsonSerializer.SerializeToElement(new { typeName = "String", memoryReference = new { id = "ontvangen" } });
        var parent = new Flow("Ouder met uitvoer").Variable("Ontvangen", "").Build();
        parent.Root.Activities!.Add(node);
        var write = new ActivityNode { Id = "write", Name = "write", Type = "Elsa.WriteLine" };
        write.SetInput("Text", new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = "JavaScript", Value = "'Received from child: ' + getOntvangen()" } });
        parent.Root.Activities.Add(write);
        parent.Root.Connections!.Add(new Connection("ChildActivity1", "Done", "write"));

        var instanceId = await StartAndRunAsync(host, (await PublishAsync(host, parent)).DefinitionId);

        Assert.Equal(["Received from child: Child output value"], await host.WrittenLinesAsync(instanceId));
        Assert.Equal("Child output value", (await host.InstanceAsync(instanceId)).State.Variables["Ontvangen"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_toolbox_of_a_department_lists_its_own_published_workflows_that_are_usable_as_activities(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wda-catalog"));
        var child = await PublishFixtureAsync(host, "child-with-input.json");
        await PublishAsync(host, new Flow("Niet als activiteit").Add("write", "Elsa.WriteLine", ("Text", "String", "x")).Build());
        var draft = Usable("Nog een concept", "x");
        Assert.True((await host.Definitions.SaveAsync(draft, publish: false, Bzk)).Saved);
        var catalog = host.Services.GetRequiredService<WorkflowActivityCatalog>();

        var bzk = await catalog.ForScopeAsync(Bzk);

        var descriptor = Assert.Single(bzk.Values);
        Assert.Equal("ChildWithInput", descriptor.TypeName);
        Assert.Equal("Workflows", descriptor.Category);
        Assert.True(descriptor.IsBrowsable);
        var input = Assert.Single(descriptor.Inputs);
        Assert.Equal(("Message", "String", true), (input.Name, input.TypeName, input.IsSynthetic));
        Assert.Equal(["Done"], descriptor.Ports.Where(p => p.Type == "Flow").Select(p => p.Name));
        Assert.Equal(child.DefinitionId, descriptor.ConstructionProperties["WorkflowDefinitionId"].GetString());
        Assert.Equal(child.Id, descriptor.ConstructionProperties["WorkflowDefinitionVersionId"].GetString());
        // Another department sees none of them, and cannot publish a workflow that uses one.
        Assert.Empty(await catalog.ForScopeAsync(Ocw));
        var foreign = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("parent-with-input.json")), publish: true, Ocw);
        Assert.False(foreign.Saved);
        Assert.Contains(foreign.ValidationErrors, e => e.Message.Contains("'ChildWithInput'", StringComparison.Ordinal) && e.Message.Contains("niet kent", StringComparison.Ordinal));
        Assert.Null(await host.Definitions.GetAsync("parent-with-input", VersionOptions.Published, Ocw));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_workflow_that_would_use_itself_through_others_is_not_published(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wda-cycle"));
        var a = await PublishAsync(host, Usable("Stap A", "a"));
        var b = Using("Stap B", Uses("gebruikt-a", a));
        b.Options.UsableAsActivity = true;
        b = await PublishAsync(host, b);

        var aAgain = Using("Stap A", Uses("gebruikt-b", b));
        aAgain.DefinitionId = a.DefinitionId;
        aAgain.Options.UsableAsActivity = true;
        var refused = await host.Definitions.SaveAsync(aAgain, publish: true, Bzk);

        Assert.False(refused.Saved);
        var error = Assert.Single(refused.ValidationErrors);
        Assert.Contains("gebruikt zichzelf als activiteit (Stap A → Stap B → Stap A)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await host.Definitions.GetAsync(a.DefinitionId, VersionOptions.Published, Bzk))!.Version);
        // As a draft it may be saved (as Elsa allows); publishing it is refused the same way and changes nothing.
        var draft = await host.Definitions.SaveAsync(aAgain, publish: false, Bzk);
        Assert.True(draft.Saved);
        var publish = await host.Definitions.PublishAsync(a.DefinitionId, Bzk);
        Assert.False(publish.Saved);
        Assert.Contains(publish.ValidationErrors, e => e.Message.Contains("Stap A → Stap B → Stap A", StringComparison.Ordinal));
        Assert.Equal(1, (await host.Definitions.GetAsync(a.DefinitionId, VersionOptions.Published, Bzk))!.Version);

        // Using itself directly is a cycle too.
        var self = Using("Stap A", Uses("gebruikt-zichzelf", a));
        self.DefinitionId = a.DefinitionId;
        var direct = await host.Definitions.SaveAsync(self, publish: true, Bzk);
        Assert.False(direct.Saved);
        Assert.Contains(direct.ValidationErrors, e => e.Message.Contains("(Stap A → Stap A)", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_node_runs_the_version_it_is_pinned_to_and_the_published_one_when_that_version_is_gone(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wda-pinned"));
        var v1 = await PublishAsync(host, Usable("Versiekind", "versie 1"));
        var pinned = await PublishAsync(host, Using("Vastgepind", Uses("kind", v1)));
        var next = Usable("Versiekind", "versie 2");
        next.DefinitionId = v1.DefinitionId;
        var v2 = await PublishAsync(host, next);
        Assert.Equal(2, v2.Version);
        var gone = await PublishAsync(host, Using("Verdwenen versie", Uses("kind", v2, versionId: "bestaat-niet")));

        await StartAndRunAsync(host, pinned.DefinitionId);
        await StartAndRunAsync(host, gone.DefinitionId);

        var children = (await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = [v1.DefinitionId], Descending = false })).Items;
        Assert.Equal(2, children.Count);
        var lines = new List<string?>();
        foreach (var c in children.OrderBy(c => c.Version))
        {
            lines.AddRange(await host.WrittenLinesAsync(c.Id));
        }
        Assert.Equal(["versie 1", "versie 2"], lines);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cancelled_used_workflow_makes_the_node_an_incident_instead_of_waiting_for_ever(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wda-cancel"));
        var waiting = new Flow("Wachtend kind").Start().Task("taak", "Beoordeel").Connect("start", "taak").Build();
        waiting.Options.UsableAsActivity = true;
        var child = await PublishAsync(host, waiting);
        var parentId = await StartAndRunAsync(host, (await PublishAsync(host, Using("Ouder van wachtend kind", Uses("kind", child)))).DefinitionId);
        var childInstance = await SingleInstanceOfAsync(host, child.DefinitionId);
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.InstanceAsync(parentId)).SubStatus);

        Assert.True(await host.Runtime.CancelAsync(childInstance.Id));
        await host.Runtime.RunUntilIdleAsync();

        var parent = await host.InstanceAsync(parentId);
        var incident = Assert.Single(parent.State.Incidents);
        Assert.Equal("kind", incident.ActivityId);
        Assert.Contains("is geannuleerd", incident.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowSubStatus.Faulted, parent.SubStatus);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_version_that_instances_still_run_on_is_not_deleted(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "version-delete"));
        var v1 = await PublishAsync(host, new Flow("Met taak").Start().Task("taak", "Beoordeel").Connect("start", "taak").Build());
        var instanceId = await StartAndRunAsync(host, v1.DefinitionId);
        var changed = new Flow("Met taak", v1.DefinitionId).Start().Task("taak", "Beoordeel opnieuw").Connect("start", "taak").Build();
        await PublishAsync(host, changed);

        var refused = await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Definitions.DeleteVersionAsync(v1.Id, Bzk));

        Assert.Equal(WorkflowErrorKind.Conflict, refused.Kind);
        Assert.Contains("lopen nog 1 werkstroominstantie", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await host.Definitions.GetByVersionIdAsync(v1.Id, Bzk));
        // Once nothing runs on it any more, it goes.
        Assert.True(await host.Runtime.CancelAsync(instanceId));
        await host.Definitions.DeleteVersionAsync(v1.Id, Bzk);
        Assert.Null(await host.Definitions.GetByVersionIdAsync(v1.Id, Bzk));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_node_naming_another_definition_id_runs_the_workflow_published_under_its_type_as_in_Elsa(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "wfa-by-type"));
        var child = await PublishFixtureAsync(host, "child-with-input.json");

        // The shape of Elsa's parent-with-io.json: a ChildWithInput node naming definition id "child-with-input", which is not the id of
        // the ChildWithInput workflow published here. Elsa's reader sets the registered workflow's ids over the file's; so does this server.
        var parent = new Flow("Ouder met ander id").Build();
        var node = Uses("ChildActivity1", child);
        node.Properties!["workflowDefinitionId"] = JsonSerializer.SerializeToElement("child-with-input");
        node.Properties["workflowDefinitionVersionId"] = JsonSerializer.SerializeToElement("child-with-input-v1");
        node.SetInput("Message", new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = "Literal", Value = "Test message" } });
        parent.Root.Activities!.Add(node);
        var published = await PublishAsync(host, parent);
        var parentInstance = await StartAndRunAsync(host, published.DefinitionId);

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(parentInstance)).Status);
        var childInstance = await SingleInstanceOfAsync(host, child.DefinitionId);
        Assert.Equal(["Test message"], await host.WrittenLinesAsync(childInstance.Id));
        // Stored as imported: the node still names the id of the file.
        var stored = await host.Definitions.GetAsync(published.DefinitionId, VersionOptions.Published, Bzk);
        Assert.Equal("child-with-input", WorkflowActivityCatalog.ReferencedDefinitionId(stored!.Root.Activities!.Single(a => a.Id == "ChildActivity1")));
    }
}
