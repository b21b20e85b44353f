using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.SetOutput</c>: assigns a value to one of the workflow's outputs. A workflow started by another
/// (DispatchWorkflow or ExecuteWorkflow waiting for completion) hands its outputs to the parent when it finishes.
/// </summary>
[Activity("Elsa", "SetOutput", Category = "Composition", DisplayName = "Uitvoer instellen", Description = "Geeft een uitvoer van de workflow een waarde.")]
public sealed class SetOutput : Activity
{
    [Input(DisplayName = "Output", Description = "De uitvoer die de waarde krijgt.", UIHint = UiHints.OutputPicker, Required = true)]
    public string? OutputName { get; set; }

    [Input(DisplayName = "Waarde", Description = "De waarde: vast, een variabele of een expressie.", TypeName = "Object")]
    public string? OutputValue { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Output[OutputName!.Trim()] = OutputValue;
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
