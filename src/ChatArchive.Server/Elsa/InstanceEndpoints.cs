using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Server.Elsa.Models;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;
using EngineStatus = ChatArchive.Workflows.Engine.Runtime.WorkflowStatus;
using EngineSubStatus = ChatArchive.Workflows.Engine.Runtime.WorkflowSubStatus;

namespace ChatArchive.Server.Elsa;

/// <summary>/workflow-instances: the instance list and everything the instance viewer reads (contract "Instance list", "Instance viewer").</summary>
public static class InstanceEndpoints
{
    public static RouteGroupBuilder MapInstanceEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", List);
        api.MapGet("/workflow-instances/{id}", Get);
        api.MapPost("/workflow-instances/{id}/journal", Journal);
        api.MapGet("/workflow-instances/{id}/variables", Variables);
        api.MapGet("/workflow-instances/{id}/execution-state", ExecutionState);
        api.MapPost("/workflow-instances/{id}/retry", Retry);
        api.MapDelete("/workflow-instances/{id}", Delete);
        return api;
    }

    /// <summary>The instance when the tenant may see it; another department's instance is "not found" (no existence leak).</summary>
    internal static async Task<(WorkflowInstance? Instance, IResult? Problem)> FindAsync(string id, StudioTenant tenant, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var instance = await instances.GetAsync(id, ct);
        if (instance is null || !tenant.MayRead(instance.TenantId))
        {
            return (null, ElsaProblems.NotFound($"Werkstroominstantie '{id}' bestaat niet of hoort niet bij uw departement. Kies er een uit de lijst."));
        }
        return (instance, null);
    }

    private static async Task<IResult> List(HttpContext context, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var body = await DefinitionEndpoints.ReadObjectAsync(context, ct) ?? [];
        var request = body.Deserialize<ListWorkflowInstancesRequest>(ElsaJson.Options)!;
        if (request.Page is < 0 || request.PageSize is < 1 or > 1000)
        {
            return ElsaProblems.BadRequest("'page' moet 0 of hoger zijn en 'pageSize' van 1 tot en met 1000.");
        }
        var statuses = new List<EngineStatus>();
        foreach (var s in request.Statuses ?? [])
        {
            if (!Enum.TryParse<EngineStatus>(s, ignoreCase: true, out var parsed)) return ElsaProblems.BadRequest($"Onbekende status '{s}'. Gebruik Running of Finished.");
            statuses.Add(parsed);
        }
        var subStatuses = new List<EngineSubStatus>();
        foreach (var s in request.SubStatuses ?? [])
        {
            if (!Enum.TryParse<EngineSubStatus>(s, ignoreCase: true, out var parsed))
            {
                return ElsaProblems.BadRequest($"Onbekende substatus '{s}'. Gebruik Pending, Executing, Suspended, Finished, Cancelled of Faulted.");
            }
            subStatuses.Add(parsed);
        }
        var definitionIds = (request.DefinitionIds ?? []).Concat(request.DefinitionId is { Length: > 0 } d ? [d] : []).ToList();
        var page = await instances.ListAsync(new WorkflowInstanceQuery
        {
            Tenant = tenant!.Department,
            AllTenants = tenant.Department is null && tenant.User.AllDepartments,
            SearchTerm = string.IsNullOrWhiteSpace(request.SearchTerm) ? null : request.SearchTerm,
            DefinitionIds = definitionIds.Count == 0 ? null : definitionIds,
            Statuses = statuses.Count == 0 ? null : statuses,
            SubStatuses = subStatuses.Count == 0 ? null : subStatuses,
            CorrelationId = request.CorrelationId,
            Page = request.Page ?? 0,
            PageSize = request.PageSize ?? 50,
            Descending = request.OrderDirection != "Ascending",
        }, ct);
        return ElsaJson.Ok(new { items = page.Items.Select(ToStudio).ToList(), totalCount = page.TotalCount });
    }

    internal static WorkflowInstanceSummaryModel ToStudio(WorkflowInstanceSummary s) => new(
        s.Id, s.DefinitionId, s.DefinitionVersionId, s.Version, Map(s.Status), Map(s.SubStatus), s.CorrelationId, s.Name,
        s.IncidentCount, s.CreatedAt, s.UpdatedAt, s.FinishedAt);

    internal static Models.WorkflowStatus Map(EngineStatus s) => Enum.Parse<Models.WorkflowStatus>(s.ToString());

    internal static Models.WorkflowSubStatus Map(EngineSubStatus s) => Enum.Parse<Models.WorkflowSubStatus>(s.ToString());

    private static async Task<IResult> Get(string id, HttpContext context, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var (instance, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        var bookmarks = await instances.GetBookmarksAsync(id, ct);
        var i = instance!;
        var state = new WorkflowStateModel(
            i.Id, i.DefinitionId, i.Version, i.DefinitionVersionId, i.CorrelationId, Map(i.Status), Map(i.SubStatus),
            bookmarks.Select(b => new BookmarkModel(b.Id, b.Kind, b.Id, b.ActivityId, b.ActivityNodeId, b.ActivityInstanceId, b.CreatedAt,
                b.DueAt is { } due ? new JsonObject { ["dueAt"] = due } : null)).ToList(),
            i.State.Incidents.Where(x => x.ResolvedAt is null).Select(x => new IncidentModel(x.ActivityId, x.ActivityNodeId, x.ActivityType, x.Message,
                x.ExceptionType is null ? null : new JsonObject { ["type"] = x.ExceptionType, ["message"] = x.Message }, x.Timestamp)).ToList(),
            Fault: null, CompletionCallbacks: [], ActivityExecutionContexts: [], ToJson(i.State.Input), ToJson(i.State.Output), [],
            i.CreatedAt, i.UpdatedAt, i.FinishedAt);
        return ElsaJson.Ok(new WorkflowInstanceModel(i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, Map(i.Status), Map(i.SubStatus),
            i.CorrelationId, i.Name, i.IncidentCount, IsSystem: false, i.CreatedAt, i.UpdatedAt, i.FinishedAt, state));
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string?> values)
    {
        var json = new JsonObject();
        foreach (var (k, v) in values) json[k] = v;
        return json;
    }

    /// <summary>POST /workflow-instances/{id}/journal?skip=&amp;take= with <c>{"filter":{"activityNodeIds":[…]}}</c>.</summary>
    private static async Task<IResult> Journal(string id, HttpContext context, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        if (!QueryValues.TryInt(context.Request, "skip", 0, 0, int.MaxValue, out var skip, out problem)) return problem!;
        if (!QueryValues.TryInt(context.Request, "take", 100, 1, 10_000, out var take, out problem)) return problem!;
        var (_, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        var body = await DefinitionEndpoints.ReadObjectAsync(context, ct) ?? [];
        var filter = body.Deserialize<JournalFilterRequest>(ElsaJson.Options)?.Filter;
        var nodeIds = filter?.ActivityNodeIds is { Count: > 0 } n ? n : null;
        var page = await instances.GetJournalAsync(id, skip, take, nodeIds, ct);
        var items = page.Items.Select(e => new JournalRecordModel(
            e.Id, e.ActivityInstanceId ?? "", e.ParentActivityInstanceId, e.ActivityId ?? "", e.ActivityType ?? "", e.ActivityTypeVersion,
            e.ActivityName, e.NodeId ?? "", e.Timestamp, e.Sequence, e.EventName, e.Message, e.Source, ActivityState: null,
            e.Payload is { Length: > 0 } p ? JsonNode.Parse(p) as JsonObject : null)).ToList();
        return ElsaJson.Ok(new { items, totalCount = page.TotalCount });
    }

    private static async Task<IResult> Variables(string id, HttpContext context, [FromServices] IWorkflowInstanceStore instances, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var (instance, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        // Variable ids come from the definition version the instance runs on; values are kept by name.
        var scope = instance!.TenantId is null ? new TenantScope(null) : TenantScope.ForDepartment(instance.TenantId);
        var definition = await definitions.GetByVersionIdAsync(instance.DefinitionVersionId, scope, ct);
        var ids = (definition?.Variables ?? []).Where(v => !string.IsNullOrEmpty(v.Name)).GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.First().Id);
        var items = instance.State.Variables
            .Select(kv => new ResolvedVariableModel(ids.GetValueOrDefault(kv.Key) ?? kv.Key, kv.Key, kv.Value is null ? null : JsonValue.Create(kv.Value)))
            .ToList();
        return ElsaJson.Ok(ListResponse<ResolvedVariableModel>.Of(items));
    }

    /// <summary>Polled by the viewer while an instance runs, as this server offers no real-time feature (contract).</summary>
    private static async Task<IResult> ExecutionState(string id, HttpContext context, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var (instance, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        return ElsaJson.Ok(new WorkflowExecutionStateModel(instance!.Id, Map(instance.Status), Map(instance.SubStatus), instance.UpdatedAt));
    }

    /// <summary>Re-runs the failed steps of open incidents (issue 6: "an incident visible in Studio, with retry").</summary>
    private static async Task<IResult> Retry(string id, HttpContext context, [FromServices] IWorkflowInstanceStore instances, [FromServices] IWorkflowRuntime runtime, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var (instance, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        if (!DefinitionJson.IsWritable(instance!.TenantId, tenant!)) return ElsaProblems.Forbidden("Alleen het eigen departement kan deze werkstroom opnieuw proberen.");
        return ElsaJson.Ok(new { retried = await runtime.RetryAsync(id, ct) });
    }

    private static async Task<IResult> Delete(string id, HttpContext context, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var (instance, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        if (!DefinitionJson.IsWritable(instance!.TenantId, tenant!)) return ElsaProblems.Forbidden("Alleen het eigen departement kan deze werkstroom verwijderen.");
        await instances.DeleteAsync([id], ct);
        return Results.NoContent();
    }
}
