using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using System.Text.Json.Nodes;
using ChatArchive.Workflows.Api.Models;
using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Workflows.Api;

/// <summary>/activity-executions and /activity-execution-summaries: what the viewer shows per activity (contract "Instance viewer").</summary>
public static class ActivityExecutionEndpoints
{
    public static RouteGroupBuilder MapActivityExecutionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/activity-executions/list", List);
        api.MapGet("/activity-execution-summaries/list", Summaries);
        api.MapGet("/activity-executions/by-id", ById);
        api.MapPost("/activity-executions/report", Report);
        return api;
    }

    private static async Task<(IReadOnlyList<ActivityExecutionRecord>? Records, ProblemHttpResult? Problem)> LoadAsync(ActivityExecutionQuery q, HttpContext context,
        IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return (null, problem);
        if (string.IsNullOrWhiteSpace(q.WorkflowInstanceId)) return (null, ElsaProblems.BadRequest("Geef de werkstroominstantie op (parameter 'WorkflowInstanceId')."));
        var (_, notFound) = await InstanceEndpoints.FindAsync(q.WorkflowInstanceId, tenant!, instances, ct);
        if (notFound is not null) return (null, notFound);
        return (await instances.GetActivityExecutionsAsync(q.WorkflowInstanceId, string.IsNullOrWhiteSpace(q.ActivityNodeId) ? null : q.ActivityNodeId, ct), null);
    }

    private static async Task<Results<ElsaOk<ListResponse<ActivityExecutionRecordModel>>, ProblemHttpResult>> List([AsParameters] ActivityExecutionQuery q,
        HttpContext context, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (records, problem) = await LoadAsync(q, context, instances, ct);
        if (problem is not null) return problem;
        return ElsaJson.Ok(ListResponse<ActivityExecutionRecordModel>.Of(records!.Select(ToStudio).ToList()));
    }

    private static async Task<Results<ElsaOk<ListResponse<ActivityExecutionSummaryModel>>, ProblemHttpResult>> Summaries([AsParameters] ActivityExecutionQuery q,
        HttpContext context, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (records, problem) = await LoadAsync(q, context, instances, ct);
        if (problem is not null) return problem;
        return ElsaJson.Ok(ListResponse<ActivityExecutionSummaryModel>.Of(records!.Select(r => new ActivityExecutionSummaryModel(
            r.Id, r.InstanceId, r.ActivityId, r.ActivityNodeId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName, r.StartedAt,
            r.HasBookmarks, Map(r.Status), Metadata(r), r.Status == ActivityExecutionStatus.Faulted ? 1 : 0, r.CompletedAt)).ToList()));
    }

    private static async Task<Results<ElsaOk<ActivityExecutionRecordModel>, ProblemHttpResult>> ById(string? id, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(id)) return ElsaProblems.BadRequest("Geef de activiteituitvoering op (parameter 'id').");
        var record = await instances.GetActivityExecutionAsync(id, ct);
        if (record is not null)
        {
            var (_, notFound) = await InstanceEndpoints.FindAsync(record.InstanceId, tenant!, instances, ct);
            if (notFound is null) return ElsaJson.Ok(ToStudio(record));
        }
        return ElsaProblems.NotFound($"Activiteituitvoering '{id}' bestaat niet of hoort niet bij uw departement.");
    }

    /// <summary>POST /activity-executions/report <c>{"workflowInstanceId","activityNodeIds":[…]}</c> → <c>{"stats":[…]}</c>.</summary>
    private static async Task<Results<ElsaOk<ActivityExecutionReportModel>, ProblemHttpResult>> Report(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ActivityExecutionReportRequest? request, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(request?.WorkflowInstanceId)) return ElsaProblems.BadRequest("Geef de werkstroominstantie op ('workflowInstanceId').");
        var (_, notFound) = await InstanceEndpoints.FindAsync(request.WorkflowInstanceId, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        var stats = await instances.GetActivityStatsAsync(request.WorkflowInstanceId, request.ActivityNodeIds is { Count: > 0 } n ? n : null, ct);
        return ElsaJson.Ok(new ActivityExecutionReportModel(stats.Select(s => new ActivityExecutionStatsModel(
            s.ActivityId, s.ActivityNodeId, s.StartedCount, s.CompletedCount, s.UncompletedCount, s.IsBlocked, s.IsFaulted, [])).ToList()));
    }

    private static ActivityExecutionRecordModel ToStudio(ActivityExecutionRecord r) => new(
        r.Id, r.InstanceId, r.ActivityId, r.ActivityNodeId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName,
        ActivityState: ToJson(r.Inputs), Payload: null, Outputs: ToJson(r.Outputs), Properties: [], Metadata(r),
        r.Exception is null ? null : new JsonObject { ["message"] = r.Exception }, Map(r.Status), r.Status == ActivityExecutionStatus.Faulted ? 1 : 0,
        r.StartedAt, r.HasBookmarks, r.CompletedAt);

    private static JsonObject Metadata(ActivityExecutionRecord r) => r.Outcome is null ? [] : new JsonObject { ["outcome"] = r.Outcome };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string?> values) => InstanceEndpoints.ToJson(values);

    private static ActivityStatus Map(ActivityExecutionStatus s) => s switch
    {
        ActivityExecutionStatus.Completed => ActivityStatus.Completed,
        ActivityExecutionStatus.Faulted => ActivityStatus.Faulted,
        ActivityExecutionStatus.Canceled => ActivityStatus.Canceled,
        _ => ActivityStatus.Running,
    };
}
