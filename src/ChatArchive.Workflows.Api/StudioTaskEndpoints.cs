using System.Text.Json.Nodes;
using ChatArchive.Workflows.Engine.HumanTasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ChatArchive.Workflows.Api;

/// <summary>Body of POST /tasks/{taskId}/complete: Elsa's <c>{"result": …}</c>; a text is the outcome, an object carries <c>outcome</c> and form data.</summary>
public sealed record CompleteStudioTaskRequest(JsonNode? Result);

/// <summary>Response: the task id, its outcome and who completed it (ids only).</summary>
public sealed record CompleteStudioTaskResponse(string TaskId, string Outcome, string CompletedBy);

/// <summary>
/// Elsa's <c>POST /tasks/{taskId}/complete</c> (the RunTask resume route Studio's client knows), mapped onto our human
/// tasks: only a process owner of the task's department who may act on it (its role or assignee) completes it.
/// </summary>
public static class StudioTaskEndpoints
{
    public static RouteGroupBuilder MapStudioTaskEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/tasks/{taskId}/complete", Complete);
        return api;
    }

    private static async Task<Results<ElsaOk<CompleteStudioTaskResponse>, ProblemHttpResult>> Complete(string taskId,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CompleteStudioTaskRequest? body, HttpContext context,
        [FromServices] IHumanTaskService tasks, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        string? outcome = null;
        string? formData = null;
        switch (body?.Result)
        {
            case JsonValue v when v.TryGetValue<string>(out var text):
                outcome = text;
                break;
            case JsonObject o when o["outcome"] is JsonValue ov && ov.TryGetValue<string>(out var text):
                outcome = text;
                var rest = o.DeepClone().AsObject();
                rest.Remove("outcome");
                formData = rest.Count == 0 ? null : rest.ToJsonString();
                break;
        }
        if (string.IsNullOrWhiteSpace(outcome))
        {
            return ElsaProblems.BadRequest("Kies een uitkomst: stuur {\"result\": \"…\"} of {\"result\": {\"outcome\": \"…\", …}} met een van de uitkomsten van de taak.");
        }
        var actor = new HumanTaskActor(tenant!.User.UserId, tenant.User.Roles.ToList(), [tenant.Department!]);
        var completed = await tasks.CompleteAsync(taskId, actor, outcome.Trim(), formData, ct);
        return ElsaJson.Ok(new CompleteStudioTaskResponse(completed.Id, outcome.Trim(), tenant.User.UserId));
    }
}
