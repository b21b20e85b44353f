using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Waits until a date and time; a moment already past continues at once.</summary>
[Activity("Elsa", "Timer", Category = "Tijd", DisplayName = "Tijdstip", Description = "Wacht tot een datum en tijd en gaat dan verder.")]
public sealed class Timer : Activity
{
    [Input(DisplayName = "Tijdstip", Description = "Datum en tijd met tijdzone, bijv. 2026-12-01T09:00:00+01:00.", UIHint = UiHints.DateTimePicker, Required = true)]
    public DateTimeOffset? At { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (At is null)
        {
            throw new ActivityInputException("Vul bij 'Tijdstip' een datum en tijd in, bijv. 2026-12-01T09:00:00+01:00.");
        }
        return ValueTask.FromResult(At.Value <= context.Now
            ? ActivityResult.Complete()
            : ActivityResult.Wait(BookmarkRequest.Timer(At.Value)));
    }
}
