using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Elsa's <c>Elsa.SetName</c>: sets the name of the running instance (shown in Studio's instance list).</summary>
[Activity("Elsa", "SetName", Category = "Primitives", DisplayName = "Naam instellen", Description = "Geeft de lopende instantie een naam.")]
public sealed class SetName : Activity
{
    [Input(DisplayName = "Waarde", Description = "De nieuwe naam van de instantie (geen namen van personen).")]
    public string? Value { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete() with { NewInstanceName = Value ?? "" });
}
