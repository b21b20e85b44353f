using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.DispatchWorkflow</c>: starts a new instance of the published version of another workflow of the same
/// department, with input (a JSON object; Elsa adds <c>ParentInstanceId</c>) and a correlation id. With
/// <c>WaitForCompletion</c> it waits for the child to finish and puts the child's output in <c>Result</c>; otherwise it
/// continues at once. The child is created in the same transaction as this step.
/// </summary>
[Activity("Elsa", "DispatchWorkflow", Category = "Composition", DisplayName = "Workflow starten",
    Description = "Start een nieuwe instantie van een andere (gepubliceerde) workflow, en wacht desgewenst tot die klaar is.")]
public sealed class DispatchWorkflow : Activity
{
    [Input(DisplayName = "Workflow", Description = "De definitie-id van de workflow die wordt gestart.", UIHint = UiHints.WorkflowDefinitionPicker, Required = true)]
    public string? WorkflowDefinitionId { get; set; }

    [Input(DisplayName = "Correlatie-id", Description = "De correlatie-id van de nieuwe instantie.")]
    public string? CorrelationId { get; set; }

    [Input(DisplayName = "Invoer", Description = "De invoer voor de workflow, als JSON-object.", UIHint = UiHints.JsonEditor, TypeName = "Object")]
    public string? Input { get; set; }

    [Input(DisplayName = "Wachten tot voltooid", Description = "Wacht tot de gestarte workflow klaar is voordat deze stap verder gaat.")]
    public bool WaitForCompletion { get; set; }

    [Input(DisplayName = "Nieuwe trace", Description = "Start een nieuwe trace-context (OpenTelemetry); deze server houdt geen traces bij.", Category = "Open Telemetry")]
    public bool StartNewTrace { get; set; }

    [Input(DisplayName = "Kanaal", Description = "Het kanaal waarop de workflow wordt gestart; deze server kent één kanaal.")]
    public string? ChannelName { get; set; }

    [Output(DisplayName = "Resultaat", Description = "De uitvoer van de gestarte workflow (alleen bij wachten tot voltooid).")]
    public string? Result { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var dispatcher = context.ChildWorkflows
            ?? throw new ActivityInputException("Deze activiteit kan hier geen workflow starten (alleen binnen een lopende workflow).");
        var input = ParseInput(Input);
        input["ParentInstanceId"] = context.InstanceId;
        var bookmarkId = WaitForCompletion ? WorkflowStepExecutor.NewId() : null;
        var childId = await dispatcher.DispatchAsync(new ChildWorkflowRequest
        {
            DefinitionId = WorkflowDefinitionId!.Trim(), CorrelationId = CorrelationId, Input = input, ParentBookmarkId = bookmarkId,
        }, context.CancellationToken);
        if (bookmarkId is null)
        {
            return ActivityResult.Complete();
        }
        return ActivityResult.Wait(new BookmarkRequest(BookmarkKinds.DispatchWorkflow)
        {
            Id = bookmarkId, Payload = JsonSerializer.Serialize(new { childInstanceId = childId }),
        });
    }

    /// <summary>The child finished: its output (a JSON object) is this activity's Result.</summary>
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        Result = ChildOutput(resume.Payload);
        return ValueTask.FromResult(ActivityResult.Complete(DoneOutcome, new Dictionary<string, string?> { ["Result"] = Result }));
    }

    /// <summary>
    /// The finished child's output (a JSON object) from the resume payload: <c>{"workflowInstanceId","status","subStatus","output":{…}}</c>,
    /// or, from a child that finished before this format, the output object itself.
    /// </summary>
    internal static string? ChildOutput(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return payload;
        }
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("workflowInstanceId", out _)
            && doc.RootElement.TryGetProperty("output", out var output)
            ? output.GetRawText()
            : payload;
    }

    internal static Dictionary<string, string?> ParseInput(string? json)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ActivityInputException("Het veld 'Invoer' moet een JSON-object zijn, bijv. {\"afdeling\": \"BZK\"}.");
            }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                result[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    JsonValueKind.True => "True",
                    JsonValueKind.False => "False",
                    _ => p.Value.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            throw new ActivityInputException("Het veld 'Invoer' is geen geldige JSON. Geef een JSON-object, bijv. {\"afdeling\": \"BZK\"}.");
        }
        return result;
    }
}
