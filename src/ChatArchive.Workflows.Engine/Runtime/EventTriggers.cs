using System.Text.Json;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Elsa.Event as a trigger (Elsa: an Event activity with "can start workflow"): a published event starts a new instance of every
/// published workflow of the same department whose top-level Event activity waits for that event name and is marked
/// <c>customProperties.canStartWorkflow</c>. The published definitions are read per publication (events are rare; every node sees
/// every other node's publishes without a cache to keep in step).
/// </summary>
public static class EventTriggers
{
    public static async Task<IReadOnlyList<(WorkflowDefinition Definition, ActivityNode Event)>> FindAsync(IWorkflowDefinitionStore store, EventPublication publication,
        CancellationToken ct)
    {
        var found = new List<(WorkflowDefinition, ActivityNode)>();
        if (publication.InstanceId is not null)
        {
            // A local event (IsLocalEvent) only concerns the publishing instance.
            return found;
        }
        foreach (var d in await store.ListPublishedAsync(ct))
        {
            if (d.TenantId != publication.TenantId)
            {
                continue;
            }
            foreach (var a in ActivityTree.RootFlowchartOf(d).Activities ?? [])
            {
                if (a.Type == Activities.BuiltIn.Event.TypeName && CanStartWorkflow(a)
                    && a.GetInput(nameof(Activities.BuiltIn.Event.EventName))?.Expression is { Type: "Literal", Value: { } name }
                    && Activities.BuiltIn.Event.BookmarkPayload(name) == publication.BookmarkPayload)
                {
                    found.Add((d, a));
                }
            }
        }
        return found;
    }

    public static bool CanStartWorkflow(ActivityNode node) =>
        node.Properties?.TryGetValue("customProperties", out var custom) == true && custom.ValueKind == JsonValueKind.Object
        && custom.TryGetProperty("canStartWorkflow", out var flag) && flag.ValueKind == JsonValueKind.True;
}
