using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Definitions;

public enum DefinitionOrder
{
    Name,
    Version,
    CreatedAt,
}

/// <summary>
/// A definition list request. <see cref="Tenant"/> null = the template set only; otherwise that department,
/// plus the templates when <see cref="IncludeTemplates"/>.
/// </summary>
public sealed record WorkflowDefinitionQuery
{
    public VersionOptions VersionOptions { get; init; } = VersionOptions.Latest;
    public string? Tenant { get; init; }
    public bool IncludeTemplates { get; init; }
    public string? SearchTerm { get; init; }
    public IReadOnlyList<string>? DefinitionIds { get; init; }
    public IReadOnlyList<string>? Ids { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
    public DefinitionOrder OrderBy { get; init; } = DefinitionOrder.Name;
    public bool Descending { get; init; }
}
