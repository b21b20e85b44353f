using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Domain.Policies;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;

namespace ChatArchive.Server.Demo;

/// <summary>
/// Demo only: gives every demo ministry its own published read-out definition whose variables are the ministry's
/// settings from the CIO Rijk-rapportage 2024 (frequency, cleaning, raw dataset, exclusion of private contacts, device
/// separation). The department's process lives only in its published definitions; the registry's policy view is
/// derived from them, so this is how the demo shows each ministry's real practice. A department that already has a
/// copy (an example definition, or a process owner's own) is left alone. Runs after the example definitions are loaded.
/// </summary>
public sealed class DemoDepartmentProcesses(DemoDataSettings demo, WorkflowEngineOptions engine, IWorkflowDefinitionService definitions,
    IWorkflowDefinitionStore store, ILogger<DemoDepartmentProcesses> logger) : IHostedService
{
    public const string TemplateId = "periodic-readout";

    public Task StartAsync(CancellationToken cancellationToken) => demo.Enabled ? PublishAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Publishes the missing ministry definitions (also called by tests that seed the demo registry on PostgreSQL).</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        if (engine.WorkflowsFolder is not { } folder) return;
        var templateFile = Path.Combine(folder, TemplateId + ".json");
        if (!File.Exists(templateFile)) return;
        var template = await File.ReadAllTextAsync(templateFile, cancellationToken);
        var created = 0;
        foreach (var department in DemoRegistry.Departments)
        {
            var copyId = ProcessTemplates.DepartmentCopyId(department.Code, TemplateId);
            if ((await store.FindVersionsAsync(copyId, cancellationToken)).Count > 0) continue;
            var model = WorkflowDefinitionExporter.Import(WithPolicy(template, copyId, department), copyId);
            var result = await definitions.SaveAsync(model, publish: true, TenantScope.ForDepartment(department.Code), cancellationToken);
            if (result.Saved) created++;
            else logger.LogError("Demo read-out definition for department {Department} refused: {Count} validation error(s)", department.Code, result.ValidationErrors.Count);
        }
        logger.LogInformation("Demo department read-out definitions: {Count} published", created);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The template with the department's id, tenant and settings (the variables the process reader derives the policy from).</summary>
    public static string WithPolicy(string templateJson, string copyId, DemoRegistry.DemoDepartment department)
    {
        var root = JsonNode.Parse(templateJson)!.AsObject();
        root["definitionId"] = copyId;
        root["tenantId"] = department.Code;
        root.Remove("id");
        var p = department.Policy;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Frequentie"] = p.Frequency switch
            {
                Domain.Policies.ReadOutFrequency.Monthly => "P1M",
                Domain.Policies.ReadOutFrequency.SixWeekly => "P6W",
                Domain.Policies.ReadOutFrequency.TwoMonthly => "P2M",
                _ => "Geen",
            },
            ["Schoonmodus"] = p.Cleaning switch { CleaningMode.Remove => "Verwijderen", CleaningMode.Mark => "Markeren", _ => "Geen" },
            ["RuweDatasetBewaren"] = p.KeepRawDataset ? "true" : "false",
            ["PriveContactenUitsluiten"] = p.ExcludePrivateContacts ? "true" : "false",
            ["Middelenscheiding"] = p.DeviceSeparation ? "true" : "false",
            // The report does not say who validates; the demo shows both ways: one ministry's trustee validates.
            ["Validator"] = department.Code == DemoReadOuts.TrusteeDepartment ? "Vertrouwenspersoon" : "Bewindspersoon",
        };
        foreach (var variable in root["variables"]?.AsArray() ?? [])
        {
            if (variable?["name"]?.GetValue<string>() is { } name && values.TryGetValue(name, out var value)) variable["value"] = value;
        }
        root["description"] = $"Eén uitleescyclus van één bewindspersoon volgens de negen stappen van de Handreiking §2.2.2, met de werkwijze van {department.Name} uit de CIO Rijk-rapportage 2024.";
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
