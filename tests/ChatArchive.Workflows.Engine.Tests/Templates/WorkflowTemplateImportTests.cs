using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Templates;

public sealed class WorkflowTemplateImportTests
{
    private static readonly string[] Shipped = ["departure.json", "onboarding.json", "periodic-readout.json"];

    /// <summary>
    /// A private copy of this test's template fixtures, so a test may change files. The engine knows no domain: the
    /// shipped workflows/ now use the domain activities and are checked by the Activities tests (WorkflowFileTests);
    /// these fixtures are the earlier templates built from generic tasks and Elsa built-ins only.
    /// </summary>
    private static string CopyOfShippedWorkflows()
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-workflows-").FullName;
        foreach (var f in Shipped)
        {
            File.Copy(Path.Combine(Artifacts.RepositoryRoot(), "tests", "ChatArchive.Workflows.Engine.Tests", "Templates", "Fixtures", f), Path.Combine(folder, f));
        }
        return folder;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Shipped_workflows_are_imported_at_startup_and_export_back_to_the_same_json(DatabaseProvider provider)
    {
        var folder = CopyOfShippedWorkflows();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "import"), o => o.WorkflowsFolder = folder);

        var templates = await host.Definitions.ListAsync(new WorkflowDefinitionQuery { VersionOptions = VersionOptions.Published }, TenantScope.Templates);
        Assert.Equal(["departure", "onboarding", "periodic-readout"], templates.Items.Select(t => t.DefinitionId).Order());
        Assert.All(templates.Items, t => Assert.Null(t.TenantId));
        foreach (var file in Shipped)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(folder, file));
            var stored = await host.Definitions.GetAsync(Path.GetFileNameWithoutExtension(file), VersionOptions.Published, TenantScope.Templates);
            var exported = WorkflowDefinitionExporter.Export(stored!);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(exported)), $"{file} does not round-trip:\n{exported}");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Importing_unchanged_files_again_changes_nothing(DatabaseProvider provider)
    {
        var folder = CopyOfShippedWorkflows();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "idempotent"), o => o.WorkflowsFolder = folder);
        var importer = host.Services.GetRequiredService<WorkflowTemplateImporter>();

        var second = await importer.ImportFolderAsync(folder);

        Assert.All(second, r => Assert.Equal(TemplateImportOutcome.Unchanged, r.Outcome));
        var all = await host.Definitions.ListAsync(new WorkflowDefinitionQuery { VersionOptions = VersionOptions.AllVersions }, TenantScope.Templates);
        Assert.Equal(3, all.TotalCount);
        Assert.All(all.Items, v => Assert.Equal(1, v.Version));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Changed_file_creates_and_publishes_a_new_version(DatabaseProvider provider)
    {
        var folder = CopyOfShippedWorkflows();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "changed"), o => o.WorkflowsFolder = folder);
        var file = Path.Combine(folder, "periodic-readout.json");
        // The process owner's change of seed 001: monthly instead of six-weekly.
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("\"P6W\"", "\"P1M\""));

        var result = await host.Services.GetRequiredService<WorkflowTemplateImporter>().ImportFileAsync(file);

        Assert.Equal((TemplateImportOutcome.NewVersion, 2), (result.Outcome, result.Version));
        var published = (await host.Definitions.GetAsync("periodic-readout", VersionOptions.Published, TenantScope.Templates))!;
        Assert.Equal(2, published.Version);
        Assert.Equal("P1M", published.Root.Activities!.Single(a => a.Id == "frequentie").GetInput("TimeSpan")!.Expression!.Value);
        Assert.False((await host.Definitions.GetAsync("periodic-readout", VersionOptions.SpecificVersion(1), TenantScope.Templates))!.IsPublished);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Invalid_files_are_refused_with_a_Dutch_reason_and_the_others_still_load(DatabaseProvider provider)
    {
        var folder = CopyOfShippedWorkflows();
        await File.WriteAllTextAsync(Path.Combine(folder, "kapot.json"), "{ \"name\": \"Kapot\", ");
        await File.WriteAllTextAsync(Path.Combine(folder, "statemachine.json"),
            "{\"definitionId\":\"statemachine\",\"name\":\"Toestanden\",\"root\":{\"id\":\"s1\",\"type\":\"Elsa.StateMachine\",\"version\":1}}");
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "refused"));

        var results = await host.Services.GetRequiredService<WorkflowTemplateImporter>().ImportFolderAsync(folder);

        Assert.Equal(3, results.Count(r => r.Outcome == TemplateImportOutcome.Created));
        var broken = results.Single(r => r.File == "kapot.json");
        Assert.Equal(TemplateImportOutcome.Refused, broken.Outcome);
        Assert.Contains("geen geldige workflow-JSON", Assert.Single(broken.Errors));
        Assert.Contains("'Elsa.StateMachine'", Assert.Single(results.Single(r => r.File == "statemachine.json").Errors));
        Assert.Equal(3, (await host.Definitions.ListAsync(new WorkflowDefinitionQuery { VersionOptions = VersionOptions.AllVersions }, TenantScope.Templates)).TotalCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Periodic_readout_copied_into_a_department_walks_the_nine_steps_and_waits_for_the_next_readout(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "readout"), o => o.WorkflowsFolder = CopyOfShippedWorkflows());
        var copy = await host.Definitions.CopyTemplateAsync("periodic-readout", "JenV");
        var scope = TenantScope.ForDepartment("JenV");
        var id = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = copy.DefinitionId, Scope = scope, CorrelationId = "staatssecretaris-jenv" })).InstanceId!;
        var staff = new HumanTaskActor("medewerker.jenv", ["information-professional", "officeholder", "archivist"], ["JenV"]);
        var done = new List<string>();

        for (var step = 0; step < 12; step++)
        {
            await host.Runtime.RunUntilIdleAsync();
            var open = (await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = id, Statuses = [HumanTaskStatus.Open] })).Items;
            if (open.Count == 0)
            {
                break;
            }
            var task = Assert.Single(open);
            Assert.Equal("JenV", task.Department);
            done.Add(task.ActivityId);
            var outcome = task.ActivityId switch { "stap6" => "Akkoord", "stap9" => "Volgende uitlezing", _ => "Gereed" };
            await host.Tasks.CompleteAsync(task.Id, staff, outcome);
        }

        Assert.Equal(["stap1", "stap2", "stap3", "stap4", "stap5", "stap6", "stap7", "stap8", "stap9"], done);
        var wait = Assert.Single(await host.Instances.GetBookmarksAsync(id));
        Assert.Equal(("frequentie", "Timer"), (wait.ActivityId, wait.Kind));
        Assert.InRange((wait.DueAt!.Value - DateTimeOffset.UtcNow).TotalDays, 41.9, 42.1);
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.InstanceAsync(id)).SubStatus);
    }
}
