using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// The root container (contract: provide <c>Elsa.Flowchart</c>, container, not browsable). The runtime
/// interprets its activities and connections itself; the class exists so its descriptor is generated like the others.
/// </summary>
[Activity("Elsa", "Flowchart", Category = "Flow", DisplayName = "Flowchart", Description = "Stroomschema: activiteiten verbonden via hun uitkomsten.",
    IsContainer = true, IsBrowsable = false)]
[Outcomes]
public sealed class Flowchart : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        throw new InvalidOperationException("A flowchart is interpreted by the runtime, not executed as an activity.");
}
