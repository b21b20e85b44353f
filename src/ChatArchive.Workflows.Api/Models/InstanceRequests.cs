using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Workflows.Api.Models;

/// <summary>Query of the activity-execution lists.</summary>
public sealed record ActivityExecutionQuery(
    [property: FromQuery(Name = "WorkflowInstanceId")] string? WorkflowInstanceId,
    [property: FromQuery(Name = "ActivityNodeId")] string? ActivityNodeId);

/// <summary>Body of the bulk instance routes: <c>{"ids":[…]}</c> (Studio sends "Ids"; names are read case-insensitively).</summary>
public sealed record InstanceIdsRequest(IReadOnlyList<string?>? Ids, string? DefinitionVersionId);

/// <summary>Response of the cancel routes: how many instances were cancelled.</summary>
public sealed record CancelResponse(int Count);

/// <summary>Response of the bulk instance delete.</summary>
public sealed record BulkDeleteInstancesResponse(long DeletedCount);

/// <summary>Response of POST /workflow-instances/{id}/retry.</summary>
public sealed record RetryResponse(int Retried);

/// <summary>Paged list with a total, as the instance list and journal answer.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items, long TotalCount);
