using System.Text.Json.Nodes;
using ChatArchive.Workflows.Api.Models;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using EngineStatus = ChatArchive.Workflows.Engine.Runtime.WorkflowStatus;
using EngineSubStatus = ChatArchive.Workflows.Engine.Runtime.WorkflowSubStatus;

namespace ChatArchive.Workflows.Api;

/// <summary>/workflow-instances: the instance list, everything the instance viewer reads, cancel and delete (contract "Instance list", "Instance viewer").</summary>
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
        api.MapPost("/workflow-instances/{id}/cancel", Cancel);
        api.MapDelete("/workflow-instances/{id}", Delete);
        api.MapPost("/bulk-actions/cancel/workflow-instances", BulkCancel);
        api.MapPost("/bulk-actions/cancel/workflow-instances/by-id", BulkCancel);
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", BulkDelete);
        return api;
    }

    /// <summary>The instance when the tenant may see it; another department's instance is "not found" (no existence leak).</summary>
    internal static async Task<(WorkflowInstance? Instance, ProblemHttpResult? Problem)> FindAsync(string id, StudioTenant tenant, IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var instance = await instances.GetAsync(id, ct);
        if (instance is null || !tenant.MayRead(instance.TenantId))
        {
            return (null, ElsaProblems.NotFound($"Werkstroominstantie '{id}' bestaat niet of hoort niet bij uw departement. Kies er een uit de lijst."));
        }
        return (instance, null);
    }

    private static async Task<Results<ElsaOk<ItemsResponse<WorkflowInstanceSummaryModel>>, ProblemHttpResult>> List(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ListWorkflowInstancesRequest? body, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var request = body ?? new ListWorkflowInstancesRequest(null, null, null, null, null, null, null, null, null, null);
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
        return ElsaJson.Ok(new ItemsResponse<WorkflowInstanceSummaryModel>(page.Items.Select(ToStudio).ToList(), page.TotalCount));
    }

    internal static WorkflowInstanceSummaryModel ToStudio(WorkflowInstanceSummary s) => new(
        s.Id, s.DefinitionId, s.DefinitionVersionId, s.Version, Map(s.Status), Map(s.SubStatus), s.CorrelationId, s.Name,
        s.IncidentCount, s.CreatedAt, s.UpdatedAt, s.FinishedAt);

    internal static Models.WorkflowStatus Map(EngineStatus s) => Enum.Parse<Models.WorkflowStatus>(s.ToString());

    internal static Models.WorkflowSubStatus Map(EngineSubStatus s) => Enum.Parse<Models.WorkflowSubStatus>(s.ToString());

    private static async Task<Results<ElsaOk<WorkflowInstanceModel>, ProblemHttpResult>> Get(string id, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
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

    internal static JsonObject ToJson(IReadOnlyDictionary<string, string?> values)
    {
        var json = new JsonObject();
        foreach (var (k, v) in values) json[k] = v;
        return json;
    }

    /// <summary>POST /workflow-instances/{id}/journal?skip=&amp;take= with <c>{"filter":{"activityNodeIds":[…]}}</c>.</summary>
    private static async Task<Results<ElsaOk<ItemsResponse<JournalRecordModel>>, ProblemHttpResult>> Journal(string id, string? skip, string? take,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] JournalFilterRequest? body, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        if (!QueryValues.TryInt("skip", skip, 0, 0, int.MaxValue, out var skipValue, out problem)) return problem!;
        if (!QueryValues.TryInt("take", take, 100, 1, 10_000, out var takeValue, out problem)) return problem!;
        var (_, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        var nodeIds = body?.Filter?.ActivityNodeIds is { Count: > 0 } n ? n : null;
        var page = await instances.GetJournalAsync(id, skipValue, takeValue, nodeIds, ct);
        var items = page.Items.Select(e => new JournalRecordModel(
            e.Id, e.ActivityInstanceId ?? "", e.ParentActivityInstanceId, e.ActivityId ?? "", e.ActivityType ?? "", e.ActivityTypeVersion,
            e.ActivityName, e.NodeId ?? "", e.Timestamp, e.Sequence, e.EventName, e.Message, e.Source, ActivityState: null,
            e.Payload is { Length: > 0 } p ? JsonNode.Parse(p) as JsonObject : null)).ToList();
        return ElsaJson.Ok(new ItemsResponse<JournalRecordModel>(items, page.TotalCount));
    }

    private static async Task<Results<ElsaOk<ListResponse<ResolvedVariableModel>>, ProblemHttpResult>> Variables(string id, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
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
    private static async Task<Results<ElsaOk<WorkflowExecutionStateModel>, ProblemHttpResult>> ExecutionState(string id, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var (instance, notFound) = await FindAsync(id, tenant!, instances, ct);
        if (notFound is not null) return notFound;
        return ElsaJson.Ok(new WorkflowExecutionStateModel(instance!.Id, Map(instance.Status), Map(instance.SubStatus), instance.UpdatedAt));
    }

    /// <summary>The instance when the tenant may change it: found, visible and of the own department.</summary>
    private static async Task<(WorkflowInstance? Instance, ProblemHttpResult? Problem)> FindWritableAsync(string id, StudioTenant tenant, IWorkflowInstanceStore instances,
        string refusal, CancellationToken ct)
    {
        var (instance, notFound) = await FindAsync(id, tenant, instances, ct);
        if (notFound is not null) return (null, notFound);
        return DefinitionJson.IsWritable(instance!.TenantId, tenant) ? (instance, null) : (null, ElsaProblems.Forbidden(refusal));
    }

    /// <summary>Re-runs the failed steps of open incidents (issue 6: "an incident visible in Studio, with retry").</summary>
    private static async Task<Results<ElsaOk<RetryResponse>, ProblemHttpResult>> Retry(string id, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, [FromServices] IWorkflowRuntime runtime, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var (_, refused) = await FindWritableAsync(id, tenant!, instances, "Alleen het eigen departement kan deze werkstroom opnieuw proberen.", ct);
        if (refused is not null) return refused;
        return ElsaJson.Ok(new RetryResponse(await runtime.RetryAsync(id, ct)));
    }

    /// <summary>Elsa's cancel of one instance: a finished instance is a Dutch 409, nothing changes.</summary>
    private static async Task<Results<ElsaOk<CancelResponse>, ProblemHttpResult>> Cancel(string id, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, [FromServices] IWorkflowRuntime runtime, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var (instance, refused) = await FindWritableAsync(id, tenant!, instances, "Alleen het eigen departement kan deze werkstroom annuleren.", ct);
        if (refused is not null) return refused;
        if (instance!.Status == EngineStatus.Finished)
        {
            return ElsaProblems.Conflict($"Werkstroominstantie '{id}' is al beëindigd ({instance.SubStatus}) en kan niet meer worden geannuleerd.");
        }
        var cancelled = await runtime.CancelAsync(id, ct);
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-instance-cancel", "workflow-instance", id, cancelled);
        return ElsaJson.Ok(new CancelResponse(cancelled ? 1 : 0));
    }

    /// <summary>
    /// Bulk cancel (<c>{"ids":[…]}</c>). Every id is checked first: one that is unknown or of another department refuses the
    /// whole request, so nothing is cancelled half. Already finished instances are skipped and not counted.
    /// </summary>
    private static async Task<Results<ElsaOk<CancelResponse>, ProblemHttpResult>> BulkCancel(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] InstanceIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, [FromServices] IWorkflowRuntime runtime, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        if (!string.IsNullOrWhiteSpace(body?.DefinitionVersionId))
        {
            return ElsaProblems.BadRequest("Annuleren per werkstroomversie kan hier niet. Kies de instanties in de lijst en stuur {\"ids\": [\"…\"]}.");
        }
        var (found, refused) = await FindAllWritableAsync(body?.Ids, tenant!, instances, "annuleren", ct);
        if (refused is not null) return refused;
        var count = 0;
        foreach (var instance in found!.Where(i => i.Status != EngineStatus.Finished))
        {
            if (await runtime.CancelAsync(instance.Id, ct)) count++;
        }
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-instance-cancel", "workflow-instance", "bulk");
        return ElsaJson.Ok(new CancelResponse(count));
    }

    private static async Task<(List<WorkflowInstance>? Found, ProblemHttpResult? Problem)> FindAllWritableAsync(IEnumerable<string?>? requested, StudioTenant tenant,
        IWorkflowInstanceStore instances, string verb, CancellationToken ct)
    {
        var ids = DefinitionEndpoints.DistinctIds(requested);
        if (ids.Count == 0) return (null, ElsaProblems.BadRequest($"Kies een of meer werkstroominstanties om te {verb}: stuur {{\"ids\": [\"…\"]}}."));
        if (ids.Count > 1000) return (null, ElsaProblems.BadRequest($"U kunt ten hoogste 1000 instanties tegelijk {verb}; u koos er {ids.Count}."));
        var found = new List<WorkflowInstance>();
        foreach (var id in ids)
        {
            var (instance, refused) = await FindWritableAsync(id, tenant, instances, $"Alleen het eigen departement kan werkstroominstantie '{id}' {verb}. Er is niets gewijzigd.", ct);
            if (refused is not null) return (null, refused);
            found.Add(instance!);
        }
        return (found, null);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var (_, refused) = await FindWritableAsync(id, tenant!, instances, "Alleen het eigen departement kan deze werkstroom verwijderen.", ct);
        if (refused is not null) return refused;
        await instances.DeleteAsync([id], ct);
        return TypedResults.NoContent();
    }

    /// <summary>Bulk delete (<c>{"ids":[…]}</c>): all ids are checked before any is deleted, then deleted in one call.</summary>
    private static async Task<Results<ElsaOk<BulkDeleteInstancesResponse>, ProblemHttpResult>> BulkDelete(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] InstanceIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var (found, refused) = await FindAllWritableAsync(body?.Ids, tenant!, instances, "verwijderen", ct);
        if (refused is not null) return refused;
        var deleted = await instances.DeleteAsync(found!.Select(i => i.Id).ToList(), ct);
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-instance-delete", "workflow-instance", "bulk");
        return ElsaJson.Ok(new BulkDeleteInstancesResponse(deleted));
    }
}
