using System.Text.Json;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Activities.Processes;

/// <summary>
/// Loads the example department definitions (<c>workflows/departments/*.json</c>, each with its <c>tenantId</c>) into their
/// departments: the variations of the CIO Rijk-rapportage 2024 (monthly / clean / keep raw; six-weekly / mark only;
/// every two months / no cleaning). Only a definition the department does not have yet is loaded, so a process owner's
/// own changes in Studio are never overwritten.
/// </summary>
public sealed class DepartmentDefinitionImporter(IWorkflowDefinitionService definitions, IWorkflowDefinitionStore store, ILogger<DepartmentDefinitionImporter> logger)
{
    public const string Folder = "departments";

    /// <summary>Returns the definition ids that were loaded now.</summary>
    public async Task<IReadOnlyList<string>> ImportAsync(string workflowsFolder, CancellationToken ct = default)
    {
        var loaded = new List<string>();
        var folder = Path.Combine(workflowsFolder, Folder);
        if (!Directory.Exists(folder))
        {
            return loaded;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var json = await File.ReadAllTextAsync(file, ct);
            string? tenant;
            using (var doc = JsonDocument.Parse(json))
            {
                tenant = doc.RootElement.TryGetProperty("tenantId", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
            if (string.IsNullOrWhiteSpace(tenant))
            {
                logger.LogWarning("Department definition file {File} has no tenantId; skipped", Path.GetFileName(file));
                continue;
            }
            var model = WorkflowDefinitionExporter.Import(json, Path.GetFileNameWithoutExtension(file));
            if ((await store.FindVersionsAsync(model.DefinitionId, ct)).Count > 0)
            {
                continue;
            }
            var result = await definitions.SaveAsync(model, publish: true, TenantScope.ForDepartment(tenant), ct);
            if (!result.Saved)
            {
                logger.LogError("Department definition file {File} refused: {Count} validation error(s)", Path.GetFileName(file), result.ValidationErrors.Count);
                continue;
            }
            loaded.Add(model.DefinitionId);
        }
        logger.LogInformation("Department example definitions: {Count} loaded", loaded.Count);
        return loaded;
    }
}

/// <summary>At start-up (after the templates), loads the example department definitions when configured (the demo).</summary>
public sealed class DepartmentDefinitionImportService(DepartmentDefinitionImporter importer, WorkflowEngineOptions engine, ProcessStartOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.ImportDepartmentExamples && engine.WorkflowsFolder is { } folder)
        {
            await importer.ImportAsync(folder, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
