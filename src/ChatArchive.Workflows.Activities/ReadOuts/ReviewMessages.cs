using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 4–5: the information professional decides every message that needs a decision (through the
/// API, per message or in bulk) and offers the read-out for validation. The step goes on when the read-out is offered
/// (also after a dispute, when only the disputed messages are back in review). Completing the task offers it too;
/// while messages are undecided the task comes back saying how many.
/// </summary>
[Activity("ChatArchive", "ReviewMessages", Category = "Uitlezen", DisplayName = "Berichten beoordelen",
    Description = "De informatieprofessional beoordeelt elk bericht dat een besluit nodig heeft en biedt de uitlezing aan ter validatie (Handreiking §2.2.2 stap 4–5).")]
[Outcomes("Aangeboden")]
public sealed class ReviewMessages(IReadOutService readOuts) : Activity
{
    public const string Offered = "Aangeboden";

    [Input(DisplayName = "Rol", DefaultValue = Roles.InformationProfessional, Order = 0)]
    public string AssigneeRole { get; set; } = Roles.InformationProfessional;

    [Input(DisplayName = "Termijn", Description = "Bijv. P10D.", Order = 1)]
    public string? DueAfter { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        return state.Stage >= ReadOutStage.Offered ? ActivityResult.Complete(Offered) : Wait(context, state, null);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        if (state.Stage >= ReadOutStage.Offered)
        {
            return ActivityResult.Complete(Offered);
        }
        if (ReadOutSteps.ByPerson(resume))
        {
            try
            {
                state = await readOuts.OfferForValidationAsync(state.Id, new Actor(resume.ResumedBy!, Roles.InformationProfessional), null, context.CancellationToken);
                return ActivityResult.Complete(Offered);
            }
            catch (ReadOutException ex)
            {
                return Wait(context, state, ex.Message);
            }
        }
        return Wait(context, state, null);
    }

    private ActivityResult Wait(ActivityContext context, ReadOutState state, string? problem) =>
        ReadOutSteps.WaitForTask(context, state.Disputed > 0 ? "Betwiste berichten opnieuw beoordelen" : "Berichten beoordelen en aanbieden ter validatie",
            (problem is null ? "" : problem + " ") +
            $"Beoordeel elk bericht dat een besluit nodig heeft ({state.Undecided} open) en bied de uitlezing daarna aan ter validatie (Handreiking §2.2.2 stap 4–5).",
            AssigneeRole, null, [Offered], ReadOutSteps.Events.Offered, state.Id, DueAfter);
}
