using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Officeholders;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Activities.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.Checklists;

/// <summary>
/// A checklist for one officeholder (onboarding: Handreiking hoofdstuk 2; departure: hoofdstuk 3): each item has a
/// Dutch explanation; the assignee confirms each item or records why not. The answers are stored as evidence that
/// auditors can see later. The step goes on once the checklist is completed (through the API, or by completing the
/// task with the answers as form data: <c>{"antwoorden":[{"sleutel":"…","bevestigd":true|false,"reden":"…"}]}</c>).
/// </summary>
[Activity("ChatArchive", "Checklist", Category = "Checklists", DisplayName = "Checklist",
    Description = "Een lijst punten met toelichting; wie de taak krijgt bevestigt elk punt of legt vast waarom niet. De antwoorden worden bewaard als verantwoording.")]
[Outcomes("Afgerond")]
public sealed class Checklist(IChecklistService checklists, ValidatorResolver people) : Activity
{
    public const string Completed = "Afgerond";

    [Input(DisplayName = "Titel", Description = "Bijv. 'Aantreden: intake en inrichting'.", Required = true, Order = 0)]
    public string Title { get; set; } = "";

    [Input(DisplayName = "Soort", Description = "aantreden, vertrek of een eigen soort; auditors filteren hierop.", DefaultValue = "aantreden", Order = 1)]
    public string Kind { get; set; } = "aantreden";

    [Input(DisplayName = "Punten", Description = "JSON-lijst: [{\"sleutel\": \"intake\", \"tekst\": \"…\", \"toelichting\": \"…\"}].", UIHint = UiHints.JsonEditor, Required = true, Order = 2)]
    public string Items { get; set; } = "";

    [Input(DisplayName = "Toewijzen aan", Description = "Rol: iedereen met de rol hieronder; Bewindspersoon: alleen de bewindspersoon van deze instantie.",
        UIHint = UiHints.Dropdown, Options = ["Rol", "Bewindspersoon"], DefaultValue = "Rol", Order = 3)]
    public string AssignTo { get; set; } = "Rol";

    [Input(DisplayName = "Rol", DefaultValue = Roles.InformationProfessional, Order = 4)]
    public string AssigneeRole { get; set; } = Roles.InformationProfessional;

    [Input(DisplayName = "Termijn", Description = "Bijv. P14D.", Order = 5)]
    public string? DueAfter { get; set; }

    [Output(DisplayName = "Checklist", Description = "Het id van de opgeslagen checklist.")]
    public string? ChecklistId { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var officeholder = InstanceOfficeholder.Require(context);
        if (string.IsNullOrWhiteSpace(Title))
        {
            throw new ActivityInputException("Vul bij de checklist een titel in.");
        }
        var items = ChecklistItems.Parse(Items, Title);
        var view = await ReadOutSteps.CallAsync(() => checklists.CreateAsync(new CreateChecklist(ReadOutSteps.Step(context), officeholder, Kind.Trim(), Title.Trim(),
            items.Select(i => new ChecklistItem(i.Key, i.Text, i.Explanation)).ToList(), AssignTo == "Rol" ? AssigneeRole : Roles.Officeholder,
            ReadOutSteps.WorkflowActor), context.CancellationToken));
        return view.Completed ? Done(view) : await WaitAsync(context, view, null);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var view = await checklists.FindAsync(ReadOutSteps.Step(context), context.CancellationToken)
            ?? throw new ActivityInputException($"De checklist '{Title}' van deze stap is niet (meer) gevonden. Probeer de stap opnieuw.");
        if (view.Completed)
        {
            return Done(view);
        }
        if (ReadOutSteps.ByPerson(resume) && ReadOutSteps.Form(resume)?["antwoorden"] is JsonArray answers)
        {
            try
            {
                var parsed = answers.Select(a => new ChecklistAnswer(
                    a?["sleutel"]?.GetValue<string>() ?? "", a?["bevestigd"]?.GetValue<bool>() ?? false, a?["reden"]?.GetValue<string>())).ToList();
                var role = AssignTo == "Rol" ? AssigneeRole : Roles.Officeholder;
                view = await checklists.AnswerAsync(view.Id, parsed, new Actor(resume.ResumedBy!, role), complete: true, context.CancellationToken);
                if (view.Completed)
                {
                    return Done(view);
                }
            }
            catch (ReadOutException ex)
            {
                return await WaitAsync(context, view, ex.Message);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
            {
                return await WaitAsync(context, view, "De antwoorden zijn onleesbaar: geef per punt 'sleutel', 'bevestigd' (true/false) en bij 'niet bevestigd' een 'reden'.");
            }
        }
        var open = view.Items.Count(i => i.Confirmed is null);
        return await WaitAsync(context, view, open > 0 ? $"Nog {open} punt(en) zonder antwoord." : null);
    }

    private async Task<ActivityResult> WaitAsync(ActivityContext context, ChecklistView view, string? problem)
    {
        string? user = null;
        if (AssignTo == "Bewindspersoon")
        {
            user = (await people.ResolveAsync(view.OfficeholderId, ValidatorKind.Officeholder, DateOnly.FromDateTime(context.Now.UtcDateTime), context.CancellationToken)).UserId;
        }
        return ReadOutSteps.WaitForTask(context, view.Title,
            (problem is null ? "" : problem + " ") + "Bevestig elk punt of leg vast waarom niet; de antwoorden worden bewaard als verantwoording.",
            AssigneeRole, user, [Completed], ReadOutSteps.Events.Checklist, view.Id, DueAfter,
            new { checklistId = view.Id, punten = view.Items.Select(i => new { sleutel = i.Key, tekst = i.Text, toelichting = i.Explanation }) });
    }

    private static ActivityResult Done(ChecklistView view) =>
        ActivityResult.Complete(Completed, new Dictionary<string, string?> { [nameof(ChecklistId)] = view.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}
