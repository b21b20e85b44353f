using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Runs a workflow used as an activity (Elsa's WorkflowDefinitionActivity; <c>options.usableAsActivity</c>). The node has the type name
/// of the used workflow (<see cref="WorkflowActivityCatalog"/>) and carries <c>workflowDefinitionId</c> and the pinned
/// <c>workflowDefinitionVersionId</c>; the runtime picks this class for such a node. The node's inputs are evaluated here and passed
/// as the workflow's input; the workflow runs as a child instance of the same department (in this step's transaction) and this activity
/// waits for it. When it finishes, its outputs become this activity's outputs (and can be captured into variables) and the flowchart
/// continues on the outcomes an Elsa.Complete at its top gave, else on "Done".
/// Difference from Elsa: Elsa runs the used workflow inline, inside the same instance; here it is a child instance, so its journal
/// lines and activity executions are the child's (the instance viewer shows them there).
/// Not registered in the toolbox: every department sees its own workflows there instead.
/// </summary>
[Activity("Elsa", "WorkflowDefinitionActivity", Category = WorkflowActivityCatalog.DefaultCategory, DisplayName = "Workflow als activiteit",
    Description = "Voert een gepubliceerde workflow uit die als activiteit bruikbaar is en wacht op het resultaat.", IsBrowsable = false)]
public sealed class WorkflowDefinitionActivity : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var label = context.ActivityName ?? context.ActivityId;
        var node = context.Node ?? throw new ActivityInputException($"Activiteit '{label}' kan hier niet worden uitgevoerd (alleen binnen een lopende workflow).");
        var dispatcher = context.ChildWorkflows
            ?? throw new ActivityInputException($"Activiteit '{label}' kan hier geen workflow starten (alleen binnen een lopende workflow).");
        var definitionId = WorkflowActivityCatalog.ReferencedDefinitionId(node)
            ?? throw new ActivityInputException($"Activiteit '{label}' ({node.Type}) zegt niet welke workflow hij uitvoert. Sleep hem opnieuw uit de gereedschapskist.");
        var input = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Properties ?? [])
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("expression", out _) || node.GetInput(key)?.Expression is not { } expression)
            {
                continue;
            }
            var expressions = context.Expressions
                ?? throw new ActivityInputException($"Activiteit '{label}' kan zijn invoer hier niet berekenen (alleen binnen een lopende workflow).");
            input[key] = InputBinder.Evaluate(expression, expressions, key, label);
        }
        var bookmarkId = WorkflowStepExecutor.NewId();
        var childId = await dispatcher.DispatchAsync(new ChildWorkflowRequest
        {
            DefinitionId = definitionId, VersionId = WorkflowActivityCatalog.ReferencedVersionId(node), CorrelationId = context.CorrelationId,
            Input = input, ParentBookmarkId = bookmarkId, AsActivity = true, ActivityType = node.Type,
        }, context.CancellationToken);
        return ActivityResult.Wait(new BookmarkRequest(BookmarkKinds.DispatchWorkflow)
        {
            Id = bookmarkId, Payload = JsonSerializer.Serialize(new { childInstanceId = childId }),
        });
    }

    /// <summary>The workflow finished: its outputs are this activity's outputs; the flowchart continues on its outcomes.</summary>
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var result = string.IsNullOrWhiteSpace(resume.Payload) ? null : JsonSerializer.Deserialize<ChildWorkflowResult>(resume.Payload, WorkflowJson.Options);
        if (result is null || result.SubStatus != nameof(WorkflowSubStatus.Finished))
        {
            var how = result?.SubStatus switch
            {
                nameof(WorkflowSubStatus.Cancelled) => "is geannuleerd",
                nameof(WorkflowSubStatus.Faulted) => "is met een fout gestopt",
                _ => "is niet voltooid",
            };
            throw new ActivityInputException(
                $"De workflow die activiteit '{context.ActivityName ?? context.ActivityId}' uitvoerde, {how} (instantie {result?.WorkflowInstanceId}). " +
                "Bekijk die instantie; probeer deze stap daarna opnieuw.");
        }
        var outcomes = result.Outcomes is { Count: > 0 } given ? given : [DoneOutcome];
        return ValueTask.FromResult(ActivityResult.CompleteWithOutcomes(outcomes, new Dictionary<string, string?>(result.Output, StringComparer.Ordinal)));
    }
}
