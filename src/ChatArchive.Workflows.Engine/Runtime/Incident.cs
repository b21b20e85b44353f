namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// A failing activity (visible in Studio, with retry). <see cref="Message"/> is for people (Dutch when it is an
/// input problem); it never holds message content. Retry re-runs the failed work item.
/// </summary>
public sealed class Incident
{
    public required string Id { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityType { get; init; }
    public required string Message { get; init; }
    public string? ExceptionType { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The work item that failed, to enqueue again on retry.</summary>
    public required WorkItem FailedWork { get; init; }
}
