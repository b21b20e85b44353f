using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Officeholders;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// What the read-out activities share: find the instance's read-out (and check it is the instance's officeholder's),
/// turn a refused service call into an incident with its Dutch message, and wait on a task that the API's signal or
/// the person completes. No business rules here: those live in the read-out service and the classification module.
/// </summary>
public static class ReadOutSteps
{
    /// <summary>The user id recorded for steps the workflow itself runs (not a person).</summary>
    public const string WorkflowUser = "werkstroom";

    public static readonly Actor WorkflowActor = new(WorkflowUser, Roles.InformationProfessional);

    /// <summary>Event names carried in bookmark payloads; <see cref="WorkflowReadOutSignals"/> resumes by them.</summary>
    public static class Events
    {
        public const string Upload = "upload";
        public const string Findings = "findings";
        public const string Offered = "offered";
        public const string Validation = "validation";
        public const string Checklist = "checklist";
    }

    public static StepKey Step(ActivityContext context) => new(context.InstanceId, context.ActivityId);

    public static async Task<ReadOutState> RequireAsync(IReadOutService readOuts, ActivityContext context)
    {
        var officeholder = InstanceOfficeholder.Require(context);
        var state = await readOuts.FindByWorkflowInstanceAsync(context.InstanceId, context.CancellationToken)
            ?? throw new ActivityInputException(
                "Deze workflow-instantie heeft nog geen uitlezing. Zet de stap 'Uitleesafspraak' vóór deze stap en publiceer de workflow opnieuw.");
        if (state.OfficeholderId != officeholder)
        {
            throw new ActivityInputException(
                $"De uitlezing van deze instantie hoort bij bewindspersoon {state.OfficeholderId}, de instantie bij {officeholder}. Annuleer de instantie en start haar opnieuw.");
        }
        return state;
    }

    /// <summary>Runs a service call; a refusal becomes an incident carrying the service's Dutch message.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ReadOutException ex)
        {
            throw new ActivityInputException(ex.Message);
        }
    }

    /// <summary>
    /// A task that waits for something done through the API (an upload, an offer, verdicts): the API's signal completes
    /// it, or the person does; either way the activity checks the read-out's state before it goes on.
    /// </summary>
    public static ActivityResult WaitForTask(ActivityContext context, string title, string? description, string? role, string? user,
        IReadOnlyList<string> outcomes, string eventName, long? subjectId, string? dueAfter, object? form = null)
    {
        var formData = new JsonObject { ["gebeurtenis"] = eventName };
        if (subjectId is { } id)
        {
            formData["uitlezingId"] = id;
        }
        if (form is not null)
        {
            formData["formulier"] = JsonSerializer.SerializeToNode(form);
        }
        var payload = new JsonObject { ["event"] = eventName, ["subjectId"] = subjectId }.ToJsonString();
        return ActivityResult.Wait(new BookmarkRequest(BookmarkKinds.HumanTask)
        {
            Payload = payload,
            HumanTask = new HumanTaskRequest
            {
                Title = title,
                Description = description,
                AssigneeRole = user is null ? role : null,
                AssigneeUser = user,
                Department = DepartmentOf(context),
                DueAt = dueAfter is { Length: > 0 } ? IsoDuration.Parse(dueAfter, "Termijn").AddTo(context.Now) : null,
                FormData = formData.ToJsonString(),
                Outcomes = outcomes,
            },
        });
    }

    /// <summary>The instance's department: its definition's tenant, else its input (a government-wide template was started).</summary>
    public static string DepartmentOf(ActivityContext context) =>
        context.TenantId
        ?? (context.Input.TryGetValue(Processes.ProcessVariables.Department, out var d) && d is { Length: > 0 } ? d.Trim() : null)
        ?? throw new ActivityInputException(
            $"Deze workflow-instantie hoort bij geen departement, dus de taak kan aan niemand worden gegeven. Start de workflow vanuit een departement of met invoer '{Processes.ProcessVariables.Department}'.");

    /// <summary>True when a person (not the API's signal) completed the task.</summary>
    public static bool ByPerson(BookmarkResume resume) => resume.ResumedBy is { Length: > 0 } by && by != WorkflowUser;

    /// <summary>The event name of a bookmark payload written by <see cref="WaitForTask"/>; null for others.</summary>
    public static string? EventOf(string? payload)
    {
        if (payload is not { Length: > 0 })
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(payload)?["event"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The filled form of a completed task as an object; null when empty or not an object.</summary>
    public static JsonObject? Form(BookmarkResume resume)
    {
        if (resume.Payload is not { Length: > 0 } text)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
