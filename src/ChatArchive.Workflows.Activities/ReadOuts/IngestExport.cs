using System.Globalization;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 3: reads the uploaded exports in (ingestion; merged with earlier read-outs). Outcomes:
/// <c>Ingelezen</c>, <c>Bevindingen</c> (missing messages since the last read-out, disappearing messages on, deletion
/// tombstones, a gap between read-outs) and <c>Mislukt</c> with the Dutch error. Never ingests an upload twice.
/// </summary>
[Activity("ChatArchive", "IngestExport", Category = "Uitlezen", DisplayName = "Export inlezen",
    Description = "Leest de geüploade export(s) in en voegt ze samen met eerdere uitlezingen; meldt bevindingen zoals verdwenen berichten.")]
[Outcomes("Ingelezen", "Bevindingen", "Mislukt")]
public sealed class IngestExport(IReadOutService readOuts) : Activity
{
    public const string Ingested = "Ingelezen";
    public const string Findings = "Bevindingen";
    public const string Failed = "Mislukt";

    [Output(DisplayName = "Berichten")]
    public string? Messages { get; set; }

    [Output(DisplayName = "Nieuw")]
    public string? New { get; set; }

    [Output(DisplayName = "Bevindingen")]
    public string? FindingCount { get; set; }

    [Output(DisplayName = "Fout", Description = "Waarom het inlezen mislukte.")]
    public string? Error { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        IngestResult result;
        try
        {
            result = await readOuts.IngestAsync(state.Id, context.CancellationToken);
        }
        catch (ReadOutException ex) when (ex.Problem == ReadOutProblem.Invalid)
        {
            return ActivityResult.Complete(Failed, new Dictionary<string, string?> { [nameof(Error)] = ex.Message });
        }
        catch (ReadOutException ex)
        {
            throw new ActivityInputException(ex.Message);
        }
        return ActivityResult.Complete(result.HasFindings ? Findings : Ingested, new Dictionary<string, string?>
        {
            [nameof(Messages)] = result.Messages.ToString(CultureInfo.InvariantCulture),
            [nameof(New)] = result.New.ToString(CultureInfo.InvariantCulture),
            [nameof(FindingCount)] = result.Findings.Count(f => f.NeedsAnswer).ToString(CultureInfo.InvariantCulture),
        });
    }
}
