using System.Text.Json.Nodes;

namespace ChatArchive.Workflows.Api.Models;

/// <summary>Elsa 3's WorkflowStatus.</summary>
public enum WorkflowStatus { Running, Finished }

/// <summary>Elsa 3's WorkflowSubStatus.</summary>
public enum WorkflowSubStatus { Pending, Executing, Suspended, Finished, Cancelled, Faulted }

/// <summary>Elsa 3's ActivityStatus (activity executions).</summary>
public enum ActivityStatus { Pending, Running, Completed, Canceled, Faulted }

/// <summary>One row of the instance list.</summary>
public sealed record WorkflowInstanceSummaryModel(
    string Id, string DefinitionId, string DefinitionVersionId, int Version, WorkflowStatus Status, WorkflowSubStatus SubStatus,
    string? CorrelationId, string? Name, int IncidentCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

/// <summary>GET /workflow-instances/{id}: the summary plus the workflow state the viewer reads.</summary>
public sealed record WorkflowInstanceModel(
    string Id, string DefinitionId, string DefinitionVersionId, int Version, WorkflowStatus Status, WorkflowSubStatus SubStatus,
    string? CorrelationId, string? Name, int IncidentCount, bool IsSystem, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt, WorkflowStateModel WorkflowState);

/// <summary>The persisted state of an instance as Elsa names it.</summary>
public sealed record WorkflowStateModel(
    string Id, string DefinitionId, int DefinitionVersion, string DefinitionVersionId, string? CorrelationId,
    WorkflowStatus Status, WorkflowSubStatus SubStatus, IReadOnlyList<BookmarkModel> Bookmarks, IReadOnlyList<IncidentModel> Incidents,
    JsonObject? Fault, JsonArray CompletionCallbacks, JsonArray ActivityExecutionContexts, JsonObject Input, JsonObject Output,
    JsonObject Properties, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

/// <summary>A point where the instance waits (human task, timer).</summary>
public sealed record BookmarkModel(string Id, string Name, string Hash, string ActivityId, string ActivityNodeId, string ActivityInstanceId, DateTimeOffset CreatedAt, JsonObject? Payload);

/// <summary>A failed activity (issue 6: "a failing activity becomes an incident visible in Studio").</summary>
public sealed record IncidentModel(string ActivityId, string ActivityNodeId, string ActivityType, string Message, JsonObject? Exception, DateTimeOffset Timestamp);

/// <summary>Body of POST /workflow-instances (the list query).</summary>
public sealed record ListWorkflowInstancesRequest(
    int? Page, int? PageSize, string? SearchTerm, string? DefinitionId, IReadOnlyList<string>? DefinitionIds, string? CorrelationId,
    IReadOnlyList<string>? Statuses, IReadOnlyList<string>? SubStatuses, string? OrderBy, string? OrderDirection);

/// <summary>A journal line of the instance viewer.</summary>
public sealed record JournalRecordModel(
    string Id, string ActivityInstanceId, string? ParentActivityInstanceId, string ActivityId, string ActivityType, int ActivityTypeVersion,
    string? ActivityName, string NodeId, DateTimeOffset Timestamp, long Sequence, string? EventName, string? Message, string? Source,
    JsonObject? ActivityState, JsonObject? Payload);

/// <summary>Body of POST /workflow-instances/{id}/journal.</summary>
public sealed record JournalFilterRequest(JournalFilter? Filter);

/// <summary>Which activities' journal lines are wanted.</summary>
public sealed record JournalFilter(IReadOnlyList<string>? ActivityIds, IReadOnlyList<string>? ActivityNodeIds, IReadOnlyList<string>? ExcludedActivityTypes, IReadOnlyList<string>? EventNames);

/// <summary>A variable's current value.</summary>
public sealed record ResolvedVariableModel(string Id, string Name, JsonNode? Value);

/// <summary>GET /workflow-instances/{id}/execution-state, polled by the viewer while an instance runs.</summary>
public sealed record WorkflowExecutionStateModel(string Id, WorkflowStatus Status, WorkflowSubStatus SubStatus, DateTimeOffset UpdatedAt);

/// <summary>One execution of one activity.</summary>
public sealed record ActivityExecutionRecordModel(
    string Id, string WorkflowInstanceId, string ActivityId, string ActivityNodeId, string ActivityType, int ActivityTypeVersion,
    string? ActivityName, JsonObject? ActivityState, JsonObject? Payload, JsonObject? Outputs, JsonObject? Properties, JsonObject? Metadata,
    JsonObject? Exception, ActivityStatus Status, int AggregateFaultCount, DateTimeOffset StartedAt, bool HasBookmarks, DateTimeOffset? CompletedAt);

/// <summary>The summary form of <see cref="ActivityExecutionRecordModel"/>.</summary>
public sealed record ActivityExecutionSummaryModel(
    string Id, string WorkflowInstanceId, string ActivityId, string ActivityNodeId, string ActivityType, int ActivityTypeVersion,
    string? ActivityName, DateTimeOffset StartedAt, bool HasBookmarks, ActivityStatus Status, JsonObject? Metadata, int AggregateFaultCount,
    DateTimeOffset? CompletedAt);

/// <summary>Body of POST /activity-executions/report.</summary>
public sealed record ActivityExecutionReportRequest(string? WorkflowInstanceId, IReadOnlyList<string>? ActivityNodeIds);

/// <summary>Per-activity counts the designer paints on the canvas.</summary>
public sealed record ActivityExecutionStatsModel(string ActivityId, string ActivityNodeId, int StartedCount, int CompletedCount, int UncompletedCount, bool IsBlocked, bool IsFaulted, JsonObject Metadata);

/// <summary>Response of POST /activity-executions/report.</summary>
public sealed record ActivityExecutionReportModel(IReadOnlyList<ActivityExecutionStatsModel> Stats);
