namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>A row of the instance list (contract: POST /workflow-instances items).</summary>
public sealed record WorkflowInstanceSummary(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    string? CorrelationId,
    string? Name,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string? TenantId);

/// <summary>Instance list filter; <see cref="Tenant"/> null lists the template-set instances only unless <see cref="AllTenants"/>.</summary>
public sealed record WorkflowInstanceQuery
{
    public string? Tenant { get; init; }
    public bool AllTenants { get; init; }
    public string? SearchTerm { get; init; }
    public IReadOnlyList<string>? DefinitionIds { get; init; }
    public IReadOnlyList<string>? DefinitionVersionIds { get; init; }
    public IReadOnlyList<WorkflowStatus>? Statuses { get; init; }
    public IReadOnlyList<WorkflowSubStatus>? SubStatuses { get; init; }
    public string? CorrelationId { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
    public bool Descending { get; init; } = true;
}
