using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Timer</c>: a repeating interval. In a published version it starts a new instance every
/// <see cref="Interval"/> (a trigger, like Cron); reached inside a running flow it waits one interval and continues.
/// Intervals shorter than the configured minimum (default one minute) are refused when the definition is saved.
/// A fixed moment is <c>Elsa.StartAt</c>.
/// </summary>
[Activity("Elsa", "Timer", Category = "Scheduling", DisplayName = "Interval", Description = "Start de workflow telkens na een vaste tijd; binnen een workflow: wacht één interval.",
    Kind = ActivityKind.Trigger)]
public sealed class Timer : Activity
{
    [Input(DisplayName = "Interval", Description = "De tijd tussen twee keer: 00:01:00 (een minuut), 1.00:00:00 (een dag), of ISO 8601: P1D, PT1H.",
        TypeName = "TimeSpan", DefaultValue = "00:01:00")]
    public string Interval { get; set; } = "00:01:00";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.IsTrigger)
        {
            return ValueTask.FromResult(ActivityResult.Complete());
        }
        var due = IsoDuration.Parse(Interval, "Interval").AddTo(context.Now);
        return ValueTask.FromResult(due <= context.Now ? ActivityResult.Complete() : ActivityResult.Wait(BookmarkRequest.Timer(due)));
    }

    /// <summary>The interval as a fixed time span (months counted as 30 days), for the repeating trigger; null when invalid.</summary>
    public static TimeSpan? IntervalOf(string? text)
    {
        if (!IsoDuration.TryParse(string.IsNullOrWhiteSpace(text) ? "00:01:00" : text, out var d))
        {
            return null;
        }
        return TimeSpan.FromDays(d.Years * 365 + d.Months * 30 + d.Days) + d.Time;
    }
}
