using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Sequence</c> as an activity inside a flowchart: runs its activities one after the other (each may wait on a
/// bookmark) and completes with "Done" after the last; an Elsa.Complete inside it completes the sequence at once.
/// </summary>
[Activity("Elsa", "Sequence", Category = "Composition", DisplayName = "Reeks", Description = "Voert een reeks activiteiten na elkaar uit.")]
[Outcomes(DoneOutcome)]
public sealed class Sequence : Activity
{
    public const string TypeName = "Elsa.Sequence";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.EmbeddedChildren.TryGetValue("0", out var first) ? ActivityResult.ScheduleChildren([first]) : ActivityResult.Complete());
}
