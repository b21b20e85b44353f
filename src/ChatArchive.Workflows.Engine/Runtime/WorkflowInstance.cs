namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// A running (or finished) workflow. It keeps the definition version it started on
/// (<see cref="DefinitionVersionId"/>), whatever is published later (issue 6).
/// </summary>
public sealed class WorkflowInstance
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public required string DefinitionVersionId { get; init; }
    public required int Version { get; init; }
    public string? TenantId { get; init; }
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;
    public WorkflowSubStatus SubStatus { get; set; } = WorkflowSubStatus.Pending;
    public string? CorrelationId { get; init; }
    public string? Name { get; init; }
    public int IncidentCount { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public WorkflowState State { get; set; } = new();

    /// <summary>Optimistic concurrency token; the store refuses a save from a stale copy.</summary>
    public long RowVersion { get; set; }
}

/// <summary>The serialisable state of an instance: variables, input, output, incidents, journal counter.</summary>
public sealed class WorkflowState
{
    public Dictionary<string, string?> Variables { get; set; } = [];
    public Dictionary<string, string?> Input { get; set; } = [];
    public Dictionary<string, string?> Output { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];
    public long JournalSequence { get; set; }

    /// <summary>The flowchart's visit counts (Elsa's join rules).</summary>
    public FlowScope Flow { get; set; } = new();

    /// <summary>The instance that dispatched this one (Elsa.DispatchWorkflow); null for a top-level instance.</summary>
    public string? ParentInstanceId { get; set; }

    /// <summary>The parent's bookmark to resume with this instance's output when it finishes (WaitForCompletion); null = fire and forget.</summary>
    public string? ParentBookmarkId { get; set; }
}
