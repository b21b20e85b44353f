using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Every activity of a definition by id, with the composite it runs in: the root flowchart's activities (parent null) and the
/// activities embedded in composites — Elsa.Sequence's <c>activities</c>, Elsa.If's <c>then</c>/<c>else</c>, Elsa.Switch's
/// cases and <c>default</c> — at any depth. Built once per definition object.
/// </summary>
public sealed class ActivityTree
{
    public const string SequenceType = "Elsa.Sequence";
    public const string SwitchType = "Elsa.Switch";
    public const string IfType = "Elsa.If";

    private static readonly ConditionalWeakTable<WorkflowDefinition, ActivityTree> Cache = new();
    private readonly Dictionary<string, (ActivityNode Node, ActivityNode? Parent)> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> slots = new(StringComparer.Ordinal);

    private ActivityTree(WorkflowDefinition definition)
    {
        foreach (var a in definition.Root.Activities ?? [])
        {
            Add(a, null);
        }
    }

    public static ActivityTree For(WorkflowDefinition definition) => Cache.GetValue(definition, d => new ActivityTree(d));

    public ActivityNode? Find(string? id) => id is not null && byId.TryGetValue(id, out var v) ? v.Node : null;

    /// <summary>The composite the activity is embedded in; null for an activity of the root flowchart.</summary>
    public ActivityNode? ParentOf(string id) => byId.TryGetValue(id, out var v) ? v.Parent : null;

    /// <summary>The root flowchart's activity that (transitively) holds <paramref name="id"/>.</summary>
    public string RootAncestorOf(string id)
    {
        var current = id;
        while (ParentOf(current) is { } p)
        {
            current = p.Id;
        }
        return current;
    }

    /// <summary>The embedded activities of a composite by slot: "then", "else", "default", "case:{n}", or "{n}" for a sequence's n-th step.</summary>
    public IReadOnlyDictionary<string, string> SlotsOf(string id) =>
        slots.TryGetValue(id, out var s) ? s : new Dictionary<string, string>();

    /// <summary>The activities embedded directly in <paramref name="node"/> with their slot names (no ids needed; used by validation too).</summary>
    public static IEnumerable<(string Slot, ActivityNode Child)> Embedded(ActivityNode node)
    {
        if (node.Type == SequenceType)
        {
            var i = 0;
            foreach (var child in node.Activities ?? [])
            {
                yield return ((i++).ToString(System.Globalization.CultureInfo.InvariantCulture), child);
            }
            yield break;
        }
        string[] named = node.Type switch { IfType => ["then", "else"], SwitchType => ["default"], _ => [] };
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
            Add(child, node);
        }
        if (s.Count > 0)
        {
            slots[node.Id] = s;
        }
    }
}
