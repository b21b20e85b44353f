using System.Globalization;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 4 (voorbereiding): the classifier suggests business / private / party-political and flags
/// special categories of personal data, with the department's settings stored with the read-out (contacts registered
/// as private or party-political are excluded when the definition says so). Stored once; a repeat changes nothing.
/// </summary>
[Activity("ChatArchive", "SuggestLabels", Category = "Uitlezen", DisplayName = "Labels voorstellen",
    Description = "Stelt per bericht een label voor (zakelijk, privé, partijpolitiek) en markeert bijzondere persoonsgegevens, met de instellingen van het departement.")]
[Outcomes("Voorgesteld")]
public sealed class SuggestLabels(IReadOutService readOuts) : Activity
{
    public const string Suggested = "Voorgesteld";

    /// <summary>
    /// The department's learning switch (issue 12): when off, no earlier decision of the information professional is read and
    /// the suggestions come from the rules and the statistical model only. Stored with the read-out's policy.
    /// </summary>
    [Input(DisplayName = "Leren van eerdere beoordelingen",
        Description = "Aan: de voorstellen gebruiken wat de informatieprofessional in eerdere uitlezingen van deze bewindspersoon besloot (per gesprek, contact en bericht), met die reden erbij. Uit: alleen de regels en het taalmodel.",
        DefaultValue = "True", Order = 0)]
    public bool LearnFromReviews { get; set; } = true;

    [Output(DisplayName = "Voorgesteld")]
    public string? Count { get; set; }

    [Output(DisplayName = "Bijzondere persoonsgegevens")]
    public string? SpecialCategory { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        var result = await ReadOutSteps.CallAsync(() => readOuts.SuggestAsync(state.Id, state.Policy with { LearnFromReviews = LearnFromReviews }, context.CancellationToken));
        return ActivityResult.Complete(Suggested, new Dictionary<string, string?>
        {
            [nameof(Count)] = result.Suggested.ToString(CultureInfo.InvariantCulture),
            [nameof(SpecialCategory)] = result.SpecialCategory.ToString(CultureInfo.InvariantCulture),
        });
    }
}
