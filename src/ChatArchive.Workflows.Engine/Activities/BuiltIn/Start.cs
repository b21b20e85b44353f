using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Where an instance begins when it is started without a trigger.</summary>
[Activity("Elsa", "Start", Category = "Flow", DisplayName = "Start", Description = "Beginpunt van de workflow.", IsStart = true)]
public sealed class Start : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete());
}
