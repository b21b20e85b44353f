using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Uitlezingen;

/// <summary>
/// The findings of a read-out (messages missing since the previous read-out, disappearing messages switched on, a gap
/// between read-outs) with the answer the information professional records; staff with an overview read them.
/// </summary>
public sealed class BevindingenModel(IReadOutService readOuts, IReadOutWebAccess access, ReadOutQueries queries, IReadOutSignals signals)
    : ReadOutPageModel(readOuts, access)
{
    public IReadOnlyList<FindingView> Findings { get; private set; } = [];
    public bool MayAnswer => IsProfessional && ReadOut.Stage != ReadOutStage.Sealed;
    [BindProperty(SupportsGet = true, Name = "beantwoord")] public long? AnsweredNow { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (View == ReadOutPageView.Validator) return Forbidden();
        if (AnsweredNow is not null) Message = ReadOut.OpenFindings == 0 ? "Antwoord vastgelegd. Alle bevindingen zijn beantwoord." : "Antwoord vastgelegd.";
        Findings = await queries.FindingsAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long findingId, string? resolution, string? note, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (!IsProfessional) return Forbidden();
        FindingResolution? chosen = resolution switch
        {
            "besproken" => FindingResolution.Discussed,
            "verklaard" => FindingResolution.Explained,
            "geescaleerd" => FindingResolution.Escalated,
            _ => null,
        };
        if (chosen is null)
        {
            Invalid("Kies wat er met de bevinding is gedaan: besproken met de bewindspersoon, verklaard of geëscaleerd. Er is niets opgeslagen.");
        }
        else if (string.IsNullOrWhiteSpace(note))
        {
            Invalid("Schrijf in de toelichting wat er is besproken, verklaard of aan wie is geëscaleerd. Er is niets opgeslagen.");
        }
        else
        {
            try
            {
                await ReadOuts.AnswerFindingAsync(id, findingId, new FindingAnswer(chosen.Value, note.Trim(), Access.Professional(HttpContext)), ct);
                var state = await ReadOuts.GetAsync(id, ct);
                if (state is { OpenFindings: 0 }) await signals.FindingsAnsweredAsync(state, ct);
                return RedirectToPage(new { id, beantwoord = findingId });
            }
            catch (ReadOutException e)
            {
                Refused(e);
            }
        }
        Findings = await queries.FindingsAsync(id, ct);
        return Page();
    }
}
