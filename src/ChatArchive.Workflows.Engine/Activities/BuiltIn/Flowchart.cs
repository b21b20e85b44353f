using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Flowchart</c>. The root flowchart is interpreted by the runtime itself; a flowchart nested in another one
/// starts at its start activity (the Start activity, else the first activity nothing connects to), follows its own
/// connections, and completes with "Done" when nothing inside it is left to run or wait for — or at once when an
/// Elsa.End or Elsa.Complete inside it completes; the outer flowchart then continues.
/// Browsable (Studio offers it in the toolbox, category Flow, to drop a nested flowchart and drill into it), with the one outgoing port
/// "Done" a nested flowchart completes with; the root flowchart is the canvas itself and shows no ports.
/// </summary>
[Activity("Elsa", "Flowchart", Category = "Flow", DisplayName = "Flowchart", Description = "Stroomschema: activiteiten verbonden via hun uitkomsten.",
    IsContainer = true)]
[Outcomes(DoneOutcome)]
public sealed class Flowchart : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.EmbeddedChildren.TryGetValue(Runtime.ActivityTree.StartSlot, out var start)
            ? ActivityResult.ScheduleChildren([start])
            : ActivityResult.Complete());
}
