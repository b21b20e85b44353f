namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Starts a workflow from inside a running step (Elsa.DispatchWorkflow). The new instance and its first work item are
/// written in the step's own transaction, so a crash before the commit starts no child, and a repeated step never two.
/// </summary>
public interface IChildWorkflowDispatcher
{
    /// <summary>Creates the child instance (published version, same department as the parent); returns its id.</summary>
    Task<string> DispatchAsync(ChildWorkflowRequest request, CancellationToken ct = default);
}

/// <summary>What to start: the definition, its input and correlation id, and the parent's bookmark to resume on completion (null = fire and forget).</summary>
public sealed record ChildWorkflowRequest
{
    public required string DefinitionId { get; init; }
    public string? CorrelationId { get; init; }
    public IReadOnlyDictionary<string, string?>? Input { get; init; }
    public string? ParentBookmarkId { get; init; }

    /// <summary>The version the parent's node is pinned to (a workflow used as an activity); when it does not exist, the published version runs.</summary>
    public string? VersionId { get; init; }

    /// <summary>A workflow used as an activity: input keys are matched to the definition's inputs by their camelCase names.</summary>
    public bool AsActivity { get; init; }

    /// <summary>
    /// The node's activity type (a workflow used as an activity). As in Elsa, the workflow published under that type runs, also when the
    /// node's <see cref="DefinitionId"/> names another definition (a file exported from another server, or an older copy of the workflow).
    /// </summary>
    public string? ActivityType { get; init; }
}
