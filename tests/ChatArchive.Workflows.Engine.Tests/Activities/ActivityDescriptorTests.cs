using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Activities.BuiltIn;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Tests.Activities;

public sealed class ActivityDescriptorTests
{
    private static readonly ActivityRegistry Registry = new(new[]
    {
        typeof(Flowchart), typeof(Start), typeof(End), typeof(Delay), typeof(Engine.Activities.BuiltIn.Timer), typeof(Cron), typeof(HumanTask), typeof(ApproveLeave),
    }.Select(t => new ActivityTypeRegistration(t)));

    [Activity("Test", "ApproveLeave", Category = "Test", DisplayName = "Verlof goedkeuren")]
    [Outcomes("Goedgekeurd", "Afgewezen")]
    private sealed class ApproveLeave : Activity
    {
        [Input(DisplayName = "Dagen")]
        public int Days { get; set; }

        [Input(DisplayName = "Spoed")]
        public bool Urgent { get; set; }

        [Input(DisplayName = "Prioriteit", Options = ["laag|Laag", "hoog|Hoog"])]
        public string Priority { get; set; } = "laag";

        [Output(DisplayName = "Besluit")]
        public string? Decision { get; set; }

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete("Goedgekeurd"));
    }

    [Fact]
    public void Flowchart_is_a_browsable_container_start_is_start_and_end_is_terminal()
    {
        // A nested flowchart can be dropped from the toolbox and connected onward from its one port, Done.
        var flowchart = Registry.Find("Elsa.Flowchart")!;
        Assert.True(flowchart.IsContainer);
        Assert.True(flowchart.IsBrowsable);
        Assert.Equal("Flow", flowchart.Category);
        Assert.Equal(["Done"], flowchart.Ports.Select(p => p.Name));
        var start = Registry.Find("Elsa.Start")!;
        Assert.True(start.IsStart);
        Assert.Equal(["Done"], start.Ports.Select(p => p.Name));
        var end = Registry.Find("Elsa.End")!;
        Assert.True(end.IsTerminal);
        Assert.Empty(end.Ports);
    }

    [Fact]
    public void Descriptor_is_generated_from_the_class_with_types_hints_options_and_outcome_ports()
    {
        var d = Registry.Find("Test.ApproveLeave")!;

        Assert.Equal("Verlof goedkeuren", d.DisplayName);
        Assert.Equal(["Goedgekeurd", "Afgewezen"], d.Ports.Select(p => p.Name));
        Assert.All(d.Ports, p => Assert.Equal("Flow", p.Type));
        var days = d.Inputs.Single(i => i.Name == "Days");
        Assert.Equal(("Int32", "singleline"), (days.TypeName, days.UiHint));
        Assert.Equal(("Boolean", "checkbox"), (d.Inputs.Single(i => i.Name == "Urgent").TypeName, d.Inputs.Single(i => i.Name == "Urgent").UiHint));
        var priority = d.Inputs.Single(i => i.Name == "Priority");
        Assert.Equal("dropdown", priority.UiHint);
        Assert.Equal([("Laag", "laag"), ("Hoog", "hoog")], priority.UiSpecifications!.Dropdown!.SelectList.Items.Select(i => (i.Text, i.Value)));
        Assert.Equal("Decision", Assert.Single(d.Outputs).Name);
    }

    [Fact]
    public void Human_task_outcomes_are_dynamic_ports_and_delay_reads_Elsas_timeSpan()
    {
        var task = Registry.Find("ChatArchive.HumanTask")!;
        var outcomes = task.Inputs.Single(i => i.Name == "Outcomes");
        Assert.Equal("dynamic-outcomes", outcomes.UiHint);
        Assert.Equal("[\"Gereed\"]", outcomes.DefaultValue);
        var delay = Registry.Find("Elsa.Delay")!;
        Assert.Equal("TimeSpan", delay.Inputs[0].Name);
        Assert.Null(delay.Inputs[0].DefaultValue);
        Assert.Equal(["TimeSpan"], delay.Inputs.Where(i => i.IsBrowsable).Select(i => i.Name));
        Assert.Equal("Trigger", Registry.Find("Elsa.Cron")!.Kind);
    }

    [Fact]
    public void Descriptor_json_has_the_contract_field_names_in_camel_case()
    {
        var json = JsonSerializer.SerializeToNode(Registry.Find("Test.ApproveLeave"), WorkflowJson.Options)!.AsObject();

        foreach (var field in new[] { "typeName", "namespace", "name", "version", "category", "displayName", "isBrowsable", "inputs", "outputs", "ports", "kind", "isStart", "isTerminal", "isContainer" })
        {
            Assert.True(json.ContainsKey(field), $"missing {field}");
        }
        var input = json["inputs"]!.AsArray()[0]!.AsObject();
        foreach (var field in new[] { "name", "typeName", "uiHint", "displayName", "isBrowsable", "isWrapped" })
        {
            Assert.True(input.ContainsKey(field), $"input missing {field}");
        }
        var priority = json["inputs"]!.AsArray().Single(i => (string?)i!["name"] == "Priority")!;
        Assert.Equal("laag", (string?)priority["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]![0]!["value"]);
    }
}
