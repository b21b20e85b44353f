using ChatArchive.Workflows.Activities.Officeholders;
using ChatArchive.Workflows.Activities.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.Processes;

/// <summary>
/// One read-out cycle is one instance; its last step plans the next one (issue 10 item 4). The next cycle starts from
/// the department's LATEST PUBLISHED read-out definition and falls due when the frequency published at that moment has
/// passed — so a process owner's change of frequency or cleaning applies from every officeholder's next cycle, without
/// migrating running instances. After onboarding the first cycle is planned <c>Direct</c>. A final read-out (departure)
/// plans nothing and ends with <c>Laatste uitlezing</c>.
/// </summary>
[Activity("ChatArchive", "PlanReadOutCycle", Category = "Uitlezen", DisplayName = "Volgende uitlezing plannen",
    Description = "Plant de volgende uitleescyclus van deze bewindspersoon volgens de nu gepubliceerde werkstroom van het departement (frequentie en schoonmodus gelden vanaf die cyclus).")]
[Outcomes("Gepland", "Laatste uitlezing")]
public sealed class PlanReadOutCycle(ProcessStarter starter) : Activity
{
    public const string Planned = "Gepland";
    public const string Last = "Laatste uitlezing";

    [Input(DisplayName = "Moment", Description = "Direct: de cyclus start meteen (eerste uitlezing na het aantreden); VolgensFrequentie: na de frequentie van het departement.",
        UIHint = UiHints.Dropdown, Options = ["Direct", "VolgensFrequentie"], DefaultValue = "VolgensFrequentie", Order = 0)]
    public string Moment { get; set; } = "VolgensFrequentie";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var officeholder = InstanceOfficeholder.Require(context);
        if (context.Input.TryGetValue(ProcessVariables.FinalReadOut, out var final) && DepartmentProcess.ParseBool(final ?? "false", ProcessVariables.FinalReadOut))
        {
            return ActivityResult.Complete(Last);
        }
        var immediately = Moment switch
        {
            "Direct" => true,
            "VolgensFrequentie" => false,
            _ => throw new ActivityInputException($"Moment '{Moment}' bestaat niet. Kies Direct of VolgensFrequentie."),
        };
        await starter.PlanReadOutAsync(ReadOutSteps.DepartmentOf(context), officeholder, context.InstanceId, context.Now, immediately, context.CancellationToken);
        return ActivityResult.Complete(Planned);
    }
}
