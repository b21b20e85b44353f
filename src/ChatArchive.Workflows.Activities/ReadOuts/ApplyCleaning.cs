using System.Globalization;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 7 per the department's cleaning mode (stored with the read-out from the definition):
/// <c>Verwijderen</c> purges text and attachments of removed messages and keeps a deletion record without content;
/// <c>Markeren</c> keeps them with a restriction mark; <c>Geen</c> keeps all. The raw export is kept or destroyed per
/// the "keep raw dataset" setting; the act is recorded by the service. A repeat returns the stored outcome.
/// </summary>
[Activity("ChatArchive", "ApplyCleaning", Category = "Uitlezen", DisplayName = "Schonen toepassen",
    Description = "Past de schoonmodus van het departement toe (Verwijderen, Markeren of Geen) en bewaart of vernietigt de ruwe export (Handreiking §2.2.2 stap 7).")]
[Outcomes("Geschoond")]
public sealed class ApplyCleaning(IReadOutService readOuts) : Activity
{
    public const string Cleaned = "Geschoond";

    [Output(DisplayName = "Schoonmodus")]
    public string? Mode { get; set; }

    [Output(DisplayName = "Verwijderd")]
    public string? Removed { get; set; }

    [Output(DisplayName = "Gemarkeerd")]
    public string? Marked { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        var result = await ReadOutSteps.CallAsync(() => readOuts.ApplyCleaningAsync(state.Id, state.Policy, ReadOutSteps.WorkflowActor, context.CancellationToken));
        return ActivityResult.Complete(Cleaned, new Dictionary<string, string?>
        {
            [nameof(Mode)] = DepartmentProcess.CleaningText(result.Mode),
            [nameof(Removed)] = result.Removed.ToString(CultureInfo.InvariantCulture),
            [nameof(Marked)] = result.Marked.ToString(CultureInfo.InvariantCulture),
        });
    }
}
