using System.Text.Json.Nodes;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Server.Tasks;

/// <summary>A human task as the REST API shows it; form data and result are JSON objects, not strings.</summary>
public sealed record TaskModel(
    string Id, string InstanceId, string DefinitionId, string ActivityId, string? Department, string Title, string? Description,
    string? AssigneeRole, string? AssigneeUser, DateTimeOffset? DueAt, JsonNode? FormData, IReadOnlyList<string> Outcomes,
    HumanTaskStatus Status, string? ClaimedBy, DateTimeOffset? ClaimedAt, string? CompletedBy, DateTimeOffset? CompletedAt,
    string? Outcome, JsonNode? Result, DateTimeOffset CreatedAt)
{
    public static TaskModel From(HumanTaskItem t) => new(
        t.Id, t.InstanceId, t.DefinitionId, t.ActivityId, t.Department, t.Title, t.Description, t.AssigneeRole, t.AssigneeUser, t.DueAt,
        Parse(t.FormData), t.Outcomes, t.Status, t.ClaimedBy, t.ClaimedAt, t.CompletedBy, t.CompletedAt, t.Outcome, Parse(t.Result), t.CreatedAt);

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}

/// <summary>Body of POST /api/tasks/{id}/complete: the chosen outcome and the filled form.</summary>
public sealed record CompleteTaskRequest(string? Outcome, JsonObject? FormData);
