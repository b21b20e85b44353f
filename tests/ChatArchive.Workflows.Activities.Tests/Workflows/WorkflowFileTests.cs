using System.Text.Json;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Activities.Tests.Support;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Activities.Tests.Workflows;

/// <summary>
/// The workflow files (the three templates and the department examples) are checked against the activity classes:
/// every type exists, every input is known, every variable a node reads is defined, every connection leaves from a
/// port the activity has, and the engine's own validator accepts them. No database.
/// </summary>
public sealed class WorkflowFileTests
{
    private static readonly IServiceProvider Services = BuildServices();

    private static IServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflowEngine(o => { o.RunWorkers = false; o.RunScheduler = false; });
        services.AddChatArchiveActivities(configure: o => o.ProcessStarts = false);
        return services.BuildServiceProvider();
    }

    private static readonly IReadOnlyList<string> FileList = Directory
        .EnumerateFiles(RepositoryFolders.Workflows, "*.json", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(RepositoryFolders.Workflows, f)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in FileList)
        {
            data.Add(f);
        }
        return data;
    }

    private static WorkflowDefinition Load(string file) =>
        WorkflowDefinitionExporter.Import(File.ReadAllText(Path.Combine(RepositoryFolders.Workflows, file)), Path.GetFileNameWithoutExtension(file));

    [Fact]
    public void The_three_templates_and_three_department_examples_are_there()
    {
        var files = FileList;
        Assert.Contains("onboarding.json", files);
        Assert.Contains("periodic-readout.json", files);
        Assert.Contains("departure.json", files);
        Assert.Equal(3, files.Count(f => f.StartsWith("departments", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Workflow_file_is_accepted_by_the_engine_validator(string file)
    {
        var errors = Services.GetRequiredService<WorkflowDefinitionValidator>().Validate(Load(file));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => e.Message)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_activity_type_input_variable_and_port_in_the_file_exists(string file)
    {
        var d = Load(file);
        var registry = Services.GetRequiredService<IActivityRegistry>();
        var variables = d.Variables.Select(v => v.Name).Concat(d.Variables.Select(v => v.Id)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var node in d.Root.Activities ?? [])
        {
            var type = registry.FindType(node.Type);
            if (type is null)
            {
                problems.Add($"{node.Id}: unknown type {node.Type}");
                continue;
            }
            var inputs = ActivityDescriber.InputProperties(type).Select(p => ActivityNode.InputKey(p.Property.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, value) in node.Properties ?? [])
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("expression", out var expression))
                {
                    continue; // designer metadata, not an input
                }
                if (!inputs.Contains(key))
                {
                    problems.Add($"{node.Id}: input '{key}' is not an input of {node.Type}");
                }
                if (expression.GetProperty("type").GetString() == "Variable" && !variables.Contains(expression.GetProperty("value").GetString() ?? ""))
                {
                    problems.Add($"{node.Id}: input '{key}' reads variable '{expression.GetProperty("value").GetString()}' that the definition does not define");
                }
            }
            var ports = registry.Find(node.Type)!.Ports.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (node.Type == "ChatArchive.HumanTask")
            {
                ports = (node.GetInput("Outcomes")?.Expression?.Value is { } o ? JsonSerializer.Deserialize<string[]>(o)! : ["Gereed"]).ToHashSet();
            }
            foreach (var c in (d.Root.Connections ?? []).Where(c => c.Source.Activity == node.Id))
            {
                if (!ports.Contains(c.Source.Port ?? "Done"))
                {
                    problems.Add($"{node.Id}: connection from port '{c.Source.Port}' that {node.Type} does not have");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Text_a_user_reads_cites_the_guidance_by_title_never_by_file_or_issue(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFolders.Workflows, file));
        Assert.DoesNotContain("seed", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?i)\bissue\b|#\d+", text);
    }

    [Fact]
    public void The_read_out_cycle_follows_the_nine_steps_and_loops_on_disagreement_and_plans_the_next_cycle()
    {
        var d = Load("periodic-readout.json");
        string Next(string from, string port) => Assert.Single(d.Root.Connections!, c => c.Source.Activity == from && c.Source.Port == port).Target.Activity;
        string TypeOf(string id) => d.Root.Activities!.Single(a => a.Id == id).Type;

        var path = new List<string>();
        var at = Next("start", "Done");
        foreach (var port in new[] { "Gepland", "Geüpload", "Ingelezen", "Voorgesteld", "Aangeboden", "Akkoord", "Geschoond", "Veiliggesteld" })
        {
            path.Add(TypeOf(at));
            at = Next(at, port);
        }
        path.Add(TypeOf(at));
        Assert.Equal(
            ["ChatArchive.ReadOutAppointment", "ChatArchive.AwaitExportUpload", "ChatArchive.IngestExport", "ChatArchive.SuggestLabels", "ChatArchive.ReviewMessages",
             "ChatArchive.ValidateMarkedMessages", "ChatArchive.ApplyCleaning", "ChatArchive.SealReadOut", "ChatArchive.PlanReadOutCycle"], path);
        Assert.Equal("ChatArchive.ReviewMessages", TypeOf(Next("valideren", "Niet akkoord")));
        Assert.Equal("ChatArchive.FindingsTask", TypeOf(Next("inlezen", "Bevindingen")));
        Assert.Equal("ChatArchive.SuggestLabels", TypeOf(Next("bevindingen", "Afgehandeld")));
        Assert.Equal("Toestellen inleveren", d.Root.Activities!.Single(a => a.Id == Next("volgende", "Laatste uitlezing")).Name);
    }

    [Fact]
    public void Department_examples_reproduce_the_three_variations_of_the_CIO_Rijk_report()
    {
        var settings = FileList.Where(f => f.StartsWith("departments", StringComparison.Ordinal))
            .Select(f => DepartmentProcessReader.FromDefinition("X", Load(f)))
            .Select(p => (p.FrequencyText, p.Cleaning, p.KeepRawDataset)).ToHashSet();

        Assert.Contains(("P1M", Domain.Policies.CleaningMode.Remove, true), settings);
        Assert.Contains(("P6W", Domain.Policies.CleaningMode.Mark, false), settings);
        Assert.Contains(("P2M", Domain.Policies.CleaningMode.None, false), settings);
    }
}
