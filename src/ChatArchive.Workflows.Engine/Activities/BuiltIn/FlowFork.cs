using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Elsa's <c>Elsa.FlowFork</c>: continues on every one of its branches at once (one port per branch name).</summary>
[Activity("Elsa", "FlowFork", Category = "Branching", DisplayName = "Splitsen",
    Description = "Splitst de uitvoering in meerdere takken die naast elkaar lopen.")]
public sealed class FlowFork : Activity
{
    [Input(DisplayName = "Takken", Description = "De namen van de takken; elke tak wordt een uitgang.", UIHint = UiHints.DynamicOutcomes)]
    public string[]? Branches { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.CompleteWithOutcomes(Branches is { Length: > 0 } b ? b : [DoneOutcome]));
}
