using ChatArchive.Workflows.Engine.Activities.Attributes;
using Quartz;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Starts a new instance on a schedule (a trigger of the published version). Inside a running flow it
/// waits for the next moment of the schedule. Quartz cron syntax with seconds:
/// "0 0 8 ? * MON" = every Monday 08:00 (Europe/Amsterdam).
/// </summary>
[Activity("Elsa", "Cron", Category = "Scheduling", DisplayName = "Schema (cron)", Description = "Start de workflow volgens een schema.", Kind = ActivityKind.Trigger)]
public sealed class Cron : Activity
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Input(DisplayName = "Cron-expressie", Description = "Quartz-cron met seconden, bijv. '0 0 8 ? * MON' (elke maandag 08:00).", DefaultValue = "0 0 8 ? * MON", Required = true)]
    public string CronExpression { get; set; } = "0 0 8 ? * MON";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.IsTrigger)
        {
            return ValueTask.FromResult(ActivityResult.Complete());
        }
        var next = Parse(CronExpression).GetNextValidTimeAfter(context.Now)
            ?? throw new ActivityInputException($"Het schema '{CronExpression}' heeft geen volgend moment meer. Kies een schema dat nog een keer voorkomt.");
        return ValueTask.FromResult(ActivityResult.Wait(BookmarkRequest.Timer(next)));
    }

    public static CronExpression Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Quartz.CronExpression.TryParse(text.Trim(), out _))
        {
            throw new ActivityInputException(
                $"De cron-expressie '{text}' is niet geldig. Gebruik Quartz-notatie met seconden, bijv. '0 0 8 ? * MON' (elke maandag 08:00).");
        }
        return new CronExpression(text.Trim(), Zone);
    }
}
