using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Elsa's <c>Elsa.Correlate</c>: sets the correlation id of the running instance.</summary>
[Activity("Elsa", "Correlate", Category = "Primitives", DisplayName = "Correlatie-id instellen", Description = "Geeft de lopende instantie een (nieuwe) correlatie-id.")]
public sealed class Correlate : Activity
{
    [Input(DisplayName = "Correlatie-id", Description = "De waarde die als correlatie-id wordt bewaard.")]
    public string? CorrelationId { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete() with { NewCorrelationId = CorrelationId ?? "" });
}
