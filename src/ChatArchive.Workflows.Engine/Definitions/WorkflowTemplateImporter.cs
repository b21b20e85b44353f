using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Definitions;

public enum TemplateImportOutcome
{
    Created,
    NewVersion,
    Unchanged,
    Refused,
}

public sealed record TemplateImportResult(string File, string DefinitionId, TemplateImportOutcome Outcome, int Version, IReadOnlyList<string> Errors);

/// <summary>
/// Loads workflows/*.json into the government-wide template set (issue 6 §5): idempotent (an unchanged file
/// changes nothing), a changed file creates and publishes a new version; instances already running stay on
/// their version. A refused file is reported and changes nothing; the other files still load.
/// </summary>
public sealed class WorkflowTemplateImporter(IWorkflowDefinitionService definitions, ILogger<WorkflowTemplateImporter> logger)
{
    public async Task<IReadOnlyList<TemplateImportResult>> ImportFolderAsync(string folder, CancellationToken ct = default)
    {
        var results = new List<TemplateImportResult>();
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("Workflow folder {Folder} does not exist; no templates imported", folder);
            return results;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            results.Add(await ImportFileAsync(file, ct));
        }
        return results;
    }

    public async Task<TemplateImportResult> ImportFileAsync(string file, CancellationToken ct = default)
    {
        var name = Path.GetFileName(file);
        var fallbackId = Path.GetFileNameWithoutExtension(file);
        try
        {
            var model = WorkflowDefinitionExporter.Import(await File.ReadAllTextAsync(file, ct), fallbackId);
            var result = await definitions.SaveAsync(model, publish: true, TenantScope.Templates, ct);
            if (!result.Saved)
            {
                logger.LogError("Workflow file {File} refused: {Count} validation error(s)", name, result.ValidationErrors.Count);
                return new(name, model.DefinitionId, TemplateImportOutcome.Refused, 0, result.ValidationErrors.Select(e => e.Message).ToList());
            }
            var outcome = result.CreatedNewVersion
                ? (result.Definition.Version == 1 ? TemplateImportOutcome.Created : TemplateImportOutcome.NewVersion)
                : result.AlreadyPublished ? TemplateImportOutcome.Unchanged : TemplateImportOutcome.NewVersion;
            logger.LogInformation("Workflow file {File}: {Outcome} (definition {DefinitionId} version {Version})", name, outcome, result.Definition.DefinitionId, result.Definition.Version);
            return new(name, result.Definition.DefinitionId, outcome, result.Definition.Version, []);
        }
        catch (WorkflowEngineException ex)
        {
            logger.LogError("Workflow file {File} refused ({Kind})", name, ex.Kind);
            return new(name, fallbackId, TemplateImportOutcome.Refused, 0, [ex.Message]);
        }
    }
}
