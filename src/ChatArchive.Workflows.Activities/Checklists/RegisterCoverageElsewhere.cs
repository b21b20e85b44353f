using System.Globalization;
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
/// Coverage secured outside the chat read-out (CIO Rijk-rapportage 2024 §2: e-mail on the department's mail server,
/// social media accounts): the professional records the account, the period and where it is secured; auditors see
/// it beside the sealed chat periods. On departure the period runs to the appointment's end date (Handreiking hoofdstuk 3).
/// The task's form: <c>{"account":"…","van":"2024-01-01","tot":"2024-07-02","waar":"…"}</c>.
/// </summary>
[Activity("ChatArchive", "RegisterCoverageElsewhere", Category = "Checklists", DisplayName = "Dekking elders vastleggen",
    Description = "Legt vast over welke periode e-mail of sociale media elders zijn veiliggesteld en waar (bijv. de mailserver van het departement).")]
[Outcomes("Vastgelegd")]
public sealed class RegisterCoverageElsewhere(IChecklistService checklists) : Activity
{
    public const string Registered = "Vastgelegd";

    [Input(DisplayName = "Kanaal", UIHint = UiHints.Dropdown, Options = ["email|E-mail", "social-media|Sociale media"], DefaultValue = "email", Order = 0)]
    public string Channel { get; set; } = "email";

    [Input(DisplayName = "Standaard vindplaats", Description = "Voorgesteld in het formulier, bijv. 'Mailserver van het departement (journaling)'.", Order = 1)]
    public string? DefaultSecuredWhere { get; set; }

    [Input(DisplayName = "Rol", DefaultValue = Roles.InformationProfessional, Order = 2)]
    public string AssigneeRole { get; set; } = Roles.InformationProfessional;

    [Input(DisplayName = "Termijn", Description = "Bijv. P5D.", Order = 3)]
    public string? DueAfter { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(Wait(context, InstanceOfficeholder.Require(context), null));

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var officeholder = InstanceOfficeholder.Require(context);
        var form = ReadOutSteps.Form(resume);
        context.Input.TryGetValue(ProcessVariables.EndsOn, out var endsOnText);
        var account = form?["account"]?.ToString();
        var where = form?["waar"]?.ToString() ?? DefaultSecuredWhere;
        var fromOk = DateOnly.TryParseExact(form?["van"]?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from);
        var toText = form?["tot"]?.ToString() ?? endsOnText;
        DateOnly? to = DateOnly.TryParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
        if (!ReadOutSteps.ByPerson(resume) || string.IsNullOrWhiteSpace(account) || string.IsNullOrWhiteSpace(where) || !fromOk || (toText is { Length: > 0 } && to is null))
        {
            return Wait(context, officeholder, "Vul account, van (jjjj-mm-dd), tot (jjjj-mm-dd, leeg = doorlopend) en waar het is veiliggesteld in.");
        }
        try
        {
            await checklists.RegisterCoverageAsync(new RegisterCoverage(officeholder, Channel, account.Trim(), from, to, where.Trim(),
                new Actor(resume.ResumedBy!, AssigneeRole), ReadOutSteps.Step(context)), context.CancellationToken);
        }
        catch (ReadOutException ex)
        {
            return Wait(context, officeholder, ex.Message);
        }
        return ActivityResult.Complete(Registered);
    }

    private ActivityResult Wait(ActivityContext context, long officeholder, string? problem)
    {
        context.Input.TryGetValue(ProcessVariables.EndsOn, out var endsOn);
        var what = Channel == "email" ? "e-mail" : "sociale media";
        return ReadOutSteps.WaitForTask(context, $"Dekking van {what} vastleggen",
            (problem is null ? "" : problem + " ") + $"Leg vast over welke periode de {what} van de bewindspersoon elders is veiliggesteld en waar"
            + (endsOn is { Length: > 0 } ? $", tot en met de einddatum {endsOn}." : "."),
            AssigneeRole, null, [Registered], "coverage", officeholder, DueAfter,
            new { kanaal = Channel, waar = DefaultSecuredWhere, tot = endsOn });
    }
}
