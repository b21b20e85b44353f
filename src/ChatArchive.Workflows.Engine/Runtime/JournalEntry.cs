namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// One line of an instance's execution log in the shape Studio's journal shows
/// (contract: id, activityInstanceId, parentActivityInstanceId, activityId, activityType, activityTypeVersion,
/// activityName, nodeId, timestamp, sequence, eventName, message, source, payload). Ids and counts only.
/// </summary>
public sealed record JournalEntry
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public string? ActivityInstanceId { get; init; }
    public string? ParentActivityInstanceId { get; init; }
    public string? ActivityId { get; init; }
    public string? ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }
    public string? NodeId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required long Sequence { get; init; }
    public required string EventName { get; init; }
    public string? Message { get; init; }
    public string? Source { get; init; }
    public string? Payload { get; init; }
}

/// <summary>Journal event names (Elsa's: Started, Completed, Faulted, Suspended, Resumed).</summary>
public static class JournalEvents
{
    public const string Started = "Started";
    public const string Completed = "Completed";
    public const string Faulted = "Faulted";
    public const string Suspended = "Suspended";
    public const string Resumed = "Resumed";
    public const string WorkflowStarted = "WorkflowStarted";
    public const string WorkflowFinished = "WorkflowFinished";
    public const string WorkflowCancelled = "WorkflowCancelled";
    public const string Retried = "Retried";
    public const string Cancelled = "Cancelled";
}
