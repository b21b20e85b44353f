namespace ChatArchive.Workflows.Engine.Runtime;

public enum ActivityExecutionStatus
{
    Running,
    Completed,
    Faulted,
    Canceled,
}

/// <summary>
/// One execution of one activity in one instance (Studio: /activity-executions). <see cref="Id"/> is the
/// activity instance id. A waiting activity stays Running with <see cref="HasBookmarks"/> until resumed.
/// </summary>
public sealed record ActivityExecutionRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public ActivityExecutionStatus Status { get; init; }
    public string? Outcome { get; init; }
    public bool HasBookmarks { get; init; }
    public IReadOnlyDictionary<string, string?> Inputs { get; init; } = new Dictionary<string, string?>();
    public IReadOnlyDictionary<string, string?> Outputs { get; init; } = new Dictionary<string, string?>();
    public string? Exception { get; init; }
}

/// <summary>Per-activity counts for the instance viewer (contract: POST /activity-executions/report).</summary>
public sealed record ActivityExecutionStats(
    string ActivityId,
    string ActivityNodeId,
    int StartedCount,
    int CompletedCount,
    int UncompletedCount,
    bool IsBlocked,
    bool IsFaulted);
