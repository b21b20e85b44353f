using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>What publishing refuses for the control-flow activities: each error names the activity and the field.</summary>
public sealed class ControlFlowValidationTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static void Set(WorkflowDefinition d, string id, string key, string json)
    {
        var node = d.Root.Activities!.Single(a => a.Id == id);
        node.Properties ??= [];
        node.Properties[key] = System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
    }

    private static async Task<IReadOnlyList<string>> ErrorsAsync(WorkflowDefinition d)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "cfvalidate"));
        var saved = await host.Definitions.SaveAsync(d, publish: true, Bzk);
        return saved.Saved ? [] : saved.ValidationErrors.Select(e => e.Message).ToList();
    }

    [Fact]
    public async Task A_FlowSwitch_connection_from_a_case_label_is_accepted_and_from_an_unknown_port_refused()
    {
        var ok = new Flow("Switch").Start().Add("switch", "Elsa.FlowSwitch").End("a").End("b")
            .Connect("start", "switch").Connect("switch", "a", "Ja").Connect("switch", "b", "Default").Build();
        Set(ok, "switch", "cases", """[{"label":"Ja","condition":{"type":"Literal","value":"True"}}]""");
        Assert.Empty(await ErrorsAsync(ok));

        var bad = new Flow("Switch fout").Start().Add("switch", "Elsa.FlowSwitch").End("a")
            .Connect("start", "switch").Connect("switch", "a", "Nee").Build();
        Set(bad, "switch", "cases", """[{"label":"Ja","condition":{"type":"Literal","value":"True"}}]""");
        Assert.Contains(await ErrorsAsync(bad), m => m.Contains("'switch'") && m.Contains("'Nee'") && m.Contains("Ja, Default"));
    }

    [Fact]
    public async Task A_case_condition_in_CSharp_or_an_unknown_language_is_refused()
    {
        var d = new Flow("Switch talen").Start().Add("switch", "Elsa.FlowSwitch").Connect("start", "switch").Build();
        Set(d, "switch", "cases", """[{"label":"A","condition":{"type":"CSharp","value":"true"}},{"label":"B","condition":{"type":"Python","value":"True"}}]""");
        var errors = await ErrorsAsync(d);
        Assert.Contains(errors, m => m.Contains("C#") && m.Contains("geval 'A'"));
        Assert.Contains(errors, m => m.Contains("'Python'") && m.Contains("geval 'B'"));
    }

    [Fact]
    public async Task An_output_captured_into_a_missing_variable_or_under_an_unknown_name_is_refused()
    {
        var d = new Flow("Uitvoer").Start().Add("if", "Elsa.If", ("Condition", "Boolean", "True")).Add("line", "Elsa.WriteLine", ("Text", "String", "x"))
            .Connect("start", "if").Connect("if", "line").Build();
        Set(d, "if", "result", """{"typeName":"Boolean","memoryReference":{"id":"bestaatNiet"}}""");
        Set(d, "line", "output", """{"typeName":"Object","memoryReference":{"id":"x"}}""");
        var errors = await ErrorsAsync(d);
        Assert.Contains(errors, m => m.Contains("'result'") && m.Contains("'bestaatNiet'"));
        Assert.Contains(errors, m => m.Contains("'line'") && m.Contains("geen uitvoer 'output'"));
    }

    [Fact]
    public async Task An_embedded_activity_of_an_unknown_type_is_refused_also_inside_a_nested_flowchart()
    {
        var d = new Flow("Genest").Start().Add("if", "Elsa.If").Add("seq", "Elsa.Sequence").Connect("start", "if").Connect("if", "seq").Build();
        Set(d, "if", "then", """{"id":"dl1","type":"Elsa.DownloadHttpFile","version":1}""");
        var inner = ActivityNode.NewFlowchart("inner");
        inner.Activities!.Add(new ActivityNode { Id = "mail1", Type = "Elsa.SendSms" });
        inner.Connections!.Add(new Connection("mail1", "Done", "ghost"));
        d.Root.Activities!.Single(a => a.Id == "seq").Activities = [inner];
        var errors = await ErrorsAsync(d);
        Assert.Contains(errors, m => m.Contains("'Elsa.DownloadHttpFile'"));
        // The nested flowchart itself is accepted; what is wrong inside it is named.
        Assert.Contains(errors, m => m.Contains("'Elsa.SendSms'"));
        Assert.Contains(errors, m => m.Contains("'ghost'"));
        Assert.DoesNotContain(errors, m => m.Contains("genest"));
    }

    [Fact]
    public async Task Activities_in_If_and_Switch_slots_get_a_node_id_as_Studio_needs()
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "slotnodeids"));
        var d = new Flow("Slots").Start().Add("if", "Elsa.If").Add("switch", "Elsa.Switch").Connect("start", "if").Connect("if", "switch").Build();
        Set(d, "if", "then", """{"id":"t1","type":"Elsa.WriteLine","version":1}""");
        Set(d, "switch", "cases", """[{"label":"A","condition":{"type":"Literal","value":"True"},"activity":{"id":"c1","type":"Elsa.WriteLine","version":1}}]""");
        var saved = await host.Definitions.SaveAsync(d, publish: false, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));

        var back = await host.Definitions.GetAsync(saved.Definition.DefinitionId, VersionOptions.Latest, Bzk);
        var nodes = back!.Root.Activities!.ToDictionary(a => a.Id);
        Assert.Equal($"{nodes["if"].NodeId}:t1", nodes["if"].Properties!["then"].GetProperty("nodeId").GetString());
        Assert.Equal($"{nodes["switch"].NodeId}:c1", nodes["switch"].Properties!["cases"][0].GetProperty("activity").GetProperty("nodeId").GetString());
    }
}
