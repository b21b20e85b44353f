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
