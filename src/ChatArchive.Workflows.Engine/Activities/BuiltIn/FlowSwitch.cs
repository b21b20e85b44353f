using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.FlowSwitch</c> ("Switch (flow)"): evaluates each case's condition and continues on the port named after the
/// matching case's label (MatchFirst: the first; MatchAny: every match), or on "Default" when none matches.
/// </summary>
[Activity("Elsa", "FlowSwitch", Category = "Branching", DisplayName = "Switch (flow)",
    Description = "Berekent de voorwaarde van elk geval en gaat verder via de uitgang van het geval dat klopt, anders via 'Default'.")]
[Outcomes(DefaultOutcome)]
public sealed class FlowSwitch : Activity
{
    public const string TypeName = "Elsa.FlowSwitch";
    public const string DefaultOutcome = "Default";

    [Input(DisplayName = "Gevallen", Description = "Elk geval heeft een naam (de uitgang) en een voorwaarde.", UIHint = UiHints.FlowSwitchEditor,
        IsWrapped = false, TypeName = "Object")]
    public string? Cases { get; set; }

    [Input(DisplayName = "Modus", Description = "Alleen het eerste geval dat klopt, of elk geval dat klopt.", DefaultValue = nameof(SwitchMode.MatchFirst))]
    public SwitchMode Mode { get; set; } = SwitchMode.MatchFirst;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var label = context.ActivityName ?? context.ActivityId;
        var matching = SwitchCases.Matching(SwitchCases.Parse(Cases, label), context, label);
        IReadOnlyList<string> outcomes = matching.Count == 0 ? [DefaultOutcome]
            : Mode == SwitchMode.MatchFirst ? [matching[0].Label]
            : matching.Select(c => c.Label).Distinct(StringComparer.Ordinal).ToList();
        return ValueTask.FromResult(ActivityResult.CompleteWithOutcomes(outcomes));
    }
}
