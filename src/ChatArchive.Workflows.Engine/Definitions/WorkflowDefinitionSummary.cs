namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>A row of the definition list and version history (ELSA-STUDIO-CONTRACT.md: summary fields; links are the API's).</summary>
public sealed record WorkflowDefinitionSummary(
    string Id,
    string DefinitionId,
    string Name,
    string? Description,
    int Version,
    string ToolVersion,
    bool IsLatest,
    bool IsPublished,
    string MaterializerName,
    bool IsMaterializerAvailable,
    DateTimeOffset CreatedAt,
    bool IsReadonly,
    string? TenantId);
