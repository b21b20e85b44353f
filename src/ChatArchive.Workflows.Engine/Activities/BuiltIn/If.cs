using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.If</c>: evaluates a Boolean condition, puts it in <c>Result</c> and runs the activity in its <c>Then</c> or
/// <c>Else</c> slot (when there is one); then completes with "Done". In a flowchart, FlowDecision's True/False ports are the
/// usual way to branch; If's slots hold one embedded activity each.
/// </summary>
[EmbeddedPorts("Then", "Else")]
[Activity("Elsa", "If", Category = "Branching", DisplayName = "Als", Description = "Berekent een voorwaarde (ja/nee) en voert de activiteit bij 'Then' of 'Else' uit.")]
public sealed class If : Activity
{
    public const string TypeName = "Elsa.If";

    [Input(DisplayName = "Voorwaarde", Description = "De voorwaarde, bijv. de JavaScript-expressie getVariable('Akkoord') == true.", UIHint = UiHints.SingleLine)]
    public bool Condition { get; set; }

    [Output(DisplayName = "Resultaat", Description = "De uitkomst van de voorwaarde.")]
    public bool Result { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Result = Condition;
        var slot = Condition ? "then" : "else";
        return ValueTask.FromResult(context.EmbeddedChildren.TryGetValue(slot, out var child)
            ? ActivityResult.ScheduleChildren([child])
            : ActivityResult.Complete());
    }
}
