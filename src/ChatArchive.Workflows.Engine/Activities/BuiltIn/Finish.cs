using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Finish</c>: marks the workflow as finished at once. Everything still scheduled or waiting (other branches,
/// timers, open tasks) is dropped, as Elsa clears its scheduler and bookmarks.
/// </summary>
[Activity("Elsa", "Finish", Category = "Primitives", DisplayName = "Voltooien", Description = "Markeert de workflow als voltooid; andere takken die nog lopen of wachten vervallen.",
    IsTerminal = true)]
[Outcomes]
public sealed class Finish : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.FinishWorkflow());
}
