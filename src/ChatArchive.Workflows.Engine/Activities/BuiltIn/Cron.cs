using System.Diagnostics.CodeAnalysis;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using Cronos;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Starts a new instance on a schedule (a trigger of the published version). Inside a running flow it
/// waits for the next moment of the schedule. Cron syntax as Elsa 3 reads it (Cronos): six fields with seconds,
/// or five without: "0 0 8 ? * MON" = every Monday 08:00 (Europe/Amsterdam). Days of the week count from 0 = Sunday.
/// </summary>
[Activity("Elsa", "Cron", Category = "Scheduling", DisplayName = "Schema (cron)", Description = "Start de workflow volgens een schema.", Kind = ActivityKind.Trigger)]
public sealed class Cron : Activity
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Input(DisplayName = "Cron-expressie", Description = "Cron met seconden, bijv. '0 0 8 ? * MON' (elke maandag 08:00).", DefaultValue = "0 0 8 ? * MON", Required = true)]
    public string CronExpression { get; set; } = "0 0 8 ? * MON";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.IsTrigger)
        {
            return ValueTask.FromResult(ActivityResult.Complete());
        }
        var next = NextAfter(Parse(CronExpression), context.Now)
            ?? throw new ActivityInputException($"Het schema '{CronExpression}' heeft geen volgend moment meer. Kies een schema dat nog een keer voorkomt.");
        return ValueTask.FromResult(ActivityResult.Wait(BookmarkRequest.Timer(next)));
    }

    public static Cronos.CronExpression Parse(string? text) => TryParse(text, out var expression)
        ? expression
        : throw new ActivityInputException(
            $"De cron-expressie '{text}' is niet geldig. Gebruik cron-notatie met seconden, bijv. '0 0 8 ? * MON' (elke maandag 08:00).");

    /// <summary>Six fields = with seconds (as Elsa and Hangfire read them), five = whole minutes.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Cronos.CronExpression? expression)
    {
        expression = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            return false;
        }
        return Cronos.CronExpression.TryParse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out expression);
    }

    /// <summary>The first moment of the schedule strictly after <paramref name="from"/>, in the Amsterdam zone.</summary>
    public static DateTimeOffset? NextAfter(Cronos.CronExpression expression, DateTimeOffset from) => expression.GetNextOccurrence(from, Zone);

    /// <summary>The last moment of the schedule at or before <paramref name="now"/> within <paramref name="lookBack"/>; null when none.</summary>
    public static DateTimeOffset? LastAtOrBefore(Cronos.CronExpression expression, DateTimeOffset now, TimeSpan lookBack) =>
        expression.GetOccurrences(now - lookBack, now, Zone, fromInclusive: true, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault();
}
