namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// A waiting activity. Timer bookmarks carry <see cref="DueAt"/>: the database row, not the scheduler, is the
/// source of truth (ARCHITECTURE.md "Durability"); Hangfire is re-armed from these rows at start-up.
/// </summary>
public sealed record Bookmark
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityInstanceId { get; init; }
    public required string ActivityType { get; init; }
    public required string Kind { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public string? Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
