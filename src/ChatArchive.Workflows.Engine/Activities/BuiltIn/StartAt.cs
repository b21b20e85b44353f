using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Elsa's <c>Elsa.StartAt</c>: waits until a date and time; a moment already past continues at once.</summary>
[Activity("Elsa", "StartAt", Category = "Scheduling", DisplayName = "Tijdstip", Description = "Wacht tot een datum en tijd en gaat dan verder.",
    Kind = ActivityKind.Trigger)]
public sealed class StartAt : Activity
{
    [Input(DisplayName = "Tijdstip", Description = "Datum en tijd met tijdzone, bijv. 2026-12-01T09:00:00+01:00.", UIHint = UiHints.DateTimePicker, Required = true)]
    public DateTimeOffset? DateTime { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.IsTrigger)
        {
            return ValueTask.FromResult(ActivityResult.Complete());
        }
        if (DateTime is null)
        {
            throw new ActivityInputException("Vul bij 'Tijdstip' een datum en tijd in, bijv. 2026-12-01T09:00:00+01:00.");
        }
        return ValueTask.FromResult(DateTime.Value <= context.Now
            ? ActivityResult.Complete()
            : ActivityResult.Wait(BookmarkRequest.Timer(DateTime.Value)));
    }
}
