using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Every activity of a definition by id, with the composite it runs in: the root flowchart's activities (parent null) and the
/// activities embedded in composites — Elsa.Sequence's <c>activities</c>, Elsa.If's <c>then</c>/<c>else</c>, Elsa.Switch's
/// cases and <c>default</c>, a nested Elsa.Flowchart's activities — at any depth. Built once per definition object.
/// A definition whose root is not a flowchart (Elsa allows a Sequence, or any activity, as the root) runs as a flowchart
/// holding that one activity (<see cref="RootFlowchartOf"/>); the stored definition is not changed.
/// </summary>
public sealed partial class ActivityTree
{
    public const string SequenceType = "Elsa.Sequence";
    public const string SwitchType = "Elsa.Switch";
    public const string IfType = "Elsa.If";
    public const string SendEmailType = "Elsa.SendEmail";
    public const string SendHttpRequestType = Activities.Http.SendHttpRequest.TypeName;

    public const string FlowchartType = ActivityNode.FlowchartType;

    /// <summary>The slot of a nested flowchart's start activity (Elsa's rule: the Start activity, else the first one nothing connects to).</summary>
    public const string StartSlot = "start";

    private static readonly ConditionalWeakTable<WorkflowDefinition, ActivityTree> Cache = new();
    private static readonly ConditionalWeakTable<WorkflowDefinition, ActivityNode> RootFlowcharts = new();
    private readonly Dictionary<string, (ActivityNode Node, ActivityNode? Parent)> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> slots = new(StringComparer.Ordinal);

    private ActivityTree(WorkflowDefinition definition)
    {
        root = definition.Root;
        foreach (var a in RootFlowchartOf(definition).Activities ?? [])
        {
            Add(a, null);
        }
    }

    /// <summary>The flowchart the runtime interprets at the top: the root itself, or a flowchart holding a non-flowchart root as its only activity.</summary>
    public static ActivityNode RootFlowchartOf(WorkflowDefinition definition) =>
        definition.Root.IsFlowchart
            ? definition.Root
            : RootFlowcharts.GetValue(definition, d => new ActivityNode
            {
                Id = $"{d.Root.Id}:root", NodeId = RootPrefixNodeId(d), Type = FlowchartType, Activities = [d.Root], Connections = [],
            });

    private static string RootPrefixNodeId(WorkflowDefinition d) => $"{d.Root.NodeId ?? d.Root.Id}:root";

    /// <summary>Elsa's rule for where a flowchart begins: the Start activity, else the first activity nothing connects to.</summary>
    public static ActivityNode? StartOf(ActivityNode flowchart)
    {
        var activities = flowchart.Activities ?? [];
        var targets = (flowchart.Connections ?? []).Select(c => c.Target.Activity).ToHashSet(StringComparer.Ordinal);
        return activities.FirstOrDefault(a => a.Type == "Elsa.Start") ?? activities.FirstOrDefault(a => !targets.Contains(a.Id));
    }

    public static ActivityTree For(WorkflowDefinition definition) => Cache.GetValue(definition, d => new ActivityTree(d));

    public ActivityNode? Find(string? id) => id is not null && byId.TryGetValue(id, out var v) ? v.Node : null;

    /// <summary>The composite the activity is embedded in; null for an activity of the root flowchart.</summary>
    public ActivityNode? ParentOf(string id) => byId.TryGetValue(id, out var v) ? v.Parent : null;

    /// <summary>The root flowchart's activity that (transitively) holds <paramref name="id"/>.</summary>
    public string RootAncestorOf(string id) => AncestorIn(null, id)!;

    /// <summary>
    /// The activity directly inside container <paramref name="containerId"/> (null = the root flowchart) that is or (transitively)
    /// holds <paramref name="id"/>; null when <paramref name="id"/> does not run inside that container.
    /// </summary>
    public string? AncestorIn(string? containerId, string id)
    {
        var current = id;
        while (true)
        {
            var parent = ParentOf(current);
            if (parent?.Id == containerId)
            {
                return current;
            }
            if (parent is null)
            {
                return null;
            }
            current = parent.Id;
        }
    }

    /// <summary>
    /// The container an activity's scripts see as Elsa does (the nearest flowchart or sequence around it): its id, or null for the root
    /// flowchart.
    /// </summary>
    public string? ContainerOf(string id)
    {
        for (var parent = ParentOf(id); parent is not null; parent = ParentOf(parent.Id))
        {
            if (parent.Type is FlowchartType or SequenceType)
            {
                return parent.Id;
            }
        }
        return null;
    }

    /// <summary>The activities directly inside container <paramref name="containerId"/> (null = the root flowchart), in definition order.</summary>
    public IEnumerable<ActivityNode> ChildrenOf(string? containerId) =>
        byId.Values.Where(v => v.Parent?.Id == containerId).Select(v => v.Node);

    /// <summary>
    /// True when a script of the definition may read activity outputs (Elsa's <c>getOutputFrom(…)</c>, a <c>get{Output}From{Activity}()</c>
    /// accessor or <c>getLastResult()</c>): only then are outputs kept in the instance for scripts (<see cref="WorkflowState.ActivityOutputs"/>).
    /// </summary>
    public bool ScriptsReadActivityOutputs => readsOutputs ??= WorkflowJson.Serialize(root) is var json
        && (OutputAccessorPattern().IsMatch(json) || json.Contains("getLastResult", StringComparison.Ordinal));

    private bool? readsOutputs;
    private readonly ActivityNode root;

    [System.Text.RegularExpressions.GeneratedRegex(@"\bget[A-Za-z0-9_$]*From")]
    internal static partial System.Text.RegularExpressions.Regex OutputAccessorPattern();

    /// <summary>The embedded activities of a composite by slot: "then", "else", "default", "case:{n}", or "{n}" for a sequence's n-th step.</summary>
    public IReadOnlyDictionary<string, string> SlotsOf(string id) =>
        slots.TryGetValue(id, out var s) ? s : new Dictionary<string, string>();

    /// <summary>The activities embedded directly in <paramref name="node"/> with their slot names (no ids needed; used by validation too).</summary>
    public static IEnumerable<(string Slot, ActivityNode Child)> Embedded(ActivityNode node)
    {
        if (node.Type == FlowchartType)
        {
            // A nested flowchart: its activities by id; the start activity also under "start".
            if (StartOf(node) is { } start)
            {
                yield return (StartSlot, start);
            }
            foreach (var child in node.Activities ?? [])
            {
                yield return ($"a:{child.Id}", child);
            }
            yield break;
        }
        if (node.Type == SequenceType)
        {
            var i = 0;
            foreach (var child in node.Activities ?? [])
            {
                yield return ((i++).ToString(System.Globalization.CultureInfo.InvariantCulture), child);
            }
            yield break;
        }
        string[] named = node.Type switch
        {
            IfType => ["then", "else"], Activities.BuiltIn.FlowNode.TypeName => ["body"], SwitchType => ["default"], SendEmailType => ["error"], SendHttpRequestType => Activities.Http.SendHttpRequest.Slots, _ => [],
        };
        foreach (var slot in named)
        {
            if (node.Properties?.TryGetValue(slot, out var el) == true && el.ValueKind == JsonValueKind.Object && el.TryGetProperty("type", out _))
            {
                yield return (slot, el.Deserialize<ActivityNode>(WorkflowJson.Options)!);
            }
        }
        if (node.Type == SwitchType && node.Properties?.TryGetValue("cases", out var cases) == true && cases.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var c in cases.EnumerateArray())
            {
                if (c.ValueKind == JsonValueKind.Object && c.TryGetProperty("activity", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("type", out _))
                {
                    yield return ($"case:{i}", a.Deserialize<ActivityNode>(WorkflowJson.Options)!);
                }
                i++;
            }
        }
        if (node.Type == SendHttpRequestType && node.Properties?.TryGetValue(Activities.Http.SendHttpRequest.CasesProperty, out var codes) == true
            && codes.ValueKind == JsonValueKind.Array)
        {
            // Elsa.SendHttpRequest: an activity per expected status code.
            var i = 0;
            foreach (var c in codes.EnumerateArray())
            {
                if (c.ValueKind == JsonValueKind.Object && c.TryGetProperty("activity", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("type", out _))
                {
                    yield return ($"status:{i}", a.Deserialize<ActivityNode>(WorkflowJson.Options)!);
                }
                i++;
            }
        }
    }

    private void Add(ActivityNode node, ActivityNode? parent)
    {
        byId.TryAdd(node.Id, (node, parent));
        var s = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (slot, child) in Embedded(node))
        {
            if (string.IsNullOrEmpty(child.Id))
            {
                continue;
            }
            s[slot] = child.Id;
            if (slot != StartSlot)
            {
                Add(child, node);
            }
        }
        if (s.Count > 0)
        {
            slots[node.Id] = s;
        }
    }
}
