using ChatArchive.Workflows.Engine;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Taken;

/// <summary>One task on its own page, with claim and release. Another department's task is a 404 (TaskAccess).</summary>
public sealed class DetailModel(IHumanTaskService tasks, TimeProvider clock, IReadOutService readOuts, IChecklistService checklists) : WebPageModel
{
    /// <summary>The read-out of the task's workflow, when it has one: the task leads to its pages.</summary>
    public ReadOutState? ReadOut { get; private set; }

    /// <summary>The checklist this task step created, when it is a checklist task.</summary>
    public ChecklistView? Checklist { get; private set; }

    public HumanTaskItem Item { get; private set; } = null!;
    public string? Message { get; private set; }
    public bool Overdue => Item.DueAt is { } d && d < clock.GetUtcNow();
    public bool MayAct => TaskAccess.MayAct(Me);
    public bool ClaimedByMe => Item.Status == HumanTaskStatus.Claimed && Item.ClaimedBy == Me.UserId;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var task = await tasks.GetAsync(id, TaskAccess.Actor(Me), ct);
        if (task is null) return NotFound();
        Item = task;
        await FindWorkAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostClaimAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => tasks.ClaimAsync(id, TaskAccess.Actor(Me), ct), "U heeft de taak opgepakt.", ct);

    public Task<IActionResult> OnPostReleaseAsync(string id, CancellationToken ct) =>
        ActAsync(id, () => tasks.ReleaseAsync(id, TaskAccess.Actor(Me), ct), "U heeft de taak vrijgegeven; uw team kan hem nu oppakken.", ct);

    /// <summary>The outcome of the read-out's seal task (the step "Definitief veiligstellen").</summary>
    public const string SealOutcome = "Veiliggesteld";

    /// <summary>
    /// The seal task of a cleaned read-out can be completed here: the workflow's next step seals the package and records
    /// the signed-in professional as the sealer. Other tasks are completed on their own pages (upload, review, checklist).
    /// </summary>
    public bool MaySeal => MayAct && ReadOut is { Stage: ReadOutStage.Cleaned } && Item.Outcomes.Contains(SealOutcome)
        && (Item.Status == HumanTaskStatus.Open || ClaimedByMe);

    public async Task<IActionResult> OnPostSealAsync(string id, CancellationToken ct)
    {
        var task = await tasks.GetAsync(id, TaskAccess.Actor(Me), ct);
        if (task is null) return NotFound();
        Item = task;
        await FindWorkAsync(ct);
        if (!MaySeal)
        {
            if (!MayAct) return StatusCode(StatusCodes.Status403Forbidden);
            Message = "Deze taak kan hier niet als veiliggesteld worden afgerond: de uitlezing is niet (meer) geschoond en klaar om veilig te stellen. Er is niets gewijzigd.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return await ActAsync(id, () => tasks.CompleteAsync(id, TaskAccess.Actor(Me), SealOutcome, null, ct),
            "U heeft de uitlezing definitief veiliggesteld. De werkstroom verzegelt nu het pakket en legt u vast als veiligsteller.", ct);
    }

    private async Task FindWorkAsync(CancellationToken ct)
    {
        Checklist = await checklists.FindAsync(new StepKey(Item.InstanceId, Item.ActivityId), ct);
        ReadOut = Checklist is null ? await readOuts.FindByWorkflowInstanceAsync(Item.InstanceId, ct) : null;
    }

    private async Task<IActionResult> ActAsync(string id, Func<Task<HumanTaskItem>> act, string done, CancellationToken ct)
    {
        if (!MayAct) return StatusCode(StatusCodes.Status403Forbidden);
        try
        {
            Item = await act();
            Message = done;
            await FindWorkAsync(ct);
        }
        catch (WorkflowEngineException e) when (e.Kind == WorkflowErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (WorkflowEngineException e) when (e.Kind is WorkflowErrorKind.Conflict or WorkflowErrorKind.Forbidden or WorkflowErrorKind.Validation)
        {
            var current = await tasks.GetAsync(id, TaskAccess.Actor(Me), ct);
            if (current is null) return NotFound();
            Item = current;
            Message = e.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        // htmx (the page's forms with JavaScript): only the changed part; without JavaScript the whole page.
        return IsHtmx ? Partial("_TaakStatus", this) : Page();
    }
}
