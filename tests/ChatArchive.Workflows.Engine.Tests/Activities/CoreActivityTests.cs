using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Activities;

/// <summary>Elsa.SetVariable, Elsa.FlowDecision (JavaScript conditions) and Elsa.DispatchWorkflow on a real database.</summary>
public sealed class CoreActivityTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static async Task<string> PublishAsync(EngineHost host, WorkflowDefinition model)
    {
        var result = await host.Definitions.SaveAsync(model, publish: true, Bzk);
        Assert.True(result.Saved, string.Join("; ", result.ValidationErrors.Select(e => e.Message)));
        return result.Definition.DefinitionId;
    }

    private static async Task<string> StartAsync(EngineHost host, string definitionId, string? correlationId = null)
    {
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk, CorrelationId = correlationId });
        Assert.True(started.Started, started.CannotStartReason);
        return started.InstanceId!;
    }

    private static async Task<List<string>> ExecutedAsync(EngineHost host, string instanceId) =>
        (await host.Instances.GetActivityExecutionsAsync(instanceId)).OrderBy(e => e.StartedAt).Select(e => e.ActivityId).ToList();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SetVariable_and_a_JavaScript_decision_choose_the_branch(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "decision"));
        // Handreiking §2.2.2: a read-out with more than 5 marked messages goes to the trustee first.
        var id = await PublishAsync(host, new Flow("Beslissing op aantal gemarkeerde berichten")
            .Variable("Gemarkeerd", "0", "Int32").Variable("Route", "", "String")
            .Start()
            .SetVariable("count", "Gemarkeerd", "JavaScript", "getGemarkeerd() + 6")
            .Decision("decide", "getVariable('Gemarkeerd') > 5")
            .SetVariable("trustee", "Route", "Literal", "vertrouwenspersoon")
            .SetVariable("direct", "Route", "Literal", "direct")
            .End()
            .Connect("start", "count").Connect("count", "decide")
            .Connect("decide", "trustee", "True").Connect("decide", "direct", "False")
            .Connect("trustee", "end").Connect("direct", "end").Build());

        var instanceId = await StartAsync(host, id);
        await host.Runtime.RunUntilIdleAsync();

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Equal("6", instance.State.Variables["Gemarkeerd"]);
        Assert.Equal("vertrouwenspersoon", instance.State.Variables["Route"]);
        Assert.Equal(["start", "count", "decide", "trustee", "end"], await ExecutedAsync(host, instanceId));
        var decision = (await host.Instances.GetActivityExecutionsAsync(instanceId)).Single(e => e.ActivityId == "decide");
        Assert.Equal("True", decision.Outcome);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_false_condition_takes_the_False_port_and_variables_X_writes_back(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "decisionfalse"));
        var id = await PublishAsync(host, new Flow("Beslissing onwaar")
            .Variable("Teller", "2", "Int32").Variable("Tekst", "a", "String")
            .Start()
            .SetVariable("touch", "Tekst", "JavaScript", "variables.Teller = variables.Teller * 10; 'b' + getInput('ontbreekt')")
            .Decision("decide", "variables.Teller < 5")
            .End("yes").End("no")
            .Connect("start", "touch").Connect("touch", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False").Build());

        var instanceId = await StartAsync(host, id);
        await host.Runtime.RunUntilIdleAsync();

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal("20", instance.State.Variables["Teller"]);
        Assert.Equal("bundefined", instance.State.Variables["Tekst"]);
        Assert.Equal(["start", "touch", "decide", "no"], await ExecutedAsync(host, instanceId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_failing_or_runaway_script_becomes_an_incident_and_keeps_variables_unchanged(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "scriptfail"));
        var id = await PublishAsync(host, new Flow("Kapot script")
            .Variable("Teller", "1", "Int32")
            .Start()
            .SetVariable("loop", "Teller", "JavaScript", "setTeller(99); while (true) { }")
            .End()
            .Connect("start", "loop").Connect("loop", "end").Build());

        var instanceId = await StartAsync(host, id);
        await host.Runtime.RunUntilIdleAsync();

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted), (instance.Status, instance.SubStatus));
        var incident = Assert.Single(instance.State.Incidents);
        Assert.Equal("loop", incident.ActivityId);
        Assert.Contains("JavaScript-veld 'Waarde'", incident.Message);
        Assert.Contains("afgebroken", incident.Message);
        Assert.Equal("1", instance.State.Variables["Teller"]);
        Assert.DoesNotContain("end", await ExecutedAsync(host, instanceId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_value_that_does_not_fit_the_variable_type_is_an_incident(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "setvartype"));
        var id = await PublishAsync(host, new Flow("Verkeerd type")
            .Variable("Aantal", "1", "Int32")
            .Start().SetVariable("set", "Aantal", "JavaScript", "'veel'").End()
            .Connect("start", "set").Connect("set", "end").Build());

        var instanceId = await StartAsync(host, id);
        await host.Runtime.RunUntilIdleAsync();

        var instance = await host.InstanceAsync(instanceId);
        var incident = Assert.Single(instance.State.Incidents);
        Assert.Contains("'veel'", incident.Message);
        Assert.Equal("1", instance.State.Variables["Aantal"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DispatchWorkflow_waiting_for_completion_resumes_the_parent_after_the_child(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "dispatchwait"));
        var childId = await PublishAsync(host, new Flow("Kind: uitlezen")
            .Variable("Klaar", "False", "Boolean")
            .Start().SetVariable("mark", "Klaar", "Literal", "True").End()
            .Connect("start", "mark").Connect("mark", "end").Build());
        var parentId = await PublishAsync(host, new Flow("Ouder: uitlezing starten")
            .Start().Dispatch("dispatch", childId, wait: true, inputJson: "{\"afdeling\":\"BZK\",\"aantal\":3}", correlationId: "uitlezing-7").End()
            .Connect("start", "dispatch").Connect("dispatch", "end").Build());

        var parent = await StartAsync(host, parentId);
        await host.Runtime.RunUntilIdleAsync();

        var children = (await host.Instances.ListAsync(new WorkflowInstanceQuery { Tenant = "BZK", DefinitionIds = [childId] })).Items;
        var child = await host.InstanceAsync(Assert.Single(children).Id);
        Assert.Equal("uitlezing-7", child.CorrelationId);
        Assert.Equal(WorkflowStatus.Finished, child.Status);
        Assert.Equal("True", child.State.Variables["Klaar"]);
        Assert.Equal("BZK", child.State.Input["afdeling"]);
        Assert.Equal("3", child.State.Input["aantal"]);
        Assert.Equal(parent, child.State.Input["ParentInstanceId"]);
        Assert.Equal(parent, child.State.ParentInstanceId);

        var p = await host.InstanceAsync(parent);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (p.Status, p.SubStatus));
        var dispatch = (await host.Instances.GetActivityExecutionsAsync(parent)).Single(e => e.ActivityId == "dispatch");
        Assert.Equal("Done", dispatch.Outcome);
        Assert.Equal("{}", dispatch.Outputs["Result"]);
        Assert.True(dispatch.CompletedAt >= child.FinishedAt);
        Assert.Empty(await host.Instances.GetBookmarksAsync(parent));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DispatchWorkflow_fire_and_forget_continues_at_once_and_the_child_still_runs(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "dispatchforget"));
        var childId = await PublishAsync(host, new Flow("Kind: wacht op taak").Start().Task("task", "Controleren").End()
            .Connect("start", "task").Connect("task", "end", "Gereed").Build());
        var parentId = await PublishAsync(host, new Flow("Ouder: doorgaan").Start().Dispatch("dispatch", childId, wait: false).End()
            .Connect("start", "dispatch").Connect("dispatch", "end").Build());

        var parent = await StartAsync(host, parentId);
        await host.Runtime.RunUntilIdleAsync();

        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(parent)).Status);
        var child = Assert.Single((await host.Instances.ListAsync(new WorkflowInstanceQuery { Tenant = "BZK", DefinitionIds = [childId] })).Items);
        var c = await host.InstanceAsync(child.Id);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (c.Status, c.SubStatus));
        Assert.Null(c.State.ParentBookmarkId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task DispatchWorkflow_of_an_unpublished_definition_is_an_incident_and_starts_nothing(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "dispatchmissing"));
        var draft = await host.Definitions.SaveAsync(new Flow("Kind in concept").Start().End().Connect("start", "end").Build(), publish: false, Bzk);
        Assert.True(draft.Saved);
        var parentId = await PublishAsync(host, new Flow("Ouder").Start().Dispatch("dispatch", draft.Definition.DefinitionId, wait: true).End()
            .Connect("start", "dispatch").Connect("dispatch", "end").Build());

        var parent = await StartAsync(host, parentId);
        await host.Runtime.RunUntilIdleAsync();

        var p = await host.InstanceAsync(parent);
        var incident = Assert.Single(p.State.Incidents);
        Assert.Contains("geen gepubliceerde versie", incident.Message);
        Assert.Empty((await host.Instances.ListAsync(new WorkflowInstanceQuery { Tenant = "BZK", DefinitionIds = [draft.Definition.DefinitionId] })).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task CSharp_bad_JavaScript_and_unknown_variables_are_refused_when_saving(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "exprvalidation"));
        var csharp = await host.Definitions.SaveAsync(new Flow("CSharp").Start().Expression("d", "Elsa.FlowDecision", "Condition", "Boolean", "CSharp", "true")
            .Connect("start", "d").Build(), publish: true, Bzk);
        Assert.False(csharp.Saved);
        Assert.Contains(csharp.ValidationErrors, e => e.Message.Contains("C#-expressie") && e.Message.Contains("'Voorwaarde'") && e.Message.Contains("'d'"));

        var syntax = await host.Definitions.SaveAsync(new Flow("Syntaxfout").Start().Decision("d", "getVariable('x' >")
            .Connect("start", "d").Build(), publish: true, Bzk);
        Assert.False(syntax.Saved);
        Assert.Contains(syntax.ValidationErrors, e => e.Message.Contains("geen geldige JavaScript"));

        var unknownType = await host.Definitions.SaveAsync(new Flow("Onbekend").Start().Expression("d", "Elsa.FlowDecision", "Condition", "Boolean", "Python", "True")
            .Connect("start", "d").Build(), publish: true, Bzk);
        Assert.False(unknownType.Saved);
        Assert.Contains(unknownType.ValidationErrors, e => e.Message.Contains("'Python'"));

        var unknownVariable = await host.Definitions.SaveAsync(new Flow("Geen variabele").Start().SetVariable("s", "Bestaatniet", "Literal", "1")
            .Connect("start", "s").Build(), publish: true, Bzk);
        Assert.False(unknownVariable.Saved);
        Assert.Contains(unknownVariable.ValidationErrors, e => e.Message.Contains("'Bestaatniet'") && e.ActivityId == "s");
    }
}
