using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// A generic task for a person (issue 6): the workflow waits until someone with the role (or the named
/// user) in the department completes it with one of the outcomes, and continues on that outcome's port.
/// The domain activities of a later issue replace these generic tasks where a module does the work.
/// </summary>
[Activity("ChatArchive", "HumanTask", Category = "Taken", DisplayName = "Taak", Description = "Een taak voor een persoon; de gekozen uitkomst bepaalt het vervolg.")]
public sealed class HumanTask : Activity
{
    public const string DefaultOutcome = "Gereed";

    [Input(DisplayName = "Titel", Description = "Wat er moet gebeuren, bijv. 'Uitlezen telefoon'.", Required = true, Order = 0)]
    public string Title { get; set; } = "";

    [Input(DisplayName = "Toelichting", UIHint = UiHints.MultiLine, Order = 1)]
    public string? Description { get; set; }

    [Input(DisplayName = "Rol", Description = "Rol die de taak mag oppakken, bijv. information-professional.", Order = 2)]
    public string? AssigneeRole { get; set; }

    [Input(DisplayName = "Gebruiker", Description = "Een vaste persoon (gebruikers-id); leeg = iedereen met de rol.", Order = 3)]
    public string? AssigneeUser { get; set; }

    [Input(DisplayName = "Departement", Description = "Departementscode; leeg = het departement van de workflow.", Order = 4)]
    public string? Department { get; set; }

    [Input(DisplayName = "Termijn", Description = "Binnen hoeveel tijd het klaar moet zijn, bijv. P5D (vijf dagen).", Order = 5)]
    public string? DueAfter { get; set; }

    [Input(DisplayName = "Formuliergegevens", Description = "JSON met instellingen voor het formulier.", UIHint = UiHints.JsonEditor, Order = 6)]
    public string? FormData { get; set; }

    [Input(DisplayName = "Uitkomsten", Description = "De keuzes voor wie de taak afrondt; elke uitkomst is een uitgang.", UIHint = UiHints.DynamicOutcomes,
        DefaultValue = "[\"" + DefaultOutcome + "\"]", Order = 7)]
    public string[] Outcomes { get; set; } = [DefaultOutcome];

    [Input(DisplayName = "Mail sturen", Description = "Stuur de mensen die de taak krijgen een mail over de nieuwe taak (standaard aan). " +
        "Zet uit als de werkstroom zelf al over dezelfde zaak mailt.", DefaultValue = "true", Order = 8)]
    public bool SendMail { get; set; } = true;

    [Output(DisplayName = "Uitkomst", Description = "De gekozen uitkomst.")]
    public string? Outcome { get; set; }

    [Output(DisplayName = "Resultaat", Description = "Wat bij het afronden is ingevuld (JSON).")]
    public string? Result { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(Title))
        {
            throw new ActivityInputException("Vul bij de taak een titel in, bijv. 'Uitlezen telefoon'.");
        }
        if (FormData is { Length: > 0 })
        {
            try
            {
                using var _ = JsonDocument.Parse(FormData);
            }
            catch (JsonException)
            {
                throw new ActivityInputException($"De formuliergegevens van taak '{Title}' zijn geen geldige JSON. Verbeter ze in de editor.");
            }
        }
        var outcomes = Outcomes.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim()).Distinct().ToList();
        if (outcomes.Count == 0)
        {
            outcomes.Add(DefaultOutcome);
        }
        // A task stays in the department of its workflow instance: a definition cannot route it (and what is
        // filled in) to another department (security probe, High).
        if (!string.IsNullOrWhiteSpace(Department) && !string.Equals(Department.Trim(), context.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ActivityInputException(
                $"Taak '{Title}' noemt departement {Department.Trim()}, maar de werkstroom loopt in {context.TenantId ?? "geen departement"}. " +
                "Een taak blijft in het departement van de werkstroom; laat het veld Departement leeg.");
        }
        DateTimeOffset? due = DueAfter is { Length: > 0 } ? IsoDuration.Parse(DueAfter, "Termijn").AddTo(context.Now) : null;
        var request = new HumanTaskRequest
        {
            Title = Title.Trim(),
            Description = Description,
            AssigneeRole = string.IsNullOrWhiteSpace(AssigneeRole) ? null : AssigneeRole.Trim(),
            AssigneeUser = string.IsNullOrWhiteSpace(AssigneeUser) ? null : AssigneeUser.Trim(),
            Department = context.TenantId,
            DueAt = due,
            FormData = FormData,
            Outcomes = outcomes,
            SendMail = SendMail,
        };
        return ValueTask.FromResult(ActivityResult.Wait(new BookmarkRequest(BookmarkKinds.HumanTask) { HumanTask = request }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var outcome = resume.Outcome ?? DefaultOutcome;
        return ValueTask.FromResult(ActivityResult.Complete(outcome, new Dictionary<string, string?>
        {
            [nameof(Outcome)] = outcome,
            [nameof(Result)] = resume.Payload,
        }));
    }
}
