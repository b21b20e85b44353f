using System.Globalization;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Officeholders;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 5–6 (vier ogen): the messages marked private or party-political are validated by THIS
/// instance's officeholder, or by a trustee registered for that officeholder when the definition says so. The task is
/// assigned to that one user — never to other officeholders, never to a role, never to the reviewer. <c>Akkoord</c>
/// when every marked message is agreed; <c>Niet akkoord</c> sends exactly the disputed messages back to review with
/// the validator's notes (the workflow connects this outcome to "Berichten beoordelen", so the loop repeats).
/// </summary>
[Activity("ChatArchive", "ValidateMarkedMessages", Category = "Uitlezen", DisplayName = "Gemarkeerde berichten valideren",
    Description = "De bewindspersoon (of de voor hem of haar geregistreerde vertrouwenspersoon) valideert de als privé of partijpolitiek gemarkeerde berichten (Handreiking §2.2.2 stap 6).")]
[Outcomes("Akkoord", "Niet akkoord")]
public sealed class ValidateMarkedMessages(IReadOutService readOuts, ValidatorResolver validators) : Activity
{
    public const string Agreed = "Akkoord";
    public const string Disagreed = "Niet akkoord";

    [Input(DisplayName = "Validator", Description = "De bewindspersoon zelf, of een vertrouwenspersoon die voor deze bewindspersoon is geregistreerd.",
        UIHint = UiHints.Dropdown, Options = ["Bewindspersoon", "Vertrouwenspersoon"], DefaultValue = "Bewindspersoon", Order = 0)]
    public string Validator { get; set; } = "Bewindspersoon";

    [Input(DisplayName = "Termijn", Description = "Binnen hoeveel tijd gevalideerd moet zijn, bijv. P5D.", Order = 1)]
    public string? DueAfter { get; set; }

    [Output(DisplayName = "Toegewezen aan", Description = "Gebruikers-id van de validator.")]
    public string? AssignedTo { get; set; }

    [Output(DisplayName = "Betwist", Description = "Aantal berichten dat terug is naar beoordeling.")]
    public string? Disputed { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        if (state.Stage >= ReadOutStage.Validated)
        {
            // Nothing was marked (or four-eyes is off): there is nothing to validate.
            return ActivityResult.Complete(Agreed);
        }
        return await WaitAsync(context, state, null);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        if (state.Stage >= ReadOutStage.Validated)
        {
            return ActivityResult.Complete(Agreed);
        }
        if (state.Disputed > 0 && state.AwaitingValidation == 0)
        {
            var back = await ReadOutSteps.CallAsync(() => readOuts.ReturnDisputedAsync(state.Id, context.CancellationToken));
            return ActivityResult.Complete(Disagreed, new Dictionary<string, string?> { [nameof(Disputed)] = back.Count.ToString(CultureInfo.InvariantCulture) });
        }
        return await WaitAsync(context, state, state.AwaitingValidation > 0 ? $"Nog {state.AwaitingValidation} gemarkeerde bericht(en) zonder oordeel." : null);
    }

    private async Task<ActivityResult> WaitAsync(ActivityContext context, ReadOutState state, string? problem)
    {
        var kind = DepartmentProcess.ParseValidator(Validator);
        var day = DateOnly.FromDateTime(context.Now.UtcDateTime);
        var user = await validators.ResolveAsync(state.OfficeholderId, kind, day, context.CancellationToken);
        var result = ReadOutSteps.WaitForTask(context, "Gemarkeerde berichten valideren",
            (problem is null ? "" : problem + " ") +
            $"{state.AwaitingValidation} bericht(en) zijn gemarkeerd als privé of partijpolitiek. Geef per bericht aan of u het eens bent; bij 'niet akkoord' gaat het bericht met uw toelichting terug naar de informatieprofessional (Handreiking §2.2.2 stap 6).",
            null, user.UserId, [Agreed, Disagreed], ReadOutSteps.Events.Validation, state.Id, DueAfter);
        return result;
    }
}
