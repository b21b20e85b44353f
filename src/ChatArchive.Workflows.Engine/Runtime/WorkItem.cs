namespace ChatArchive.Workflows.Engine.Runtime;

public enum WorkItemKind
{
    /// <summary>Run an activity (the start activity, a trigger, or the target of a connection).</summary>
    Execute,
    /// <summary>Fill a bookmark: the activity that waits on it resumes.</summary>
    Resume,
}

/// <summary>
/// One step to take for an instance. Work items are rows claimed with FOR UPDATE SKIP LOCKED on PostgreSQL;
/// a step deletes its item in the same transaction that commits its effects, so a step runs once.
/// <see cref="DedupKey"/> (e.g. "resume:{bookmarkId}") makes a repeated event a no-op.
/// </summary>
public sealed record WorkItem
{
    public long Id { get; init; }
    public required string InstanceId { get; init; }
    public required WorkItemKind Kind { get; init; }
    public string? ActivityId { get; init; }
    public string? BookmarkId { get; init; }
    public bool IsTrigger { get; init; }
    public string? Outcome { get; init; }
    public string? Payload { get; init; }
    public string? ResumedBy { get; init; }
    public string? DedupKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
