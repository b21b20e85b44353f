using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>
/// Definitions with the versioning semantics of ELSA-STUDIO-CONTRACT.md: save updates the draft or, when the
/// latest version is published, creates version+1 as draft; publish; retract; versions; name uniqueness per
/// department; copy of a government-wide template into a department. Every call is scoped to a tenant.
/// Failures are <see cref="WorkflowEngineException"/>s with Dutch messages; nothing changes on failure.
/// </summary>
public interface IWorkflowDefinitionService
{
    Task<SaveWorkflowDefinitionResult> SaveAsync(WorkflowDefinition model, bool publish, TenantScope scope, CancellationToken ct = default);

    Task<SaveWorkflowDefinitionResult> PublishAsync(string definitionId, TenantScope scope, CancellationToken ct = default);

    Task<WorkflowDefinition> RetractAsync(string definitionId, TenantScope scope, CancellationToken ct = default);

    Task<WorkflowDefinition?> GetAsync(string definitionId, VersionOptions options, TenantScope scope, CancellationToken ct = default);

    Task<WorkflowDefinition?> GetByVersionIdAsync(string versionId, TenantScope scope, CancellationToken ct = default);

    Task<Page<WorkflowDefinitionSummary>> ListAsync(WorkflowDefinitionQuery query, TenantScope scope, CancellationToken ct = default);

    Task<bool> IsNameUniqueAsync(string name, string? exceptDefinitionId, TenantScope scope, CancellationToken ct = default);

    IReadOnlyList<ValidationError> Validate(WorkflowDefinition model);

    /// <summary>
    /// Validates as a save of <paramref name="scope"/>'s department would: with the workflows it may use as activities; a draft
    /// (<paramref name="publish"/> false) may use one that is not published yet.
    /// </summary>
    Task<IReadOnlyList<ValidationError>> ValidateAsync(WorkflowDefinition model, bool publish, TenantScope scope, CancellationToken ct = default);

    Task DeleteAsync(string definitionId, TenantScope scope, CancellationToken ct = default);

    Task DeleteVersionAsync(string versionId, TenantScope scope, CancellationToken ct = default);

    /// <summary>Copies the published (else latest) template into the department as a new, published definition.</summary>
    Task<WorkflowDefinition> CopyTemplateAsync(string templateDefinitionId, string department, string? newName = null, CancellationToken ct = default);
}
