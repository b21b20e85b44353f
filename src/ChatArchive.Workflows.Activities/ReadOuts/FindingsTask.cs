using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// The professional records what was done about each finding of the ingest (discussed with the officeholder,
/// explained, escalated) through the API; the step goes on once every finding has an answer (needed before sealing).
/// </summary>
[Activity("ChatArchive", "FindingsTask", Category = "Uitlezen", DisplayName = "Bevindingen afhandelen",
    Description = "De informatieprofessional legt per bevinding vast wat ermee is gedaan: besproken met de bewindspersoon, verklaard of geëscaleerd.")]
[Outcomes("Afgehandeld")]
public sealed class FindingsTask(IReadOutService readOuts) : Activity
{
    public const string Answered = "Afgehandeld";

    [Input(DisplayName = "Rol", DefaultValue = Roles.InformationProfessional, Order = 0)]
    public string AssigneeRole { get; set; } = Roles.InformationProfessional;

    [Input(DisplayName = "Termijn", Description = "Bijv. P5D.", Order = 1)]
    public string? DueAfter { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        return state.OpenFindings == 0 ? ActivityResult.Complete(Answered) : Wait(context, state, null);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        return state.OpenFindings == 0
            ? ActivityResult.Complete(Answered)
            : Wait(context, state, $"Nog {state.OpenFindings} bevinding(en) zonder antwoord.");
    }

    private ActivityResult Wait(ActivityContext context, ReadOutState state, string? problem) =>
        ReadOutSteps.WaitForTask(context, "Bevindingen van de uitlezing afhandelen",
            (problem is null ? "" : problem + " ") + $"De uitlezing heeft {state.OpenFindings} bevinding(en) die een antwoord vragen, bijv. berichten die sinds de vorige uitlezing ontbreken. Leg per bevinding vast wat ermee is gedaan.",
            AssigneeRole, null, [Answered], ReadOutSteps.Events.Findings, state.Id, DueAfter);
}
