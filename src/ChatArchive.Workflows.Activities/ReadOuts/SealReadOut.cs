using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 8: the information professional confirms, and the read-out is sealed (BagIt + MDTO,
/// chained and signed) with <c>sealedBy</c> = the signed-in user who completed this task — never the operating-system
/// user, never the workflow. Never sealed twice; refused (the task returns with the reason) while findings are open.
/// </summary>
[Activity("ChatArchive", "SealReadOut", Category = "Uitlezen", DisplayName = "Definitief veiligstellen",
    Description = "De informatieprofessional stelt de geschoonde uitlezing definitief veilig; wie de taak afrondt staat in het pakket als veiligsteller (Handreiking §2.2.2 stap 8).")]
[Outcomes("Veiliggesteld")]
public sealed class SealReadOut(IReadOutService readOuts) : Activity
{
    public const string Sealed = "Veiliggesteld";

    [Input(DisplayName = "Rol", DefaultValue = Roles.InformationProfessional, Order = 0)]
    public string AssigneeRole { get; set; } = Roles.InformationProfessional;

    [Input(DisplayName = "Termijn", Description = "Bijv. P2D.", Order = 1)]
    public string? DueAfter { get; set; }

    [Output(DisplayName = "Pakketten")]
    public string? Packages { get; set; }

    [Output(DisplayName = "Veiliggesteld door")]
    public string? SealedBy { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        return state.Stage >= ReadOutStage.Sealed ? Done(state) : Wait(context, state, null);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        if (state.Stage >= ReadOutStage.Sealed)
        {
            return Done(state);
        }
        if (!ReadOutSteps.ByPerson(resume))
        {
            return Wait(context, state, null);
        }
        try
        {
            var result = await readOuts.SealAsync(state.Id, new Actor(resume.ResumedBy!, AssigneeRole), context.CancellationToken);
            return Done(result.ReadOut);
        }
        catch (ReadOutException ex) when (ex.Problem is not ReadOutProblem.NotFound)
        {
            return Wait(context, state, ex.Message);
        }
    }

    private ActivityResult Wait(ActivityContext context, ReadOutState state, string? problem) =>
        ReadOutSteps.WaitForTask(context, "Uitlezing definitief veiligstellen",
            (problem is null ? "" : problem + " ") + "Controleer de geschoonde uitlezing en stel haar definitief veilig. U wordt als veiligsteller in het pakket vastgelegd.",
            AssigneeRole, null, [Sealed], "seal", state.Id, DueAfter);

    private static ActivityResult Done(ReadOutState state) => ActivityResult.Complete(Sealed, new Dictionary<string, string?>
    {
        [nameof(Packages)] = string.Join(",", state.Packages),
        [nameof(SealedBy)] = state.SealedBy,
    });
}
