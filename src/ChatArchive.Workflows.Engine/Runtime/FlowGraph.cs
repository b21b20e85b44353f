using System.Runtime.CompilerServices;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// The connections of one flowchart seen from its root (the activity the instance started at), as Elsa 3.8 sees them:
/// a breadth-first walk from the root keeps every connection that does not close a cycle ("forward" connections);
/// the rest are "backward" connections (loops). A backward connection is valid when every path from its source back to
/// the root passes its target. Activity ids only; built once per definition version and root.
/// </summary>
public sealed class FlowGraph
{
    private static readonly ConditionalWeakTable<ActivityNode, Dictionary<string, FlowGraph>> Cache = new();

    private readonly IReadOnlyList<Connection> connections;
    private readonly HashSet<Connection> forward;
    private readonly Dictionary<string, List<Connection>> outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> forwardInbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> inbound = new(StringComparer.Ordinal);
    private readonly Dictionary<Connection, bool> validBackward = new();
    private readonly Dictionary<string, HashSet<string>> ancestors = new(StringComparer.Ordinal);

    public string? Root { get; }

    private FlowGraph(IReadOnlyList<Connection> connections, string? root)
    {
        this.connections = connections;
        Root = root;
        forward = root is null ? [] : ForwardConnections(connections, root);
        foreach (var c in connections)
        {
            (outbound.TryGetValue(c.Source.Activity, out var o) ? o : outbound[c.Source.Activity] = []).Add(c);
            (inbound.TryGetValue(c.Target.Activity, out var all) ? all : inbound[c.Target.Activity] = []).Add(c);
            if (forward.Contains(c))
            {
                (forwardInbound.TryGetValue(c.Target.Activity, out var i) ? i : forwardInbound[c.Target.Activity] = []).Add(c);
            }
        }
        foreach (var c in connections.Where(c => !forward.Contains(c)))
        {
            validBackward[c] = root is not null && PathsToRoot(c.Source.Activity).All(path => path.Contains(c.Target.Activity));
        }
    }

    /// <summary>The graph of <paramref name="flowchart"/> from <paramref name="root"/>, cached for the lifetime of the (immutable, cached) node.</summary>
    public static FlowGraph For(ActivityNode flowchart, string? root)
    {
        var byRoot = Cache.GetValue(flowchart, _ => new Dictionary<string, FlowGraph>(StringComparer.Ordinal));
        lock (byRoot)
        {
            var key = root ?? "";
            if (!byRoot.TryGetValue(key, out var g))
            {
                byRoot[key] = g = new FlowGraph(flowchart.Connections ?? [], root);
            }
            return g;
        }
    }

    public IReadOnlyList<Connection> Outbound(string activityId) => outbound.TryGetValue(activityId, out var o) ? o : [];

    /// <summary>Every connection into the activity, backward ones (loops) included.</summary>
    public IReadOnlyList<Connection> Inbound(string activityId) => inbound.TryGetValue(activityId, out var i) ? i : [];

    public IReadOnlyList<Connection> ForwardInbound(string activityId) => forwardInbound.TryGetValue(activityId, out var i) ? i : [];

    public bool IsBackward(Connection c, out bool isValid)
    {
        if (forward.Contains(c))
        {
            isValid = false;
            return false;
        }
        isValid = validBackward.GetValueOrDefault(c);
        return true;
    }

    /// <summary>Not the root and no forward connection reaches it (Elsa refuses to continue from such an activity).</summary>
    public bool IsDangling(string activityId) => activityId != Root && !forwardInbound.ContainsKey(activityId);

    /// <summary>Every activity from which a forward path leads to <paramref name="activityId"/>.</summary>
    public IReadOnlySet<string> Ancestors(string activityId)
    {
        lock (ancestors)
        {
            if (ancestors.TryGetValue(activityId, out var found))
            {
                return found;
            }
            var result = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>([activityId]);
            while (queue.Count > 0)
            {
                foreach (var c in ForwardInbound(queue.Dequeue()))
                {
                    if (result.Add(c.Source.Activity))
                    {
                        queue.Enqueue(c.Source.Activity);
                    }
                }
            }
            ancestors[activityId] = result;
            return result;
        }
    }

    /// <summary>Connection identity as Elsa writes it: source:port->target:port.</summary>
    public static string Key(Connection c) => $"{c.Source.Activity}:{c.Source.Port}->{c.Target.Activity}:{c.Target.Port ?? "In"}";

    private static HashSet<Connection> ForwardConnections(IReadOnlyList<Connection> connections, string root)
    {
        var targetsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var c in connections)
        {
            (targetsOf.TryGetValue(c.Source.Activity, out var l) ? l : targetsOf[c.Source.Activity] = []).Add(c.Target.Activity);
        }
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var visitedEdges = new HashSet<(string, string)>();
        var valid = new List<(string Source, string Target)>();
        var queue = new Queue<string>([root]);
        while (queue.Count > 0)
        {
            var source = queue.Dequeue();
            visited.Add(source);
            if (!targetsOf.TryGetValue(source, out var targets))
            {
                continue;
            }
            foreach (var target in targets)
            {
                if (visitedEdges.Contains((source, target)) || HasPath(valid, target, source))
                {
                    continue;
                }
                visitedEdges.Add((source, target));
                valid.Add((source, target));
                if (!visited.Contains(target))
                {
                    queue.Enqueue(target);
                }
            }
        }
        var edges = valid.ToHashSet();
        return connections.Where(c => edges.Contains((c.Source.Activity, c.Target.Activity))).ToHashSet();
    }

    private static bool HasPath(List<(string Source, string Target)> edges, string from, string to)
    {
        if (from == to)
        {
            return true;
        }
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([from]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current == to)
            {
                return true;
            }
            if (!visited.Add(current))
            {
                continue;
            }
            foreach (var (s, t) in edges)
            {
                if (s == current && !visited.Contains(t))
                {
                    stack.Push(t);
                }
            }
        }
        return false;
    }

    private List<List<string>> PathsToRoot(string start)
    {
        var paths = new List<List<string>>();
        var queue = new Queue<List<string>>([[start]]);
        while (queue.Count > 0 && paths.Count < 10_000)
        {
            var path = queue.Dequeue();
            var last = path[^1];
            if (last == Root)
            {
                paths.Add(path);
                continue;
            }
            foreach (var c in forward.Where(c => c.Target.Activity == last))
            {
                if (!path.Contains(c.Source.Activity))
                {
                    queue.Enqueue([.. path, c.Source.Activity]);
                }
            }
        }
        return paths;
    }
}
