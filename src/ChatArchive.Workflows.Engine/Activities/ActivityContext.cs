namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>What an activity may know about the running instance. Variables are literal text by name.</summary>
public sealed class ActivityContext
{
    public required string InstanceId { get; init; }
    public required string DefinitionId { get; init; }
    public required string DefinitionVersionId { get; init; }
    public string? TenantId { get; init; }
    public string? CorrelationId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public string? ActivityName { get; init; }
    public required string ActivityInstanceId { get; init; }

    /// <summary>True when this activity is the trigger that started the instance (a cron firing).</summary>
    public bool IsTrigger { get; init; }

    /// <summary>What started the instance at this trigger activity (an Elsa.Event's published payload); null otherwise.</summary>
    public string? TriggerPayload { get; init; }

    public required DateTimeOffset Now { get; init; }
    public required IDictionary<string, string?> Variables { get; init; }
    public required IReadOnlyDictionary<string, string?> Input { get; init; }
    public required IServiceProvider Services { get; init; }
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The definition's variables (id, name, type), to resolve a variable reference and check a value's type.</summary>
    public IReadOnlyList<Model.VariableDefinition> VariableDefinitions { get; init; } = [];

    /// <summary>Starts other workflows inside this step's transaction (Elsa.DispatchWorkflow); null where no step is running.</summary>
    public Runtime.IChildWorkflowDispatcher? ChildWorkflows { get; init; }

    /// <summary>The workflow's output (Elsa.SetOutput writes here); a child's output goes to the parent that waits for it.</summary>
    public IDictionary<string, string?> Output { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Evaluates expressions an activity holds itself (the conditions of a switch's cases); null where no step is running.</summary>
    public Expressions.ExpressionContext? Expressions { get; init; }

    /// <summary>Publishes an event in this step's transaction (Elsa.PublishEvent); null where no step is running.</summary>
    public Action<Runtime.EventPublication>? Events { get; init; }

    /// <summary>The activities embedded in this one by slot ("then", "else", "default", "case:{n}", "{n}"); empty for a plain activity.</summary>
    public IReadOnlyDictionary<string, string> EmbeddedChildren { get; init; } = new Dictionary<string, string>();

    /// <summary>The activity's node in the definition (properties beyond its declared inputs, e.g. a workflow-as-activity's definition id); null outside a step.</summary>
    public Model.ActivityNode? Node { get; init; }
}
