using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Waits for a duration, e.g. the read-out frequency (seed 001: monthly, 6-weekly, every 2 months).</summary>
[Activity("Elsa", "Delay", Category = "Tijd", DisplayName = "Wachten", Description = "Wacht een opgegeven duur en gaat dan verder.")]
public sealed class Delay : Activity
{
    [Input(DisplayName = "Duur", Description = "ISO 8601-duur, bijv. P6W (zes weken), P1M (een maand), P2D (twee dagen), PT30S (dertig seconden).",
        DefaultValue = "P1D", Required = true)]
    public string Duration { get; set; } = "P1D";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var d = IsoDuration.Parse(Duration, "Duur");
        var due = d.AddTo(context.Now);
        return ValueTask.FromResult(due <= context.Now ? ActivityResult.Complete() : ActivityResult.Wait(BookmarkRequest.Timer(due)));
    }
}
