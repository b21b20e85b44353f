using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>Storage of definition versions (implemented in ChatArchive.Persistence/Workflows).</summary>
public interface IWorkflowDefinitionStore
{
    Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken ct = default);

    /// <summary>The version <paramref name="options"/> selects (Latest, Published, a number); null when none.</summary>
    Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions options, CancellationToken ct = default);

    Task<IReadOnlyList<WorkflowDefinition>> FindVersionsAsync(string definitionId, CancellationToken ct = default);

    Task<Page<WorkflowDefinitionSummary>> ListAsync(WorkflowDefinitionQuery query, CancellationToken ct = default);

    /// <summary>Every published version (cron triggers are registered from these).</summary>
    Task<IReadOnlyList<WorkflowDefinition>> ListPublishedAsync(CancellationToken ct = default);

    /// <summary>True when another definition (not <paramref name="exceptDefinitionId"/>) of the tenant has this name.</summary>
    Task<bool> NameExistsAsync(string? tenantId, string name, string? exceptDefinitionId, CancellationToken ct = default);

    /// <summary>Inserts or updates the given versions in one transaction (all or nothing).</summary>
    Task SaveAsync(IReadOnlyList<WorkflowDefinition> versions, CancellationToken ct = default) => SaveAsync(versions, null, ct);

    /// <summary>
    /// As <see cref="SaveAsync(IReadOnlyList{WorkflowDefinition}, CancellationToken)"/>, where <paramref name="createdVersionId"/> is the
    /// version this save creates. When another save created that version (or another latest version) first, nothing is written and a
    /// <see cref="WorkflowEngineException"/> of kind Conflict says so: two first saves of one new definition at once never both win,
    /// and the loser gets a clear answer instead of a database error.
    /// </summary>
    Task SaveAsync(IReadOnlyList<WorkflowDefinition> versions, string? createdVersionId, CancellationToken ct = default);

    Task<int> DeleteDefinitionAsync(string definitionId, CancellationToken ct = default);

    Task<int> DeleteVersionAsync(string versionId, CancellationToken ct = default);
}
