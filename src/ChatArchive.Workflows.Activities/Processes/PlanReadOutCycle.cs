using ChatArchive.Workflows.Activities.Officeholders;
using ChatArchive.Workflows.Activities.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.Processes;

/// <summary>
/// One read-out cycle is one instance; its last step plans the next one (issue 10 item 4). The next cycle starts from
/// the department's LATEST PUBLISHED read-out definition and falls due when the frequency published at that moment has
/// passed — so a process owner's change of frequency or cleaning applies from every officeholder's next cycle, without
/// migrating running instances. After onboarding the first cycle is planned <c>Direct</c>; the departure workflow plans the
/// <c>LaatsteUitlezing</c> (due at once). At the end of that final cycle this step plans nothing and ends with
/// <c>Laatste uitlezing</c>, where the definition continues with handing in the devices.
/// </summary>
[Activity("ChatArchive", "PlanReadOutCycle", Category = "Uitlezen", DisplayName = "Volgende uitlezing plannen",
    Description = "Plant de volgende uitleescyclus van deze bewindspersoon volgens de nu gepubliceerde werkstroom van het departement (frequentie en schoonmodus gelden vanaf die cyclus).")]
[Outcomes("Gepland", "Laatste uitlezing")]
public sealed class PlanReadOutCycle(ProcessStarter starter) : Activity
{
    public const string Planned = "Gepland";
    public const string Last = "Laatste uitlezing";

    [Input(DisplayName = "Moment", Description = "Direct: de cyclus start meteen (eerste uitlezing na het aantreden); VolgensFrequentie: na de frequentie van het departement; LaatsteUitlezing: de laatste uitlezing bij vertrek, meteen.",
        UIHint = UiHints.Dropdown, Options = ["Direct", "VolgensFrequentie", "LaatsteUitlezing"], DefaultValue = "VolgensFrequentie", Order = 0)]
    public string Moment { get; set; } = "VolgensFrequentie";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var officeholder = InstanceOfficeholder.Require(context);
        if (context.Input.TryGetValue(ProcessVariables.FinalReadOut, out var final) && final is { Length: > 0 } && DepartmentProcess.ParseBool(final, ProcessVariables.FinalReadOut))
        {
            return ActivityResult.Complete(Last);
        }
        var department = ReadOutSteps.DepartmentOf(context);
        switch (Moment)
        {
            case "Direct":
            case "VolgensFrequentie":
                await starter.PlanReadOutAsync(department, officeholder, context.InstanceId, context.Now, Moment == "Direct", context.CancellationToken);
                break;
            case "LaatsteUitlezing":
                await starter.PlanFinalReadOutAsync(department, officeholder, context.InstanceId, context.Now, context.CancellationToken);
                break;
            default:
                throw new ActivityInputException($"Moment '{Moment}' bestaat niet. Kies Direct, VolgensFrequentie of LaatsteUitlezing.");
        }
        return ActivityResult.Complete(Planned);
    }
}
