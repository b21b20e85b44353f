using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Delay</c>: waits for a time span, e.g. the read-out frequency (CIO Rijk-rapportage 2024: monthly, 6-weekly,
/// every 2 months). Elsa's input is <c>timeSpan</c> ("00:00:05", "42.00:00:00"); an ISO 8601 duration (P6W, P1M) is accepted
/// too, so calendar months stay months. <c>duration</c> is this server's older name for the same input, still read for
/// definitions saved before; with neither the wait is Elsa's default of one minute.
/// </summary>
[Activity("Elsa", "Delay", Category = "Scheduling", DisplayName = "Wachten", Description = "Wacht een opgegeven tijd en gaat dan verder.")]
public sealed class Delay : Activity
{
    public static readonly TimeSpan DefaultTimeSpan = System.TimeSpan.FromMinutes(1);

    [Input(DisplayName = "Duur", Description = "Hoe lang te wachten: 00:00:05 (vijf seconden), 42.00:00:00 (42 dagen), of ISO 8601: P6W (zes weken), P1M (een maand). Standaard één minuut.",
        TypeName = "TimeSpan")]
    public string? TimeSpan { get; set; }

    [Input(DisplayName = "Duur (oude naam)", Description = "Oudere naam van 'Duur'; gebruik 'Duur'.", IsBrowsable = false)]
    public string? Duration { get; set; }

    /// <summary>Elsa's blocking strategy (Blocking, NonBlocking, Auto): how Elsa's own process waits. Read and ignored here: every delay is a durable timer.</summary>
    [Input(DisplayName = "Strategie", Description = "Elsa-instelling; deze server wacht altijd duurzaam (de workflow wordt bewaard en op tijd hervat).",
        Options = ["Auto", "Blocking", "NonBlocking"], IsBrowsable = false)]
    public string? Strategy { get; set; }

    /// <summary>Elsa's threshold for the Auto strategy; read and ignored for the same reason.</summary>
    [Input(DisplayName = "Drempel", Description = "Elsa-instelling; wordt hier niet gebruikt.", TypeName = "TimeSpan", IsBrowsable = false)]
    public string? AutoBlockingThreshold { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = !string.IsNullOrWhiteSpace(TimeSpan) ? TimeSpan : Duration;
        var due = string.IsNullOrWhiteSpace(text) ? context.Now + DefaultTimeSpan : IsoDuration.Parse(text, "Duur").AddTo(context.Now);
        return ValueTask.FromResult(due <= context.Now ? ActivityResult.Complete() : ActivityResult.Wait(BookmarkRequest.Timer(due)));
    }
}
