using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.FlowJoin</c>: merges branches. The flowchart runs it by its <c>Mode</c> (WaitAny: as soon as one inbound
/// branch arrives; WaitAll: when all inbound branches were followed; WaitAllActive: when every branch that was taken has
/// arrived); when it runs, inbound branches that still wait are cancelled.
/// </summary>
[Activity("Elsa", "FlowJoin", Category = "Branching", DisplayName = "Samenvoegen",
    Description = "Voegt takken samen: wacht op één tak (WaitAny), op alle takken (WaitAll) of op alle gestarte takken (WaitAllActive).")]
public sealed class FlowJoin : Activity
{
    public const string TypeName = "Elsa.FlowJoin";

    [Input(DisplayName = "Modus", Description = "WaitAny: verder zodra één tak binnenkomt; WaitAll: als alle takken binnen zijn; WaitAllActive: als alle gestarte takken binnen zijn.",
        DefaultValue = nameof(FlowJoinMode.WaitAny))]
    public FlowJoinMode Mode { get; set; } = FlowJoinMode.WaitAny;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete() with { CancelsInboundBranches = true });
}
