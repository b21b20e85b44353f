using ChatArchive.Classification.Decisions;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Checklists;

/// <summary>
/// A checklist (onboarding intake, departure exit) item by item with its Dutch explanation: the assigned person confirms
/// each item or records why not, and completes it; the department's staff and auditors read it (evidence).
/// </summary>
public sealed class DetailModel(IChecklistService checklists, IReadOutWebAccess access, IReadOutSignals signals, FinalReadOuts finals) : WebPageModel
{
    /// <summary>The checklist kind of a departure: its page shows the final read-out appointment.</summary>
    public const string DepartureKind = "departure";

    /// <summary>Departure only: the final read-out planned for the officeholder (null: none planned yet).</summary>
    public FinalReadOutView? FinalReadOut { get; private set; }

    /// <summary>Where the final read-out opens for the signed-in user (null: no read-out yet, or not theirs to open).</summary>
    public (string Href, string Text)? FinalReadOutLink { get; private set; }

    public ChecklistView Checklist { get; private set; } = null!;
    public Actor? Answerer { get; private set; }
    public bool MayAnswer => Answerer is not null && !Checklist.Completed;
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public Dictionary<string, (string? Choice, string? Reason)> Posted { get; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, bool complete, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Answerer is null) return StatusCode(StatusCodes.Status403Forbidden);
        var form = await Request.ReadFormAsync(ct);
        var answers = new List<ChecklistAnswer>();
        var problems = new List<string>();
        foreach (var item in Checklist.Items)
        {
            var choice = form["punt-" + item.Key].ToString();
            var reason = form["reden-" + item.Key].ToString().Trim();
            Posted[item.Key] = (choice, reason);
            if (choice.Length == 0) continue;
            if (choice == "nee" && reason.Length == 0) problems.Add($"'{item.Text}': schrijf waarom het niet is gedaan");
            else if (choice is "ja" or "nee") answers.Add(new ChecklistAnswer(item.Key, choice == "ja", reason.Length == 0 ? null : reason));
        }
        if (problems.Count > 0 || answers.Count == 0)
        {
            Message = answers.Count == 0 && problems.Count == 0
                ? "Kies bij ten minste één punt Gedaan of Niet gedaan. Er is niets opgeslagen."
                : "Er is niets opgeslagen. " + string.Join("; ", problems) + ".";
            MessageIsError = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            Checklist = await checklists.AnswerAsync(id, answers, Answerer, complete, ct);
            if (Checklist.Completed) await signals.ChecklistCompletedAsync(Checklist, ct);
            Message = Checklist.Completed ? "De checklist is afgerond. Dank u." : "Uw antwoorden zijn opgeslagen.";
            Posted.Clear();
        }
        catch (ReadOutException e)
        {
            Message = e.Message;
            MessageIsError = true;
            Response.StatusCode = e.Problem == ReadOutProblem.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        }
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var list = await checklists.GetAsync(id, ct);
        if (list is null || !await access.MaySeeChecklistAsync(HttpContext, list, ct)) return NotFound();
        Checklist = list;
        Answerer = await access.ChecklistActorAsync(HttpContext, list, ct);
        if (list.Kind == DepartureKind)
        {
            FinalReadOut = await finals.FindAsync(list.OfficeholderId, list.WorkflowInstanceId, ct);
            if (FinalReadOut?.ReadOut is { } ro && await access.ViewAsync(HttpContext, ro, ct) is var view and not ReadOutPageView.None)
            {
                FinalReadOutLink = Uitlezingen.ReadOutListModel.Next(ro, view);
            }
        }
        return null;
    }
}
