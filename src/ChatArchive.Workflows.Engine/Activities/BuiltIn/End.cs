using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Finishes the instance; open bookmarks (other branches still waiting) are removed.</summary>
[Activity("Elsa", "End", Category = "Flow", DisplayName = "Einde", Description = "Beëindigt de workflow.", IsTerminal = true)]
[Outcomes]
public sealed class End : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.FinishWorkflow());
}
