using System.Globalization;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Officeholders;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 1–2: the read-out of this cycle is created for the instance's officeholder with the
/// department's settings (from the definition's variables), and the information professional agrees a moment with the
/// officeholder's secretariat; the planned date is stored.
/// </summary>
[Activity("ChatArchive", "ReadOutAppointment", Category = "Uitlezen", DisplayName = "Uitleesafspraak",
    Description = "Maakt de uitlezing van deze cyclus aan en vraagt de informatieprofessional een moment af te spreken met het secretariaat van de bewindspersoon (Handreiking §2.2.2 stap 1–2).")]
[Outcomes("Gepland")]
public sealed class ReadOutAppointment(IReadOutService readOuts) : Activity
{
    public const string Planned = "Gepland";

    [Input(DisplayName = "Rol", Description = "Wie de afspraak maakt, bijv. information-professional.", DefaultValue = Roles.InformationProfessional, Order = 0)]
    public string AssigneeRole { get; set; } = Roles.InformationProfessional;

    [Input(DisplayName = "Kanaal", Description = "Het verwachte kanaal (whatsapp, signal, sms, imessage, telegram, teams); leeg = per bestand bij het uploaden.", Order = 1)]
    public string? Channel { get; set; }

    [Input(DisplayName = "Schoonmodus", Description = "Verwijderen: privé en partijpolitiek worden na validatie verwijderd; Markeren: alleen gemarkeerd; Geen: alles bewaard.",
        UIHint = UiHints.Dropdown, Options = ["Verwijderen", "Markeren", "Geen"], DefaultValue = "Verwijderen", Order = 2)]
    public string CleaningMode { get; set; } = "Verwijderen";

    [Input(DisplayName = "Ruwe dataset bewaren", Description = "Bewaar de oorspronkelijke export na het veiligstellen (CIO Rijk-rapportage 2024: per departement verschillend).",
        DefaultValue = "False", Order = 3)]
    public bool KeepRawDataset { get; set; }

    [Input(DisplayName = "Privé- en partijcontacten uitsluiten", Description = "Contacten die als privé of partijpolitiek zijn geregistreerd worden niet veiliggesteld (Handreiking §2.2.2).",
        DefaultValue = "True", Order = 4)]
    public bool ExcludePrivateContacts { get; set; } = true;

    [Input(DisplayName = "Validator", Description = "Wie de gemarkeerde berichten valideert: de bewindspersoon zelf of een geregistreerde vertrouwenspersoon (Handreiking §2.2.2 stap 5–6).",
        UIHint = UiHints.Dropdown, Options = ["Bewindspersoon", "Vertrouwenspersoon"], DefaultValue = "Bewindspersoon", Order = 5)]
    public string Validator { get; set; } = "Bewindspersoon";

    [Input(DisplayName = "Termijn", Description = "Binnen hoeveel tijd de afspraak gemaakt moet zijn, bijv. P5D.", Order = 6)]
    public string? DueAfter { get; set; }

    [Output(DisplayName = "Uitlezing", Description = "Het id van de uitlezing.")]
    public string? ReadOutId { get; set; }

    [Output(DisplayName = "Gepland op")]
    public string? PlannedAt { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var officeholder = InstanceOfficeholder.Require(context);
        var validator = DepartmentProcess.ParseValidator(Validator);
        var policy = new DepartmentPolicy(ReadOutFrequency.SixWeekly, DeviceSeparation: true, DepartmentProcess.ParseCleaning(CleaningMode), KeepRawDataset,
            ExcludePrivateContacts, FourEyesRequired: true);
        var state = await ReadOutSteps.CallAsync(() => readOuts.CreateAsync(new CreateReadOut(ReadOutSteps.Step(context), officeholder,
            string.IsNullOrWhiteSpace(Channel) ? null : Channel.Trim(), policy, validator == ValidatorKind.Trustee ? Roles.Trustee : Roles.Officeholder,
            ReadOutSteps.WorkflowActor), context.CancellationToken));
        if (state.PlannedAt is not null || state.Stage > ReadOutStage.Planned)
        {
            return Done(state);
        }
        return Ask(context, state, null);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        if (state.Stage > ReadOutStage.Planned)
        {
            return Done(state);
        }
        var text = ReadOutSteps.Form(resume)?["geplandOp"]?.ToString();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || !ReadOutSteps.ByPerson(resume))
        {
            return Ask(context, state, "Vul bij het afronden de afgesproken datum in (geplandOp, bijv. 2026-03-02T10:00:00+01:00).");
        }
        state = await ReadOutSteps.CallAsync(() => readOuts.PlanAsync(state.Id, at, new Actor(resume.ResumedBy!, Roles.InformationProfessional), context.CancellationToken));
        return Done(state);
    }

    private ActivityResult Ask(ActivityContext context, ReadOutState state, string? problem) =>
        ReadOutSteps.WaitForTask(context, "Uitleesmoment afspreken met het secretariaat",
            (problem is null ? "" : problem + " ") + "Spreek met het secretariaat van de bewindspersoon een moment af om de zakelijke telefoon uit te lezen (Handreiking §2.2.2 stap 2).",
            AssigneeRole, null, [Planned], "appointment", state.Id, DueAfter, new { veld = "geplandOp", type = "datum-tijd" });

    private static ActivityResult Done(ReadOutState state) => ActivityResult.Complete(Planned, new Dictionary<string, string?>
    {
        [nameof(ReadOutId)] = state.Id.ToString(CultureInfo.InvariantCulture),
        [nameof(PlannedAt)] = state.PlannedAt?.ToString("O", CultureInfo.InvariantCulture),
    });
}
