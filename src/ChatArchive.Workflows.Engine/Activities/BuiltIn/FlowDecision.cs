using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Elsa's <c>Elsa.FlowDecision</c>: evaluates a Boolean condition (often JavaScript) and continues on "True" or "False".</summary>
[Activity("Elsa", "FlowDecision", Category = "Branching", DisplayName = "Beslissing",
    Description = "Berekent een voorwaarde (ja/nee) en gaat verder via 'True' of 'False'.")]
[Outcomes(TrueOutcome, FalseOutcome)]
public sealed class FlowDecision : Activity
{
    public const string TrueOutcome = "True";
    public const string FalseOutcome = "False";

    [Input(DisplayName = "Voorwaarde", Description = "De voorwaarde, bijv. de JavaScript-expressie getVariable('Akkoord') == true.",
        UIHint = UiHints.SingleLine)]
    public bool Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(Condition ? TrueOutcome : FalseOutcome));
}
