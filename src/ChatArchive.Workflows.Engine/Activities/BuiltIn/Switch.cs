using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Switch</c>: evaluates each case's condition and runs the activity embedded in the matching case (MatchFirst:
/// the first; MatchAny: every match), or the <c>Default</c> activity when none matches; completes with "Done" once the
/// activities it started have completed (at once when it started none). For branching by port in a flowchart, see FlowSwitch.
/// </summary>
[EmbeddedPorts("Default")]
[Activity("Elsa", "Switch", Category = "Branching", DisplayName = "Switch",
    Description = "Berekent de voorwaarde van elk geval en voert de activiteit van het geval dat klopt uit, anders die bij 'Default'.")]
public sealed class Switch : Activity
{
    [Input(DisplayName = "Gevallen", Description = "Elk geval heeft een naam, een voorwaarde en een activiteit.", UIHint = UiHints.SwitchEditor,
        IsWrapped = false, TypeName = "Object")]
    public string? Cases { get; set; }

    [Input(DisplayName = "Modus", Description = "Alleen het eerste geval dat klopt, of elk geval dat klopt.", DefaultValue = nameof(SwitchMode.MatchFirst))]
    public SwitchMode Mode { get; set; } = SwitchMode.MatchFirst;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var label = context.ActivityName ?? context.ActivityId;
        var cases = SwitchCases.Parse(Cases, label);
        var matching = SwitchCases.Matching(cases, context, label);
        var chosen = Mode == SwitchMode.MatchFirst ? matching.Take(1) : matching;
        var children = new List<string>();
        foreach (var c in chosen)
        {
            var index = cases.ToList().IndexOf(c);
            if (context.EmbeddedChildren.TryGetValue($"case:{index}", out var child) && !children.Contains(child))
            {
                children.Add(child);
            }
        }
        if (matching.Count == 0 && context.EmbeddedChildren.TryGetValue("default", out var fallback))
        {
            children.Add(fallback);
        }
        return ValueTask.FromResult(children.Count > 0 ? ActivityResult.ScheduleChildren(children) : ActivityResult.Complete());
    }
}
