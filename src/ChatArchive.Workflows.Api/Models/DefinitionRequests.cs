using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Workflows.Api.Models;

/// <summary>Query of GET /workflow-definitions (numbers as text: a bad value gets a Dutch 400, not the framework's).</summary>
public sealed record ListDefinitionsQuery(
    [property: FromQuery(Name = "versionOptions")] string? VersionOptions,
    [property: FromQuery(Name = "Page")] string? Page,
    [property: FromQuery(Name = "PageSize")] string? PageSize,
    [property: FromQuery(Name = "SearchTerm")] string? SearchTerm,
    [property: FromQuery(Name = "DefinitionIds")] string[]? DefinitionIds,
    [property: FromQuery(Name = "DefinitionId")] string[]? DefinitionId,
    [property: FromQuery(Name = "Ids")] string[]? Ids,
    [property: FromQuery(Name = "OrderBy")] string? OrderBy,
    [property: FromQuery(Name = "OrderDirection")] string? OrderDirection);

/// <summary>Body of POST /workflow-definitions: <c>{"model":{…},"publish":bool|null}</c>.</summary>
public sealed record SaveWorkflowDefinitionRequest(JsonObject? Model, bool? Publish);

/// <summary>Body of the bulk publish/retract/delete routes that take definition ids.</summary>
public sealed record DefinitionIdsRequest(IReadOnlyList<string?>? DefinitionIds);

/// <summary>Body of the bulk routes that take version ids (and of the bulk export, which takes either).</summary>
public sealed record VersionIdsRequest(IReadOnlyList<string?>? Ids, IReadOnlyList<string?>? DefinitionIds);

/// <summary>Body of POST /workflow-definitions/{id}/copy-to-department (optional new name).</summary>
public sealed record CopyTemplateRequest(string? Name);

/// <summary>Response of the bulk publish route (Elsa's names; updatedConsumers stays empty: no workflow-as-activity consumers are rewritten).</summary>
public sealed record BulkPublishResponse(IReadOnlyList<string> Published, IReadOnlyList<string> AlreadyPublished, IReadOnlyList<string> NotFound,
    IReadOnlyList<string> Skipped, IReadOnlyList<string> UpdatedConsumers);

/// <summary>Response of the bulk retract route (Elsa's names).</summary>
public sealed record BulkRetractResponse(IReadOnlyList<string> Retracted, IReadOnlyList<string> AlreadyRetracted, IReadOnlyList<string> NotFound, IReadOnlyList<string> Skipped);

/// <summary>Response of the bulk delete routes: how many definitions (or versions) were deleted.</summary>
public sealed record BulkDeleteResponse(long Deleted);

/// <summary>Response of POST /workflow-definitions/import-files.</summary>
public sealed record ImportFilesResponse(int ImportedCount);

/// <summary>Response of POST /workflow-definitions/{id}/execute (the id also goes in the x-elsa-workflow-instance-id header).</summary>
public sealed record ExecuteResponse(string? WorkflowInstanceId);
