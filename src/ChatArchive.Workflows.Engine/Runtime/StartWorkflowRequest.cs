using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Start an instance of a definition (Studio "Run": versionOptions Latest; normal use: Published).
/// <see cref="TriggerActivityId"/> starts at that activity instead of the Start activity.
/// </summary>
public sealed record StartWorkflowRequest
{
    public required string DefinitionId { get; init; }
    public VersionOptions VersionOptions { get; init; } = VersionOptions.Published;
    public required TenantScope Scope { get; init; }
    public string? CorrelationId { get; init; }
    public string? TriggerActivityId { get; init; }
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string?>? Input { get; init; }

    /// <summary>What the trigger activity receives as its trigger payload (an HTTP endpoint's request); only with <see cref="TriggerActivityId"/>.</summary>
    public string? TriggerPayload { get; init; }

    /// <summary>
    /// The id the new instance gets (letters, digits, '-', '_'; at most 64). Given for an idempotent start: when an
    /// instance with this id exists, nothing is started and its id is returned with <see cref="StartWorkflowResult.AlreadyStarted"/>.
    /// Null = a fresh id.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>Elsa's <c>Flowchart:ExecutionMode</c> run property for this instance; null = the engine's setting (counter-based by default).</summary>
    public FlowchartExecutionMode? FlowchartExecutionMode { get; init; }
}

/// <summary>The new instance id, or why it cannot start (Dutch; contract header x-elsa-workflow-cannot-start).</summary>
public sealed record StartWorkflowResult(string? InstanceId, string? CannotStartReason)
{
    public bool Started => InstanceId is not null;

    /// <summary>True when <see cref="StartWorkflowRequest.InstanceId"/> named an instance that already existed; nothing was started.</summary>
    public bool AlreadyStarted { get; init; }
}
