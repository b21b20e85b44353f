using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>A new instance of a definition version: its state (variables, input), its first work item and journal line.</summary>
public static class WorkflowInstanceFactory
{
    /// <summary>
    /// Elsa's rule for where an instance begins: the Start activity, else the first activity nothing connects to. A root flowchart with no
    /// activities at all is itself the start: the first step finds it empty and finishes the workflow (Elsa completes such a flowchart at once).
    /// </summary>
    public static ActivityNode? FindStart(WorkflowDefinition d, string? triggerActivityId)
    {
        var root = ActivityTree.RootFlowchartOf(d);
        if (triggerActivityId is not null)
        {
            return (root.Activities ?? []).FirstOrDefault(a => a.Id == triggerActivityId);
        }
        return IsEmptyRoot(d, root.Id) ? root : ActivityTree.StartOf(root);
    }

    /// <summary>True when <paramref name="activityId"/> is the definition's root flowchart and it holds no activities.</summary>
    public static bool IsEmptyRoot(WorkflowDefinition d, string? activityId) =>
        d.Root.IsFlowchart && d.Root.Id == activityId && (d.Root.Activities ?? []).Count == 0;

    public static (WorkflowInstance Instance, WorkItem First, JournalEntry Started) Create(WorkflowDefinition d, ActivityNode start, bool isTrigger,
        string? correlationId, string? name, IReadOnlyDictionary<string, string?>? input, DateTimeOffset now, string? instanceId = null)
    {
        var state = new WorkflowState();
        foreach (var v in d.Variables)
        {
            state.Variables[v.Name] = v.Value;
        }
        foreach (var i in d.Inputs)
        {
            var dv = i.DefaultValue;
            state.Input[i.Name] = dv is { ValueKind: System.Text.Json.JsonValueKind.String } s ? s.GetString() : dv?.GetRawText();
        }
        foreach (var (k, v) in input ?? new Dictionary<string, string?>())
        {
            state.Input[k] = v;
        }
        var instance = new WorkflowInstance
        {
            Id = instanceId ?? WorkflowStepExecutor.NewId(),
            DefinitionId = d.DefinitionId,
            DefinitionVersionId = d.Id,
            Version = d.Version,
            TenantId = d.TenantId,
            CorrelationId = correlationId,
            Name = name ?? d.Name,
            CreatedAt = now,
            UpdatedAt = now,
            State = state,
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Pending,
        };
        state.JournalSequence = 1;
        state.Flow.Root = start.Id;
        var started = new JournalEntry
        {
            Id = WorkflowStepExecutor.NewId(), InstanceId = instance.Id, Timestamp = now, Sequence = 1, EventName = JournalEvents.WorkflowStarted,
        };
        var first = new WorkItem
        {
            InstanceId = instance.Id, Kind = WorkItemKind.Execute, ActivityId = start.Id, IsTrigger = isTrigger, CreatedAt = now,
        };
        return (instance, first, started);
    }
}
