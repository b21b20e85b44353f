using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Activities;

/// <summary>
/// Elsa's control-flow activities on a real database: Finish, Complete, Fault, If, FlowSwitch, Switch, SetOutput, output capture
/// into variables, SetName, Correlate and Sequence inside a flowchart.
/// </summary>
public sealed class ControlFlowActivityTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");
    private static readonly HumanTaskActor Professional = new("ip.devries", ["information-professional"], ["BZK"]);

    private static Flow Line(Flow f, string id, string text) => f.Add(id, "Elsa.WriteLine", ("Text", "String", text));

    /// <summary>Puts <paramref name="json"/> under property <paramref name="key"/> of activity <paramref name="id"/> (plain inputs, embedded activities, output captures).</summary>
    private static WorkflowDefinition With(WorkflowDefinition d, string id, string key, string json)
    {
        var node = d.Root.Activities!.Single(a => a.Id == id);
        node.Properties ??= [];
        node.Properties[key] = JsonDocument.Parse(json).RootElement.Clone();
        return d;
    }

    private static string WriteLineJson(string id, string text) =>
        JsonSerializer.Serialize(new { id, type = "Elsa.WriteLine", version = 1, text = new { typeName = "String", expression = new { type = "Literal", value = text } } });

    private static string Cases(params (string Label, string Type, string Condition)[] cases) =>
        JsonSerializer.Serialize(cases.Select(c => new { label = c.Label, condition = new { type = c.Type, value = c.Condition } }));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Finish_ends_the_instance_and_drops_a_waiting_branch(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "finish"));
        var f = new Flow("Voltooien").Start().Task("wait", "Uitlezing voorbereiden").Add("finish", "Elsa.Finish");
        var instanceId = await host.PublishAndRunAsync(Line(f, "after", "nooit").Connect("start", "wait").Connect("start", "finish").Connect("wait", "after", "Gereed").Build(), "oud");

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.Empty(await host.WrittenLinesAsync(instanceId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Complete_in_the_root_flowchart_finishes_the_workflow(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "complete"));
        var f = new Flow("Afronden").Start().Task("wait", "Wachten").Add("complete", "Elsa.Complete", ("Outcomes", "Object", "Akkoord"));
        var instanceId = await host.PublishAndRunAsync(f.Connect("start", "wait").Connect("start", "complete").Build(), "oud");

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.Equal("Akkoord", (await host.Instances.GetActivityExecutionsAsync(instanceId)).Single(e => e.ActivityId == "complete").Outcome);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fault_turns_into_an_incident_with_its_code_and_message(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "fault"));
        var f = new Flow("Fout").Start().Add("fault", "Elsa.Fault", ("Code", "String", "E42"), ("Message", "String", "Exportbestand ontbreekt"));
        var instanceId = await host.PublishAndRunAsync(Line(f, "after", "nooit").Connect("start", "fault").Connect("fault", "after").Build(), "oud");

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted), (instance.Status, instance.SubStatus));
        var incident = Assert.Single(instance.State.Incidents);
        Assert.Equal("fault", incident.ActivityId);
        Assert.Equal("FaultException", incident.ExceptionType);
        Assert.Contains("E42", incident.Message);
        Assert.Contains("General", incident.Message);
        Assert.Contains("Exportbestand ontbreekt", incident.Message);
        Assert.Empty(await host.WrittenLinesAsync(instanceId));
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, "3", "groot")]
    [InlineData(DatabaseProvider.Sqlite, "1", "klein")]
    public async Task If_runs_the_embedded_Then_or_Else_captures_Result_and_then_continues(DatabaseProvider provider, string count, string expected)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "if" + count));
        var f = new Flow("Als").Variable("Aantal", count, "Int32").Variable("Groot", "", "Boolean").Start()
            .Expression("if", "Elsa.If", "Condition", "Boolean", "JavaScript", "getAantal() > 2");
        var d = Line(f, "after", "klaar").Connect("start", "if").Connect("if", "after").Build();
        With(d, "if", "then", WriteLineJson("then1", "groot"));
        With(d, "if", "else", WriteLineJson("else1", "klein"));
        With(d, "if", "result", """{"typeName":"Boolean","memoryReference":{"id":"groot"}}""");
        var instanceId = await host.PublishAndRunAsync(d, "oud");

        Assert.Equal([expected, "klaar"], await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(count == "3" ? "True" : "False", instance.State.Variables["Groot"]);
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        Assert.Equal(ActivityExecutionStatus.Completed, executions.Single(e => e.ActivityId == "if").Status);
        Assert.DoesNotContain(executions, e => e.ActivityId == (count == "3" ? "else1" : "then1"));
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, "MatchFirst", "7", new[] { "hoog" })]
    [InlineData(DatabaseProvider.Sqlite, "MatchAny", "7", new[] { "hoog", "positief" })]
    [InlineData(DatabaseProvider.Sqlite, "MatchFirst", "-1", new[] { "anders" })]
    public async Task FlowSwitch_continues_on_the_port_of_the_matching_case_or_Default(DatabaseProvider provider, string mode, string value, string[] expected)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "flowswitch" + mode + value.Replace("-", "m")));
        var f = new Flow("Switch").Variable("Score", value, "Int32").Start().Add("switch", "Elsa.FlowSwitch", ("Mode", "String", mode));
        Line(f, "high", "hoog"); Line(f, "positive", "positief"); Line(f, "other", "anders");
        var d = f.Connect("start", "switch").Connect("switch", "high", "Hoog").Connect("switch", "positive", "Positief").Connect("switch", "other", "Default").Build();
        With(d, "switch", "cases", Cases(("Hoog", "JavaScript", "getScore() > 5"), ("Positief", "JavaScript", "variables.Score > 0")));
        var instanceId = await host.PublishAndRunAsync(d, "oud");

        Assert.Equal(expected.Order(), (await host.WrittenLinesAsync(instanceId)).Order());
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Switch_runs_the_activity_of_the_matching_case_then_continues(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "switch"));
        var f = new Flow("Switch embedded").Variable("Kanaal", "WhatsApp", "String").Start().Add("switch", "Elsa.Switch");
        var d = Line(f, "after", "klaar").Connect("start", "switch").Connect("switch", "after").Build();
        With(d, "switch", "cases", $$"""
            [{"label":"Mail","condition":{"type":"JavaScript","value":"getKanaal() == 'E-mail'"},"activity":{{WriteLineJson("mail", "mail")}}},
             {"label":"Chat","condition":{"type":"JavaScript","value":"getKanaal() == 'WhatsApp'"},"activity":{{WriteLineJson("chat", "chat")}}}]
            """);
        With(d, "switch", "default", WriteLineJson("fallback", "anders"));
        var instanceId = await host.PublishAndRunAsync(d, "oud");

        Assert.Equal(["chat", "klaar"], await host.WrittenLinesAsync(instanceId));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_Sequence_runs_its_steps_in_order_waits_inside_and_then_the_flowchart_continues(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "sequence"));
        var f = Line(new Flow("Reeks").Start().Add("seq", "Elsa.Sequence"), "after", "na de reeks");
        var d = f.Connect("start", "seq").Connect("seq", "after").Build();
        var seq = d.Root.Activities!.Single(a => a.Id == "seq");
        seq.Activities =
        [
            WorkflowJson.Deserialize<ActivityNode>(WriteLineJson("s1", "stap 1")),
            new Flow("x").Task("s2", "Uitlezen").Build().Root.Activities!.Single(),
            WorkflowJson.Deserialize<ActivityNode>(WriteLineJson("s3", "stap 3")),
        ];
        var instanceId = await host.PublishAndRunAsync(d, "oud");

        Assert.Equal(["stap 1"], await host.WrittenLinesAsync(instanceId));
        var task = Assert.Single((await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open] })).Items);
        Assert.Equal("s2", task.ActivityId);
        await host.Tasks.CompleteAsync(task.Id, Professional, "Gereed");
        await host.Runtime.RunUntilIdleAsync();

        Assert.Equal(["stap 1", "stap 3", "na de reeks"], await host.WrittenLinesAsync(instanceId));
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), ((await host.InstanceAsync(instanceId)).Status, (await host.InstanceAsync(instanceId)).SubStatus));
        Assert.Single(await host.Instances.GetActivityExecutionsAsync(instanceId), e => e.ActivityId == "seq" && e.Status == ActivityExecutionStatus.Completed);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Complete_inside_a_Sequence_completes_the_sequence_only(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "seqcomplete"));
        var d = Line(new Flow("Reeks afronden").Start().Add("seq", "Elsa.Sequence"), "after", "verder").Connect("start", "seq").Connect("seq", "after").Build();
        d.Root.Activities!.Single(a => a.Id == "seq").Activities =
        [
            WorkflowJson.Deserialize<ActivityNode>(WriteLineJson("s1", "een")),
            WorkflowJson.Deserialize<ActivityNode>("""{"id":"c1","type":"Elsa.Complete","version":1}"""),
            WorkflowJson.Deserialize<ActivityNode>(WriteLineJson("s3", "overgeslagen")),
        ];
        var instanceId = await host.PublishAndRunAsync(d, "oud");

        Assert.Equal(["een", "verder"], await host.WrittenLinesAsync(instanceId));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task SetName_Correlate_and_SetOutput_change_the_instance(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "setname"));
        var f = new Flow("Instantie").Variable("Ronde", "3", "Int32").Start()
            .Expression("name", "Elsa.SetName", "Value", "String", "JavaScript", "'Uitlezing ronde ' + getRonde()")
            .Add("correlate", "Elsa.Correlate", ("CorrelationId", "String", "bp-0042"))
            .Add("output", "Elsa.SetOutput", ("OutputName", "String", "Ronde"))
            .Connect("start", "name").Connect("name", "correlate").Connect("correlate", "output");
        var d = f.Build();
        d.Root.Activities!.Single(a => a.Id == "output").SetInput("OutputValue",
            new WrappedInput { TypeName = "Object", Expression = new InputExpression { Type = "Variable", Value = "ronde" } });
        var instanceId = await host.PublishAndRunAsync(d, "oud");

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal("Uitlezing ronde 3", instance.Name);
        Assert.Equal("bp-0042", instance.CorrelationId);
        Assert.Equal("3", instance.State.Output["Ronde"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_child_with_output_sets_its_output_and_a_waiting_parent_captures_it(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "childoutput"));
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa", "child-with-output.json"));
        var child = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(json), publish: true, Bzk);
        Assert.True(child.Saved, string.Join("; ", child.ValidationErrors.Select(e => e.Message)));

        var d = new Flow("Ouder").Variable("Uitkomst", "", "Object").Start().Dispatch("run", child.Definition.DefinitionId, wait: true)
            .Connect("start", "run").Build();
        With(d, "run", "result", """{"typeName":"Object","memoryReference":{"id":"uitkomst"}}""");
        var parentId = await host.PublishAndRunAsync(d, "oud");
        await host.Runtime.RunUntilIdleAsync();

        var parent = await host.InstanceAsync(parentId);
        Assert.Equal(WorkflowStatus.Finished, parent.Status);
        var result = JsonDocument.Parse(parent.State.Variables["Uitkomst"]!).RootElement;
        Assert.Equal("42", result.GetProperty("Result").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task ExecuteWorkflow_waits_for_Elsas_child_and_a_script_reads_its_output_as_in_Elsa(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "executewf"));
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa", "child-with-output.json"));
        var child = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(json), publish: true, Bzk);
        Assert.True(child.Saved, string.Join("; ", child.ValidationErrors.Select(e => e.Message)));

        // Elsa's parent-capture-output.json, as a flowchart: ExecuteWorkflow's result captured in ChildResult, then a JavaScript line.
        var d = new Flow("Ouder uitvoeren").Variable("ChildResult", "", "Object").Start()
            .Add("run", "Elsa.ExecuteWorkflow", ("WorkflowDefinitionId", "String", child.Definition.DefinitionId), ("WaitForCompletion", "Boolean", "True"))
            .Expression("line", "Elsa.WriteLine", "Text", "String", "JavaScript", "`Parent received: ${getChildResult().output.Result}`")
            .Connect("start", "run").Connect("run", "line").Build();
        With(d, "run", "result", """{"typeName":"ExecuteWorkflowResult","memoryReference":{"id":"childresult"}}""");
        var parentId = await host.PublishAndRunAsync(d, "oud");
        await host.Runtime.RunUntilIdleAsync();

        Assert.Equal(["Parent received: 42"], await host.WrittenLinesAsync(parentId));
        var parent = await host.InstanceAsync(parentId);
        Assert.Equal(WorkflowStatus.Finished, parent.Status);
        var result = JsonDocument.Parse(parent.State.Variables["ChildResult"]!).RootElement;
        Assert.Equal("Finished", result.GetProperty("status").GetString());
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(result.GetProperty("workflowInstanceId").GetString()!)).Status);
    }
}
