using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Per instance, what the flowchart has seen (Elsa 3.8's counter-based flowchart, its default): how often each activity
/// completed (or was skipped), how often each connection was visited and whether its last visit was followed. An
/// activity with several inbound connections is scheduled by these counts, so Start→A, Start→B, A→C, B→C runs C once.
/// Stored in the instance state; one step at a time changes it (the instance row is locked).
/// </summary>
public sealed class FlowScope
{
    /// <summary>The activity the instance started at (the graph's root).</summary>
    public string? Root { get; set; }

    public Dictionary<string, long> ActivityVisits { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> ConnectionVisits { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, bool> ConnectionLastFollowed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Execute work items the flowchart scheduled that have not started yet, per activity (Elsa: "already scheduled").</summary>
    public Dictionary<string, int> Scheduled { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Activity executions (by activity instance id) that run because of a loop (backward connection) and wait on a bookmark.</summary>
    public HashSet<string> BackwardExecutions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Elsa's flowchart execution mode for this instance, fixed when its flowchart first continues: the counter-based one (Elsa's
    /// default, and ours) or the token-based one, where an activity's <c>mergeMode</c> decides when it runs.
    /// </summary>
    public FlowchartExecutionMode? Mode { get; set; }

    /// <summary>Token-based mode: one token per followed connection, until its target consumes it (or a Race/Cascade blocks it).</summary>
    public List<FlowToken> Tokens { get; set; } = [];

    /// <summary>Token-based mode: a token not consumed and not blocked waits for one of <paramref name="activityIds"/> (Elsa: the flowchart is not done).</summary>
    public bool HasUnconsumedTokens(IEnumerable<string> activityIds)
    {
        if (Tokens.Count == 0)
        {
            return false;
        }
        var ids = activityIds.ToHashSet(StringComparer.Ordinal);
        return Tokens.Any(t => t is { Consumed: false, Blocked: false } && ids.Contains(t.To));
    }

    private long Visits(string activityId) => ActivityVisits.GetValueOrDefault(activityId);
    private long Visits(Connection c) => ConnectionVisits.GetValueOrDefault(FlowGraph.Key(c));
    private bool LastFollowed(Connection c) => ConnectionLastFollowed.GetValueOrDefault(FlowGraph.Key(c));

    public void VisitActivity(string activityId) => ActivityVisits[activityId] = Visits(activityId) + 1;

    public void VisitConnection(Connection c, bool followed)
    {
        var key = FlowGraph.Key(c);
        ConnectionVisits[key] = ConnectionVisits.GetValueOrDefault(key) + 1;
        ConnectionLastFollowed[key] = followed;
    }

    public bool AllInboundVisited(FlowGraph g, string activityId)
    {
        var inbound = g.ForwardInbound(activityId);
        return inbound.Count > 0 && inbound.Min(Visits) > Visits(activityId);
    }

    public bool AnyInboundFollowed(FlowGraph g, string activityId)
    {
        var inbound = g.ForwardInbound(activityId);
        if (inbound.Count == 0)
        {
            return false;
        }
        var max = inbound.Max(Visits);
        return max > Visits(activityId) && inbound.Any(c => Visits(c) == max && LastFollowed(c));
    }

    public bool AllInboundFollowed(FlowGraph g, string activityId)
    {
        var inbound = g.ForwardInbound(activityId);
        if (inbound.Count == 0)
        {
            return false;
        }
        var max = inbound.Max(Visits);
        return max > Visits(activityId) && inbound.All(c => Visits(c) == max && LastFollowed(c));
    }

    /// <summary>WaitAny: a connection visited no more often than its target ran is one the target already answered.</summary>
    public bool ShouldIgnore(Connection c, string activityId) => Visits(c) <= Visits(activityId);
}

/// <summary>Elsa's join modes (FlowJoin's <c>Mode</c>; an activity with several inbound connections and no FlowJoin is WaitAllActive).</summary>
public enum FlowJoinMode
{
    WaitAll,
    WaitAllActive,
    WaitAny,
}

/// <summary>Elsa's two flowchart execution modes (its <c>Flowchart:ExecutionMode</c> run property, its <c>FlowchartOptions.DefaultExecutionMode</c>).</summary>
public enum FlowchartExecutionMode
{
    /// <summary>Elsa's default: joins by visit counts (<see cref="FlowJoinMode"/>); an activity's <c>mergeMode</c> is not read.</summary>
    CounterBased,

    /// <summary>Tokens on connections; an activity's <c>mergeMode</c> (Stream, Merge, Converge, Cascade, Race) decides when it runs.</summary>
    TokenBased,
}

/// <summary>Elsa's merge modes: the <c>mergeMode</c> custom property of an activity in a token-based flowchart (None and absent = Stream).</summary>
public enum MergeMode
{
    None,
    Stream,
    Merge,
    Converge,
    Cascade,
    Race,
}

/// <summary>A token of the token-based flowchart: a followed connection (from, outcome, to), consumed when its target completes.</summary>
public sealed class FlowToken
{
    public string From { get; set; } = "";
    public string? Outcome { get; set; }
    public string To { get; set; } = "";
    public bool Consumed { get; set; }
    public bool Blocked { get; set; }

    public bool Matches(Connection c) => From == c.Source.Activity && To == c.Target.Activity && Outcome == (c.Source.Port ?? Activities.Activity.DoneOutcome);
}
