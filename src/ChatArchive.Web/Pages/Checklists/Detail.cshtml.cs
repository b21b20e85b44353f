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

    /// <summary>
    /// Kinds of a departure's exit checklist: the published departure workflow names its checklist "vertrek" (the
    /// Checklist step's Dutch kind), the services "departure".
    /// </summary>
    public static bool IsDepartureKind(string kind) =>
        string.Equals(kind, DepartureKind, StringComparison.OrdinalIgnoreCase) || string.Equals(kind, "vertrek", StringComparison.OrdinalIgnoreCase);

    public bool IsDeparture => IsDepartureKind(Checklist.Kind);

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

    /// <summary>The outcome of saving one item on its own, shown at that item.</summary>
    public (string Key, string Text, bool IsError)? ItemMessage { get; private set; }

    /// <summary>
    /// Saves one item (its own button): confirmed, or not with a reason. With htmx the answer is only that item and the
    /// count; without JavaScript the whole page returns. The checklist is completed with the form's own button.
    /// </summary>
    public async Task<IActionResult> OnPostPuntAsync(long id, string? punt, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Answerer is null) return StatusCode(StatusCodes.Status403Forbidden);
        var item = Checklist.Items.FirstOrDefault(i => i.Key == punt);
        if (item is null) return NotFound();
        var form = await Request.ReadFormAsync(ct);
        var choice = form["punt-" + item.Key].ToString();
        var reason = form["reden-" + item.Key].ToString().Trim();
        Posted[item.Key] = (choice, reason);
        string? problem = choice is not ("ja" or "nee") ? "Kies Gedaan of Niet gedaan. Er is niets opgeslagen."
            : choice == "nee" && reason.Length == 0 ? "Schrijf waarom het niet is gedaan. Er is niets opgeslagen." : null;
        if (problem is null)
        {
            try
            {
                Checklist = await checklists.AnswerAsync(id, [new ChecklistAnswer(item.Key, choice == "ja", reason.Length == 0 ? null : reason)], Answerer, false, ct);
                Posted.Remove(item.Key);
                item = Checklist.Items.First(i => i.Key == item.Key);
                ItemMessage = (item.Key, $"Opgeslagen: {(choice == "ja" ? "gedaan" : "niet gedaan")}.", false);
            }
            catch (ReadOutException e)
            {
                problem = e.Message;
                Response.StatusCode = e.Problem == ReadOutProblem.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
            }
        }
        if (problem is not null)
        {
            ItemMessage = (item.Key, problem, true);
            if (Response.StatusCode < 400) Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        if (IsHtmx) return Partial("_ChecklistAntwoord", (this, item));
        Message = ItemMessage?.Text;
        MessageIsError = problem is not null;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var list = await checklists.GetAsync(id, ct);
        if (list is null || !await access.MaySeeChecklistAsync(HttpContext, list, ct)) return NotFound();
        Checklist = list;
        Answerer = await access.ChecklistActorAsync(HttpContext, list, ct);
        if (IsDepartureKind(list.Kind))
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
