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
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
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

    /// <summary>Steps since the instance last resumed from a bookmark (the step budget, <c>MaxStepsWithoutWait</c>).</summary>
    public int StepsWithoutWait { get; set; }

    /// <summary>The flowchart's visit counts (Elsa's join rules).</summary>
    public FlowScope Flow { get; set; } = new();

    /// <summary>Failed attempts per activity (automatic retry with back-off); removed when the activity completes.</summary>
    public Dictionary<string, int> RetryAttempts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Composites (Sequence, If, Switch) whose embedded activities are still running, by activity id.</summary>
    public Dictionary<string, CompositeState> Composites { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The instance that dispatched this one (Elsa.DispatchWorkflow); null for a top-level instance.</summary>
    public string? ParentInstanceId { get; set; }

    /// <summary>The parent's bookmark to resume with this instance's output when it finishes (WaitForCompletion); null = fire and forget.</summary>
    public string? ParentBookmarkId { get; set; }

    /// <summary>
    /// Started by a workflow used as an activity (Elsa's WorkflowDefinitionActivity): scripts read its inputs with <c>get{Input}()</c>, as Elsa
    /// declares the activity's inputs in the child's scope.
    /// </summary>
    public bool AsActivity { get; set; }

    /// <summary>
    /// Activity outputs scripts read with Elsa's <c>getOutputFrom(activityIdOrName, outputName)</c> and <c>get{Output}From{Activity}()</c>, by
    /// "activityId:outputName": the first value an activity produced since the instance last resumed (Elsa's output register lives as long as
    /// one run of the workflow and its lookup takes the first record). Kept only for definitions whose scripts read outputs.
    /// </summary>
    public Dictionary<string, string?>? ActivityOutputs { get; set; }

    /// <summary>The outcomes an Elsa.Complete at the top gave the workflow; a parent that uses it as an activity continues on them.</summary>
    public List<string>? Outcomes { get; set; }
}

/// <summary>A running composite: its execution, and the embedded activities it waits for.</summary>
public sealed class CompositeState
{
    public string ActivityInstanceId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public List<string> Pending { get; set; } = [];

    /// <summary>True when the composite runs because of a loop (a backward connection in the flowchart).</summary>
    public bool Backward { get; set; }
}
