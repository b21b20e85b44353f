using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.FlowNode</c> ("Container"): runs the one activity in its <c>Body</c> slot (often a nested flowchart) and completes
/// with "Done" when that activity has completed; without a body it completes at once.
/// </summary>
[EmbeddedPorts("Body")]
[Activity("Elsa", "FlowNode", Category = "Flow", DisplayName = "Container", Description = "Voert de activiteit in 'Body' uit en gaat verder als die klaar is.")]
public sealed class FlowNode : Activity
{
    public const string TypeName = "Elsa.FlowNode";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.EmbeddedChildren.TryGetValue("body", out var body)
            ? ActivityResult.ScheduleChildren([body])
            : ActivityResult.Complete());
}
