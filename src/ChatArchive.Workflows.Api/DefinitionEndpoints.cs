using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Workflows.Api.Models;
using ChatArchive.Workflows.Engine;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ChatArchive.Workflows.Api;

/// <summary>/workflow-definitions: list, get, save/publish, versions, name check, execute, retract, delete, template copy.</summary>
public static class DefinitionEndpoints
{
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";
    public const string CannotStartHeader = "x-elsa-workflow-cannot-start";

    public static RouteGroupBuilder MapDefinitionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions", List);
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", GetByDefinitionId);
        api.MapGet("/workflow-definitions/by-id/{versionId}", GetByVersionId);
        api.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUnique);
        api.MapPost("/workflow-definitions", Save);
        api.MapPost("/workflow-definitions/bulk-publish", BulkPublish);
        api.MapPost("/workflow-definitions/{definitionId}/publish", Publish);
        api.MapPost("/workflow-definitions/{definitionId}/retract", Retract);
        api.MapDelete("/workflow-definitions/{definitionId}", Delete);
        api.MapPost("/workflow-definitions/{definitionId}/execute", Execute);
        api.MapPost("/workflow-definitions/{definitionId}/copy-to-department", CopyTemplate);
        return api;
    }

    /// <summary>GET /workflow-definitions?versionOptions=&amp;Page=&amp;PageSize=&amp;SearchTerm=&amp;DefinitionIds=&amp;Ids=&amp;OrderBy=&amp;OrderDirection=</summary>
    private static async Task<Results<ElsaOk<PagedListResponse<WorkflowDefinitionSummaryModel>>, ProblemHttpResult>> List(
        [AsParameters] ListDefinitionsQuery q, HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        if (!QueryValues.TryInt("Page", q.Page, 0, 0, 1_000_000, out var page, out problem)) return problem!;
        if (!QueryValues.TryInt("PageSize", q.PageSize, 50, 1, 1000, out var pageSize, out problem)) return problem!;
        var orderBy = DefinitionOrder.Name;
        if (!string.IsNullOrWhiteSpace(q.OrderBy) && !Enum.TryParse(q.OrderBy, ignoreCase: true, out orderBy))
        {
            return ElsaProblems.BadRequest($"Onbekende sortering '{q.OrderBy}'. Gebruik Name, Version of CreatedAt.");
        }
        if (!string.IsNullOrWhiteSpace(q.OrderDirection) && q.OrderDirection is not ("Ascending" or "Descending"))
        {
            return ElsaProblems.BadRequest($"Onbekende sorteerrichting '{q.OrderDirection}'. Gebruik Ascending of Descending.");
        }
        var query = new WorkflowDefinitionQuery
        {
            VersionOptions = VersionOptions.Parse(q.VersionOptions),
            Tenant = tenant!.Department,
            IncludeTemplates = true,
            SearchTerm = q.SearchTerm is { Length: > 0 } term ? term : null,
            DefinitionIds = QueryValues.List(q.DefinitionIds) ?? QueryValues.List(q.DefinitionId),
            Ids = QueryValues.List(q.Ids),
            Page = page,
            PageSize = pageSize,
            OrderBy = orderBy,
            Descending = q.OrderDirection == "Descending",
        };
        var result = await definitions.ListAsync(query, tenant.Scope, ct);
        // Without a "bulk-publish" link Studio shows the list read-only (contract "Definition list").
        return ElsaJson.Ok(new PagedListResponse<WorkflowDefinitionSummaryModel>(
            result.Items.Select(s => DefinitionJson.ToStudio(s, tenant)).ToList(), result.TotalCount, DefinitionJson.ListLinks(tenant.MayWrite)));
    }

    private static async Task<Results<ElsaOk<JsonObject>, ProblemHttpResult>> GetByDefinitionId(string definitionId, string? versionOptions, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var options = VersionOptions.Parse(versionOptions is { Length: > 0 } v ? v : "Latest");
        var definition = await definitions.GetAsync(definitionId, options, tenant!.Scope, ct);
        return definition is null
            ? ElsaProblems.NotFound($"Werkstroom '{definitionId}' ({options}) bestaat niet of hoort niet bij uw departement. Kies een werkstroom uit de lijst.")
            : ElsaJson.Ok(DefinitionJson.ToStudio(definition, tenant));
    }

    private static async Task<Results<ElsaOk<JsonObject>, ProblemHttpResult>> GetByVersionId(string versionId, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var definition = await definitions.GetByVersionIdAsync(versionId, tenant!.Scope, ct);
        return definition is null
            ? ElsaProblems.NotFound($"Versie '{versionId}' bestaat niet of hoort niet bij uw departement. Kies een versie uit de versiegeschiedenis.")
            : ElsaJson.Ok(DefinitionJson.ToStudio(definition, tenant));
    }

    /// <summary>Studio tries up to 100 names when this is missing, then throws (contract "Definition list").</summary>
    private static async Task<Results<ElsaOk<IsNameUniqueResponse>, ProblemHttpResult>> IsNameUnique(string? name, string? definitionId, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(name)) return ElsaProblems.BadRequest("Geef de naam op die u wilt controleren (parameter 'name').");
        var unique = await definitions.IsNameUniqueAsync(name.Trim(), definitionId, tenant!.Scope, ct);
        return ElsaJson.Ok(new IsNameUniqueResponse(unique));
    }

    /// <summary>Autosave, publish and create (contract "Editing"): body <c>{"model":{…},"publish":bool|null}</c>.</summary>
    private static async Task<Results<ElsaOk<SaveWorkflowDefinitionResponse>, ProblemHttpResult>> Save(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] SaveWorkflowDefinitionRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        if (body?.Model is not { } modelJson)
        {
            return ElsaProblems.BadRequest("Het verzoek mist 'model': stuur {\"model\": {…werkstroom…}, \"publish\": false}.");
        }
        var publish = body.Publish == true;
        var model = modelJson.Deserialize<WorkflowDefinition>(WorkflowJson.Options) ?? throw new JsonException("model is null");
        if (await SquatsAnotherDepartmentAsync(context, model.DefinitionId, tenant!, ct) is { } squat) return squat;
        var result = await definitions.SaveAsync(model, publish, tenant!.Scope, ct);
        await Host(context).AuditAsync(context, publish ? AuditActionNames.DefinitionPublish : AuditActionNames.DefinitionSave, "workflow-definition",
            result.Definition.DefinitionId, result.Saved);
        return SaveResult(result, tenant);
    }

    internal static IStudioHost Host(HttpContext context) => context.RequestServices.GetRequiredService<IStudioHost>();

    private static Results<ElsaOk<SaveWorkflowDefinitionResponse>, ProblemHttpResult> SaveResult(SaveWorkflowDefinitionResult result, StudioTenant tenant)
    {
        var errors = result.ValidationErrors.Select(e => new ValidationErrorModel(e.Message, e.ActivityId)).ToList();
        if (!result.Saved)
        {
            return ElsaProblems.BadRequest(
                "De werkstroom is niet opgeslagen: " + string.Join(" ", errors.Select(e => e.Message)),
                new Dictionary<string, object?> { ["validationErrors"] = errors });
        }
        return ElsaJson.Ok(new SaveWorkflowDefinitionResponse(DefinitionJson.ToStudio(result.Definition, tenant), result.AlreadyPublished, result.ConsumingWorkflowCount, errors));
    }

    private static async Task<Results<ElsaOk<SaveWorkflowDefinitionResponse>, ProblemHttpResult>> Publish(string definitionId, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        return SaveResult(await definitions.PublishAsync(definitionId, tenant!.Scope, ct), tenant);
    }

    /// <summary>
    /// The list's "publish selected" (link rel bulk-publish), at our first route and at Studio 3.8's
    /// <c>/bulk-actions/publish/workflow-definitions/by-definition-ids</c>: body <c>{"definitionIds":[…]}</c>. Each id is
    /// published on its own; a refused or invisible one is reported, never half-published.
    /// </summary>
    internal static async Task<Results<ElsaOk<BulkPublishResponse>, ProblemHttpResult>> BulkPublish(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DefinitionIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var ids = DistinctIds(body?.DefinitionIds);
        if (ids.Count == 0) return ElsaProblems.BadRequest("Kies een of meer werkstromen om te publiceren: stuur {\"definitionIds\": [\"…\"]}.");
        List<string> published = [], alreadyPublished = [], notFound = [], skipped = [];
        foreach (var id in ids)
        {
            var latest = await definitions.GetAsync(id, VersionOptions.Latest, tenant!.Scope, ct);
            if (latest is null) { notFound.Add(id); continue; }
            if (!DefinitionJson.IsWritable(latest.TenantId, tenant)) { skipped.Add(id); continue; }
            if (latest.IsPublished) { alreadyPublished.Add(id); continue; }
            try
            {
                var result = await definitions.PublishAsync(id, tenant.Scope, ct);
                (result.Saved ? published : skipped).Add(id);
            }
            catch (WorkflowEngineException)
            {
                skipped.Add(id);
            }
        }
        return ElsaJson.Ok(new BulkPublishResponse(published, alreadyPublished, notFound, skipped, []));
    }

    /// <summary>The body as a JSON object, or null when empty; malformed JSON raises JsonException (400 through <see cref="EngineProblemFilter"/>). The server's task API reads its bodies with it.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context, CancellationToken ct)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("body is not an object");
    }

    internal static List<string> DistinctIds(IEnumerable<string?>? ids) =>
        (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static async Task<Results<ElsaOk<JsonObject>, ProblemHttpResult>> Retract(string definitionId, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        return ElsaJson.Ok(DefinitionJson.ToStudio(await definitions.RetractAsync(definitionId, tenant!.Scope, ct), tenant));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string definitionId, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        await definitions.DeleteAsync(definitionId, tenant!.Scope, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Definition ids are unique per department: a department's copy of template T is "&lt;code&gt;-T", so an id that starts
    /// with ANOTHER department's code would take that department's name space and make its copy fail (security probe,
    /// Medium). Such ids are refused; Studio itself never chooses one (new definitions get a generated id).
    /// </summary>
    internal static async Task<ProblemHttpResult?> SquatsAnotherDepartmentAsync(HttpContext context, string? definitionId, StudioTenant tenant, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(definitionId) || tenant.Department is null) return null;
        var dash = definitionId.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0) return null;
        var prefix = definitionId[..dash];
        if (string.Equals(prefix, tenant.Department, StringComparison.OrdinalIgnoreCase)) return null;
        // Codes are few (tens) and compared case-insensitively, as the copy's id is lower case ("jenv-…" for JenV).
        var codes = await Host(context).DepartmentCodesAsync(ct);
        var owner = codes.FirstOrDefault(c => string.Equals(c, prefix, StringComparison.OrdinalIgnoreCase));
        return owner is not null
            ? ElsaProblems.Forbidden($"De id '{definitionId}' begint met de code van departement {owner}. Kies een id zonder die code, of laat de id leeg; de Studio kiest er dan een.")
            : null;
    }

    /// <summary>Studio's Run: body <c>{"correlationId","triggerActivityId","versionOptions","input"}</c>; the new id goes in a header.</summary>
    private static async Task<Results<ElsaOk<ExecuteResponse>, ProblemHttpResult>> Execute(string definitionId,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ExecuteWorkflowDefinitionRequest? body, HttpContext context,
        [FromServices] IWorkflowRuntime runtime, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        // A government-wide template is never started itself (its instance would have no department, and its tasks
        // would reach every department): only the department's copy runs (security probe, High).
        if (await definitions.GetAsync(definitionId, VersionOptions.Latest, tenant!.Scope, ct) is { TenantId: null })
        {
            return ElsaProblems.Forbidden($"'{definitionId}' is een rijksbreed sjabloon en start niet zelf. Kopieer het eerst naar uw departement (copy-to-department) en start die kopie.");
        }
        var input = body?.Input?.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : kv.Value?.ToJsonString());
        var result = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            VersionOptions = VersionOptions.Parse(string.IsNullOrWhiteSpace(body?.VersionOptions) ? "Latest" : body.VersionOptions),
            Scope = tenant.Scope,
            CorrelationId = body?.CorrelationId,
            TriggerActivityId = body?.TriggerActivityId,
            Input = input,
        }, ct);
        if (!result.Started)
        {
            context.Response.Headers[CannotStartHeader] = "true";
            return ElsaProblems.BadRequest(result.CannotStartReason ?? "De werkstroom kan niet starten. Publiceer een versie met een Start-activiteit.");
        }
        context.Response.Headers[InstanceIdHeader] = result.InstanceId;
        return ElsaJson.Ok(new ExecuteResponse(result.InstanceId));
    }

    /// <summary>Copies a government-wide template into the caller's department (issue 6 §3); body optional <c>{"name":"…"}</c>.</summary>
    private static async Task<Results<ElsaOk<CopyTemplateResponse>, ProblemHttpResult>> CopyTemplate(string definitionId,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CopyTemplateRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var name = string.IsNullOrWhiteSpace(body?.Name) ? null : body.Name.Trim();
        var copy = await definitions.CopyTemplateAsync(definitionId, tenant!.Department!, name, ct);
        return ElsaJson.Ok(new CopyTemplateResponse(DefinitionJson.ToStudio(copy, tenant)));
    }
}

/// <summary>The audit action names this API writes (the same strings as the server's audit trail).</summary>
public static class AuditActionNames
{
    public const string DefinitionSave = "workflow-definition-save";
    public const string DefinitionPublish = "workflow-definition-publish";
}
