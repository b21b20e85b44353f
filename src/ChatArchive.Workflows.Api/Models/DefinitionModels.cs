using System.Text.Json.Nodes;

namespace ChatArchive.Workflows.Api.Models;

/// <summary>One row of the definition list and version history.</summary>
public sealed record WorkflowDefinitionSummaryModel(
    string Id, string DefinitionId, string? Name, string? Description, int Version, string ToolVersion,
    bool IsLatest, bool IsPublished, string MaterializerName, bool IsMaterializerAvailable, DateTimeOffset CreatedAt,
    bool IsReadonly, IReadOnlyList<Link> Links);

/// <summary>Response of POST /workflow-definitions (ELSA-STUDIO-CONTRACT.md "Editing"); the definition is the engine's Elsa JSON plus links.</summary>
public sealed record SaveWorkflowDefinitionResponse(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount, IReadOnlyList<ValidationErrorModel> ValidationErrors);

/// <summary>A validation error Studio lists next to the save result.</summary>
public sealed record ValidationErrorModel(string Message, string? ActivityId = null);

/// <summary>Body of POST /workflow-definitions/{id}/execute.</summary>
public sealed record ExecuteWorkflowDefinitionRequest(string? CorrelationId, string? TriggerActivityId, string? VersionOptions, JsonObject? Input);

/// <summary>Response of GET /workflow-definitions/validation/is-name-unique.</summary>
public sealed record IsNameUniqueResponse(bool IsUnique);

/// <summary>Response of the department copy of a government-wide template.</summary>
public sealed record CopyTemplateResponse(JsonObject WorkflowDefinition);
