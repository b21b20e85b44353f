using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities.Http;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// Real Elsa 3 definitions written by the Elsa project (Fixtures/Elsa/SOURCES.md) import unchanged and run with the result
/// Elsa's own tests expect: the WriteLine lines in order, the final status, the number of executions.
/// </summary>
public sealed class ElsaFixtureTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa", name));

    public static TheoryData<DatabaseProvider, string, string[]> Runs()
    {
        var data = new TheoryData<DatabaseProvider, string, string[]>();
        foreach (var p in new[] { DatabaseProvider.PostgreSql, DatabaseProvider.Sqlite })
        {
            data.Add(p, "writeline.json", ["Dummy Text"]);
            data.Add(p, "implicit-loop.json", ["Do something", "Retry", "Do something", "Done"]);
            data.Add(p, "join-any-1.json", ["Start", "End"]);
            data.Add(p, "join-all-1.json", ["Start", "Line 1", "Line 2", "End"]);
            // Its root is a WriteLine, not a flowchart (Elsa accepts any activity as the root).
            data.Add(p, "child-published-version.json", ["Published version executed"]);
        }
        return data;
    }

    /// <summary>Saves and publishes a fixture (a workflow another one uses as an activity); it must be accepted.</summary>
    private static async Task PublishFixtureAsync(EngineHost host, string file)
    {
        var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(Fixture(file)), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
    }

    private static async Task<(string InstanceId, WorkflowDefinition Saved)> ImportAndRunAsync(EngineHost host, string file,
        FlowchartExecutionMode? mode = null)
    {
        var model = WorkflowJson.Deserialize<WorkflowDefinition>(Fixture(file));
        var saved = await host.Definitions.SaveAsync(model, publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = saved.Definition.DefinitionId, Scope = Bzk, FlowchartExecutionMode = mode,
        });
        Assert.True(started.Started, started.CannotStartReason);
        await host.Runtime.RunUntilIdleAsync();
        return (started.InstanceId!, saved.Definition);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task An_Elsa_definition_runs_with_the_lines_Elsa_expects(DatabaseProvider provider, string file, string[] expected)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-" + Path.GetFileNameWithoutExtension(file)));
        var (instanceId, _) = await ImportAndRunAsync(host, file);

        Assert.Equal(expected, await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, "workflow1.json")]
    [InlineData(DatabaseProvider.Sqlite, "workflow1.json")]
    [InlineData(DatabaseProvider.PostgreSql, "workflow2.json")]
    [InlineData(DatabaseProvider.Sqlite, "workflow2.json")]
    [InlineData(DatabaseProvider.PostgreSql, "decision-merge-join-none.json")]
    [InlineData(DatabaseProvider.Sqlite, "decision-merge-join-none.json")]
    public async Task An_Elsa_flowchart_completes_when_nothing_is_left(DatabaseProvider provider, string file)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-done-" + Path.GetFileNameWithoutExtension(file)));
        var (instanceId, definition) = await ImportAndRunAsync(host, file);

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
        // Every activity ran at most once: none of these flowcharts has a loop.
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        Assert.All(executions.GroupBy(e => e.ActivityId), g => Assert.Single(g));
        Assert.NotEmpty(executions);
        Assert.All(executions, e => Assert.Contains(definition.Root.Activities!, a => a.Id == e.ActivityId));
    }

    /// <summary>Elsa's ForkDecisionJoinTests: run token-based (as that test runs them), an activity's mergeMode decides; counter-based (Elsa's default) it is not read.</summary>
    public static TheoryData<DatabaseProvider, string, FlowchartExecutionMode, string[], bool> MergeModeRuns()
    {
        var data = new TheoryData<DatabaseProvider, string, FlowchartExecutionMode, string[], bool>();
        foreach (var p in new[] { DatabaseProvider.PostgreSql, DatabaseProvider.Sqlite })
        {
            // Stream: C runs once A is done; the decision's untaken branch does not block it.
            data.Add(p, "JoinBehaviors/fork-decision-join-none.json", FlowchartExecutionMode.TokenBased, ["A", "C"], true);
            // Merge and Converge: C waits for the branch through B, which the decision never takes; Elsa leaves the flowchart running.
            data.Add(p, "JoinBehaviors/fork-decision-join-converge.json", FlowchartExecutionMode.TokenBased, ["A"], false);
            data.Add(p, "JoinBehaviors/fork-decision-join-converge-strict.json", FlowchartExecutionMode.TokenBased, ["A"], false);
            // FlowJoin WaitAll = Merge: it waits for E, which is never reached (the decision faults the workflow).
            data.Add(p, "JoinBehaviors/fork-decision-join-waitall.json", FlowchartExecutionMode.TokenBased, ["A", "C", "B", "D"], false);
        }
        data.Add(DatabaseProvider.Sqlite, "JoinBehaviors/fork-decision-join-converge.json", FlowchartExecutionMode.CounterBased, ["A", "C"], true);
        data.Add(DatabaseProvider.PostgreSql, "JoinBehaviors/fork-decision-join-converge-strict.json", FlowchartExecutionMode.CounterBased, ["A", "C"], true);
        return data;
    }

    [Theory]
    [MemberData(nameof(MergeModeRuns))]
    public async Task An_activitys_mergeMode_decides_when_it_runs_in_a_token_based_flowchart_as_in_Elsa(DatabaseProvider provider, string file,
        FlowchartExecutionMode mode, string[] expected, bool finishes)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-merge-" + Path.GetFileNameWithoutExtension(file)));
        var (instanceId, _) = await ImportAndRunAsync(host, file, mode);

        Assert.Equal(expected, await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal(finishes, instance.Status == WorkflowStatus.Finished);
        Assert.Equal(mode, instance.State.Flow.Mode);
        // No activity ran twice (none of these flowcharts has a loop).
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        Assert.All(executions.GroupBy(e => e.ActivityId), g => Assert.Single(g));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_decision_merge_join_finishes_also_token_based(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-merge-decision"));
        var (instanceId, _) = await ImportAndRunAsync(host, "decision-merge-join-none.json", FlowchartExecutionMode.TokenBased);

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
        Assert.Empty(instance.State.Flow.Tokens);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_RunJavaScript_workflows_used_as_activities_run_as_in_Elsa(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-run-js"));
        // ParentChildOutputMapping: Sum's RunJavaScript returns getA() + getB() into the workflow output Result; the calculator writes it.
        await PublishFixtureAsync(host, "ParentChildOutputMapping/sum.json");
        var (calculator, _) = await ImportAndRunAsync(host, "ParentChildOutputMapping/calculator.json");
        Assert.Equal(["Result: 9"], await host.WrittenLinesAsync(calculator));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(calculator)).Status);

        // ParentChildCompletion's child: its RunJavaScript returns an object into a variable and the workflow finishes. (Elsa's parent.json
        // names the child by another definition id and runs it by its type name: ElsaCorpusTests.)
        var (child, _) = await ImportAndRunAsync(host, "ParentChildCompletion/child.json");
        var instance = await host.InstanceAsync(child);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
        Assert.Equal("ceva", JsonDocument.Parse(Assert.Single(instance.State.Variables).Value!).RootElement.GetProperty("prop1").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task RunJavaScript_chooses_its_outcome_with_setOutcome_and_a_failing_script_is_an_incident(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-run-js-outcome"));
        var flow = new Flow("Script kiest uitgang").Build();
        var script = new ActivityNode { Id = "script", Name = "Script1", Type = "Elsa.RunJavaScript" };
        script.SetInput("Script", new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = "Literal", Value = "setOutcome('Hoog'); return 40 + 2;" } });
        script.SetInput("PossibleOutcomes", new WrappedInput { TypeName = "String[]", Expression = new InputExpression { Type = "Object", Value = "[\"Hoog\",\"Laag\"]" } });
        flow.Root.Activities!.Add(script);
        foreach (var (id, text) in new[] { ("hoog", "'hoog ' + getLastResult()"), ("laag", "'laag'"), ("klaar", "'klaar'") })
        {
            var line = new ActivityNode { Id = id, Name = id, Type = "Elsa.WriteLine" };
            line.SetInput("Text", new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = "JavaScript", Value = text } });
            flow.Root.Activities.Add(line);
        }
        flow.Root.Connections!.AddRange([new Connection("script", "Hoog", "hoog"), new Connection("script", "Laag", "laag"), new Connection("script", "Done", "klaar")]);
        var saved = await host.Definitions.SaveAsync(flow, publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = Bzk });
        await host.Runtime.RunUntilIdleAsync();
        Assert.Equal(["hoog 42"], await host.WrittenLinesAsync(started.InstanceId!));

        // setOutcome outside RunJavaScript, and a script that throws: incidents with the reason, nothing written.
        var wrong = new Flow("Fout script").Build();
        var bad = new ActivityNode { Id = "bad", Name = "Bad", Type = "Elsa.RunJavaScript" };
        bad.SetInput("Script", new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = "Literal", Value = "throw new Error('kapot');" } });
        wrong.Root.Activities!.Add(bad);
        var wrongSaved = await host.Definitions.SaveAsync(wrong, publish: true, Bzk);
        Assert.True(wrongSaved.Saved, string.Join("; ", wrongSaved.ValidationErrors.Select(e => e.Message)));
        var wrongStarted = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = wrongSaved.Definition.DefinitionId, Scope = Bzk });
        await host.Runtime.RunUntilIdleAsync();
        var incident = Assert.Single((await host.InstanceAsync(wrongStarted.InstanceId!)).State.Incidents);
        Assert.Contains("kapot", incident.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_FlowJoin_of_Elsas_join_scenario_completes_once(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-join"));
        var (instanceId, _) = await ImportAndRunAsync(host, "join.json");

        var journal = (await host.Instances.GetJournalAsync(instanceId, 0, 1000)).Items;
        Assert.Single(journal, j => j.ActivityId == "802725996be1b582" && j.EventName == JournalEvents.Completed);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, "workflow3.json")]
    [InlineData(DatabaseProvider.Sqlite, "workflow4.json")]
    public async Task Elsas_Delay_reads_timeSpan(DatabaseProvider provider, string file)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-delay-" + Path.GetFileNameWithoutExtension(file)));
        var before = DateTimeOffset.UtcNow;
        var (instanceId, _) = await ImportAndRunAsync(host, file);

        // Elsa waits 5 s and 10 s here; the server once read only its own input name and silently waited a day.
        var timers = await host.Instances.GetBookmarksAsync(instanceId);
        Assert.NotEmpty(timers);
        Assert.All(timers, t => Assert.InRange(t.DueAt!.Value, before + TimeSpan.FromSeconds(4), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(11)));
    }

    [Theory]
    [InlineData("implicit-loop.json")]
    [InlineData("join-all-1.json")]
    [InlineData("workflow2.json")]
    [InlineData("Http/reload-http-workflow.json")]
    public async Task An_imported_Elsa_definition_reads_back_with_the_same_activities_connections_variables_and_inputs(string file)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "elsa-roundtrip-" + Path.GetFileNameWithoutExtension(file)));
        var original = JsonDocument.Parse(Fixture(file)).RootElement;
        var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(Fixture(file)), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));

        var read = await host.Definitions.GetAsync(saved.Definition.DefinitionId, VersionOptions.Published, Bzk);
        var back = JsonDocument.Parse(WorkflowJson.Serialize(read!)).RootElement;

        var originalActivities = original.GetProperty("root").GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        var backActivities = back.GetProperty("root").GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.Equal(originalActivities.Keys.Order(), backActivities.Keys.Order());
        foreach (var (id, a) in originalActivities)
        {
            var b = backActivities[id];
            Assert.Equal(a.GetProperty("type").GetString(), b.GetProperty("type").GetString());
            foreach (var p in a.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("expression", out _)))
            {
                Assert.True(JsonElement.DeepEquals(p.Value, b.GetProperty(p.Name)), $"input {p.Name} of {id} changed");
            }
        }
        static IEnumerable<string> Connections(JsonElement root) => root.GetProperty("connections").EnumerateArray().Select(c =>
            c.GetProperty("source").ValueKind == JsonValueKind.String
                ? $"{c.GetProperty("source").GetString()}:{c.GetProperty("sourcePort").GetString()}->{c.GetProperty("target").GetString()}"
                : $"{c.GetProperty("source").GetProperty("activity").GetString()}:{c.GetProperty("source").GetProperty("port").GetString()}->{c.GetProperty("target").GetProperty("activity").GetString()}")
            .Order();
        Assert.Equal(Connections(original.GetProperty("root")), Connections(back.GetProperty("root")));
        Assert.Equal(original.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("name").GetString()),
            back.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_definition_with_an_activity_type_we_lack_is_refused_naming_the_type()
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "elsa-missing"));
        var json = Fixture("writeline.json").Replace("\"Elsa.WriteLine\"", "\"Elsa.DownloadHttpFile\"");
        var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(json), publish: true, Bzk);
        Assert.False(saved.Saved);
        Assert.Contains(saved.ValidationErrors, e => e.Message.Contains("'Elsa.DownloadHttpFile'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_parent_with_a_Sequence_root_runs_its_child_and_prints_the_childs_output(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-sequence-root"));
        await PublishFixtureAsync(host, "child-with-output.json");

        var (instanceId, saved) = await ImportAndRunAsync(host, "parent-capture-output.json");
        await host.Runtime.RunUntilIdleAsync();

        // Elsa's ExecuteWorkflowTests: "Parent received: 42".
        Assert.Equal("Elsa.Sequence", saved.Root.Type);
        Assert.Equal(["Parent received: 42"], await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        var executions = await host.Instances.GetActivityExecutionsAsync(instanceId);
        Assert.Equal(["ExecuteWorkflow1", "Sequence1", "WriteLine1"], executions.Select(e => e.ActivityId).Order());
    }

    [Fact]
    public async Task A_Sequence_root_reads_back_as_a_Sequence_without_connections()
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "elsa-sequence-roundtrip"));
        var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("parent-capture-output.json")), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));

        var read = await host.Definitions.GetAsync(saved.Definition.DefinitionId, VersionOptions.Published, Bzk);
        var root = JsonDocument.Parse(WorkflowJson.Serialize(read!)).RootElement.GetProperty("root");
        Assert.Equal("Elsa.Sequence", root.GetProperty("type").GetString());
        Assert.False(root.TryGetProperty("connections", out _));
        Assert.Equal(["ExecuteWorkflow1", "WriteLine1"], root.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_HTTP_endpoint_workflow_answers_a_GET_of_the_departments_user_with_an_empty_200_and_finishes(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-http-reload"), o =>
        {
            o.RunWorkers = true;
            o.Workers = 2;
        });
        var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("Http/reload-http-workflow.json")), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var router = host.Services.GetRequiredService<HttpEndpointRouter>();
        HttpEndpointCall Call(string method) => new() { Method = method, Path = "/reload-test", SignedIn = true, Department = "BZK" };

        var answer = await router.HandleAsync(Call("GET"), CancellationToken.None);

        // Elsa's ReloadWorkflowTests: GET reload-test answers 200 OK; the workflow has only the endpoint, so the body is empty.
        Assert.False(answer.IsProblem, answer.ProblemDetail);
        Assert.Equal(200, answer.StatusCode);
        Assert.True(string.IsNullOrEmpty(answer.Body));
        await EngineHost.WaitUntilAsync(async () => (await host.InstanceAsync(answer.InstanceId!)).Status == WorkflowStatus.Finished, TimeSpan.FromSeconds(30),
            "the instance started by the request finished");
        var executions = await host.Instances.GetActivityExecutionsAsync(answer.InstanceId!);
        Assert.Equal(["cc196a5e-04f7-4794-b25c-1a0987632d8a"], executions.Select(e => e.ActivityId));
        Assert.Empty((await host.InstanceAsync(answer.InstanceId!)).State.Incidents);

        // The endpoint supports GET only: a POST finds no workflow and starts nothing.
        Assert.Equal(404, (await router.HandleAsync(Call("POST"), CancellationToken.None)).StatusCode);
        var all = await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = [saved.Definition.DefinitionId] });
        Assert.Equal(1L, all.TotalCount);
    }

    [Fact]
    public async Task Elsas_HTTP_endpoint_with_a_computed_path_is_refused_at_publish_instead_of_never_being_reached()
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "elsa-http-dynamic"));

        // Elsa's own test host defines getStaticValue(); the path of a starting endpoint is read from the published definition here.
        var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(Fixture("Http/dynamic-path-http-workflow.json")), publish: true, Bzk);

        Assert.False(saved.Saved);
        var error = Assert.Single(saved.ValidationErrors);
        Assert.Contains("JavaScript", error.Message);
        Assert.Contains("vaste tekst", error.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Elsas_parent_passes_its_input_to_a_child_started_by_ExecuteWorkflow_which_reads_it_with_getMessage(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-execute-input"));
        // Elsa's child-with-input (same folder) declares the input Message and writes it; it is not in the stored copy, so it is built here.
        var child = new Flow("Child With Input", "child-with-input")
            .Expression("WriteLine1", "Elsa.WriteLine", "Text", "String", "JavaScript", "`Child received: ${getMessage()}`").Build();
        child.Inputs.Add(new InputDefinition { Name = "Message", Type = "String" });
        Assert.True((await host.Definitions.SaveAsync(child, publish: true, Bzk)).Saved);

        var (instanceId, _) = await ImportAndRunAsync(host, "ExecuteWorkflow/parent-with-input.json");
        await host.Runtime.RunUntilIdleAsync();

        // Elsa's ExecuteWorkflowTests: "Child received: Hello from parent" (Elsa declares get{Input}() for every workflow input).
        var childInstance = Assert.Single((await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = ["child-with-input"] })).Items);
        Assert.Equal(["Child received: Hello from parent"], await host.WrittenLinesAsync(childInstance.Id));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Empty(instance.State.Incidents);
    }
}
