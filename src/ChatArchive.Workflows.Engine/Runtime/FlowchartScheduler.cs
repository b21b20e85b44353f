using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Decides what runs next when an activity of a flowchart completes, as Elsa 3.8's (counter-based, default) flowchart does:
/// every outbound connection is visited (followed when its port is among the outcomes); a loop's backward connection
/// schedules its target at once; any other target is scheduled by its join mode once its inbound connections allow it
/// (WaitAllActive for an ordinary activity: all inbound visited, at least one followed; WaitAll: all followed; WaitAny: the
/// first followed, the other inbound branches still running are cancelled); a target none of whose inbound connections was
/// followed is skipped, and its own outbound connections are visited as not followed.
/// </summary>
public static class FlowchartScheduler
{
    public sealed class Plan
    {
        /// <summary>Activities to run, and whether each runs because of a backward connection (a loop).</summary>
        public List<(string ActivityId, bool Backward)> Schedule { get; } = [];

        /// <summary>Running (waiting) activities whose branch is cancelled (WaitAny, FlowJoin).</summary>
        public List<string> Cancel { get; } = [];

        /// <summary>Dutch reason when the flowchart cannot continue from the activity (Elsa faults it too).</summary>
        public string? Error { get; set; }
    }

    /// <param name="running">Activity ids that currently wait on a bookmark.</param>
    /// <param name="cancelInboundBranches">The completed activity cancels its still-running inbound branches (FlowJoin).</param>
    public static Plan Continue(FlowGraph graph, FlowScope scope, string completed, IReadOnlyCollection<string> outcomes, bool backward,
        Func<string, FlowJoinMode> modeOf, ISet<string> running, bool cancelInboundBranches = false)
    {
        var plan = new Plan();
        if (cancelInboundBranches)
        {
            CancelInbound(graph, scope, completed, modeOf, running, plan);
        }
        Outbound(graph, scope, completed, outcomes, backward, modeOf, running, plan);
        return plan;
    }

    /// <summary>
    /// Elsa's token-based flowchart: the completed activity consumes the tokens waiting for it and puts a token on every connection
    /// it follows; each target then runs by its merge mode — Stream (the default): when none of its forward inbound sources still
    /// has a token waiting; Merge: when every forward inbound connection holds a token (loops ignored); Converge: when every inbound
    /// connection does, loops included; Cascade: on every arriving token, the tokens still to come on the other inbound connections
    /// are blocked; Race: as Cascade, after cancelling the target's still-running inbound ancestors. A target with at most one
    /// (forward) inbound connection runs on arrival in every mode. Nothing is skipped: an untaken path leaves no token.
    /// </summary>
    public static Plan ContinueTokens(FlowGraph graph, FlowScope scope, string completed, IReadOnlyCollection<string> outcomes,
        Func<string, MergeMode> mergeModeOf, ISet<string> running, bool cancelInboundBranches = false)
    {
        var plan = new Plan();
        var tokens = scope.Tokens;
        if (cancelInboundBranches)
        {
            CancelTokenAncestors(graph, scope, completed, running, plan);
        }
        var active = graph.Outbound(completed).Where(c => outcomes.Contains(c.Source.Port ?? Activities.Activity.DoneOutcome)).ToList();
        foreach (var c in active)
        {
            tokens.Add(new FlowToken { From = completed, Outcome = c.Source.Port ?? Activities.Activity.DoneOutcome, To = c.Target.Activity });
        }
        foreach (var t in tokens.Where(t => t.To == completed && t is { Consumed: false, Blocked: false }))
        {
            t.Consumed = true;
        }
        foreach (var c in active)
        {
            var target = c.Target.Activity;
            switch (mergeModeOf(target))
            {
                case MergeMode.Cascade:
                case MergeMode.Race:
                    if (mergeModeOf(target) == MergeMode.Race)
                    {
                        CancelTokenAncestors(graph, scope, target, running, plan);
                    }
                    var block = tokens.FirstOrDefault(t => t.Blocked && t.Matches(c));
                    if (block is null)
                    {
                        plan.Schedule.Add((target, false));
                        foreach (var other in graph.ForwardInbound(target).Where(x => x.Source.Activity != completed))
                        {
                            tokens.Add(new FlowToken { From = other.Source.Activity, Outcome = other.Source.Port ?? Activities.Activity.DoneOutcome, To = target, Blocked = true });
                        }
                    }
                    else
                    {
                        block.Consumed = true;
                    }
                    break;
                case MergeMode.Merge:
                case MergeMode.Converge:
                    var inbound = mergeModeOf(target) == MergeMode.Merge ? graph.ForwardInbound(target) : graph.Inbound(target);
                    if (inbound.Count <= 1 || inbound.All(i => tokens.Any(t => t is { Consumed: false, Blocked: false } && t.Matches(i))))
                    {
                        plan.Schedule.Add((target, false));
                    }
                    break;
                default:
                    var waiting = graph.ForwardInbound(target)
                        .Any(i => tokens.Any(t => t is { Consumed: false, Blocked: false } && t.To == i.Source.Activity));
                    if (!waiting)
                    {
                        plan.Schedule.Add((target, false));
                    }
                    break;
            }
        }
        tokens.RemoveAll(t => t.To == completed && t.Consumed);
        return plan;
    }

    /// <summary>Token-based: cancels the running activities upstream of <paramref name="activity"/>; their tokens (from and to them) go.</summary>
    private static void CancelTokenAncestors(FlowGraph graph, FlowScope scope, string activity, ISet<string> running, Plan plan)
    {
        foreach (var ancestor in graph.Ancestors(activity).Where(running.Contains).ToList())
        {
            running.Remove(ancestor);
            plan.Cancel.Add(ancestor);
            scope.Tokens.RemoveAll(t => t.From == ancestor || t.To == ancestor);
        }
    }

    private static void Outbound(FlowGraph graph, FlowScope scope, string activity, IReadOnlyCollection<string> outcomes, bool backward,
        Func<string, FlowJoinMode> modeOf, ISet<string> running, Plan plan)
    {
        if (graph.IsDangling(activity))
        {
            plan.Error ??= $"Activiteit '{activity}' is niet bereikbaar vanaf het beginpunt '{graph.Root}' van het stroomschema; de workflow kan daar niet verder.";
            return;
        }
        if (!backward)
        {
            scope.VisitActivity(activity);
        }
        foreach (var c in graph.Outbound(activity))
        {
            var followed = outcomes.Contains(c.Source.Port ?? Activities.Activity.DoneOutcome);
            scope.VisitConnection(c, followed);
            var target = c.Target.Activity;
            if (graph.IsBackward(c, out var valid))
            {
                if (!followed)
                {
                    continue;
                }
                if (!valid)
                {
                    plan.Error ??= $"De terugkoppeling van '{c.Source.Activity}' naar '{target}' is ongeldig: elk pad van '{c.Source.Activity}' terug naar het begin moet langs '{target}' gaan.";
                    continue;
                }
                Schedule(scope, plan, target, backward: true);
                continue;
            }
            switch (modeOf(target))
            {
                case FlowJoinMode.WaitAll:
                    if (scope.AllInboundVisited(graph, target))
                    {
                        if (scope.AllInboundFollowed(graph, target)) Schedule(scope, plan, target, false);
                        else Outbound(graph, scope, target, [], false, modeOf, running, plan);
                    }
                    break;
                case FlowJoinMode.WaitAllActive:
                    if (scope.AllInboundVisited(graph, target))
                    {
                        if (scope.AnyInboundFollowed(graph, target)) Schedule(scope, plan, target, false);
                        else Outbound(graph, scope, target, [], false, modeOf, running, plan);
                    }
                    break;
                case FlowJoinMode.WaitAny:
                    if (scope.ShouldIgnore(c, target) || scope.Scheduled.GetValueOrDefault(target) > 0)
                    {
                        break;
                    }
                    if (scope.AnyInboundFollowed(graph, target))
                    {
                        Schedule(scope, plan, target, false);
                        CancelInbound(graph, scope, target, modeOf, running, plan);
                    }
                    else if (scope.AllInboundVisited(graph, target))
                    {
                        Outbound(graph, scope, target, [], false, modeOf, running, plan);
                    }
                    break;
            }
        }
    }

    private static void Schedule(FlowScope scope, Plan plan, string activity, bool backward)
    {
        scope.Scheduled[activity] = scope.Scheduled.GetValueOrDefault(activity) + 1;
        plan.Schedule.Add((activity, backward));
    }

    /// <summary>Cancels the running activities upstream of <paramref name="join"/>; a cancelled activity's connections are visited as not followed.</summary>
    private static void CancelInbound(FlowGraph graph, FlowScope scope, string join, Func<string, FlowJoinMode> modeOf, ISet<string> running, Plan plan)
    {
        foreach (var ancestor in graph.Ancestors(join).Where(running.Contains).ToList())
        {
            running.Remove(ancestor);
            plan.Cancel.Add(ancestor);
            Outbound(graph, scope, ancestor, [], false, modeOf, running, plan);
        }
    }
}
