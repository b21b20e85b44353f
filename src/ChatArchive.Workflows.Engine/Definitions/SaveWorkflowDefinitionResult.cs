using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>
/// The answer to a save (contract: <c>{"workflowDefinition","alreadyPublished","consumingWorkflowCount","validationErrors"}</c>).
/// With validation errors nothing was saved and <see cref="Definition"/> is the refused model.
/// </summary>
public sealed record SaveWorkflowDefinitionResult(
    WorkflowDefinition Definition,
    bool Saved,
    bool AlreadyPublished,
    bool CreatedNewVersion,
    IReadOnlyList<ValidationError> ValidationErrors)
{
    public int ConsumingWorkflowCount => 0;
}
