using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Server.Elsa.Models;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Server.Elsa;

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

    private static TenantScope Scope(StudioTenant tenant) =>
        tenant.Department is null ? new TenantScope(null) : TenantScope.ForDepartment(tenant.Department);

    /// <summary>GET /workflow-definitions?versionOptions=&amp;Page=&amp;PageSize=&amp;SearchTerm=&amp;DefinitionIds=&amp;Ids=&amp;OrderBy=&amp;OrderDirection=</summary>
    private static async Task<IResult> List(HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var request = context.Request;
        if (!QueryValues.TryInt(request, "Page", 0, 0, 1_000_000, out var page, out problem)) return problem!;
        if (!QueryValues.TryInt(request, "PageSize", 50, 1, 1000, out var pageSize, out problem)) return problem!;
        var orderByText = QueryValues.Text(request, "OrderBy");
        var orderBy = DefinitionOrder.Name;
        if (!string.IsNullOrWhiteSpace(orderByText) && !Enum.TryParse(orderByText, ignoreCase: true, out orderBy))
        {
            return ElsaProblems.BadRequest($"Onbekende sortering '{orderByText}'. Gebruik Name, Version of CreatedAt.");
        }
        var direction = QueryValues.Text(request, "OrderDirection");
        if (!string.IsNullOrWhiteSpace(direction) && direction is not ("Ascending" or "Descending"))
        {
            return ElsaProblems.BadRequest($"Onbekende sorteerrichting '{direction}'. Gebruik Ascending of Descending.");
        }
        var query = new WorkflowDefinitionQuery
        {
            VersionOptions = VersionOptions.Parse(QueryValues.Text(request, "versionOptions")),
            Tenant = tenant!.Department,
            IncludeTemplates = true,
            SearchTerm = QueryValues.Text(request, "SearchTerm") is { Length: > 0 } term ? term : null,
            DefinitionIds = QueryValues.List(request, "DefinitionIds") ?? QueryValues.List(request, "DefinitionId"),
            Ids = QueryValues.List(request, "Ids"),
            Page = page,
            PageSize = pageSize,
            OrderBy = orderBy,
            Descending = direction == "Descending",
        };
        var result = await definitions.ListAsync(query, Scope(tenant), ct);
        // Without a "bulk-publish" link Studio shows the list read-only (contract "Definition list").
        IReadOnlyList<Link> links = tenant.MayWrite ? [new Link("/workflow-definitions/bulk-publish", "bulk-publish", "POST")] : [];
        return ElsaJson.Ok(new PagedListResponse<WorkflowDefinitionSummaryModel>(
            result.Items.Select(s => DefinitionJson.ToStudio(s, tenant)).ToList(), result.TotalCount, links));
    }

    private static async Task<IResult> GetByDefinitionId(string definitionId, HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var options = VersionOptions.Parse(QueryValues.Text(context.Request, "versionOptions") is { Length: > 0 } v ? v : "Latest");
        var definition = await definitions.GetAsync(definitionId, options, Scope(tenant!), ct);
        return definition is null
            ? ElsaProblems.NotFound($"Werkstroom '{definitionId}' ({options}) bestaat niet of hoort niet bij uw departement. Kies een werkstroom uit de lijst.")
            : ElsaJson.Ok(DefinitionJson.ToStudio(definition, tenant!));
    }

    private static async Task<IResult> GetByVersionId(string versionId, HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var definition = await definitions.GetByVersionIdAsync(versionId, Scope(tenant!), ct);
        return definition is null
            ? ElsaProblems.NotFound($"Versie '{versionId}' bestaat niet of hoort niet bij uw departement. Kies een versie uit de versiegeschiedenis.")
            : ElsaJson.Ok(DefinitionJson.ToStudio(definition, tenant!));
    }

    /// <summary>Studio tries up to 100 names when this is missing, then throws (contract "Definition list").</summary>
    private static async Task<IResult> IsNameUnique(HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var name = QueryValues.Text(context.Request, "name");
        if (string.IsNullOrWhiteSpace(name)) return ElsaProblems.BadRequest("Geef de naam op die u wilt controleren (parameter 'name').");
        var unique = await definitions.IsNameUniqueAsync(name.Trim(), QueryValues.Text(context.Request, "definitionId"), Scope(tenant!), ct);
        return ElsaJson.Ok(new IsNameUniqueResponse(unique));
    }

    /// <summary>Autosave, publish and create (contract "Editing"): body <c>{"model":{…},"publish":bool|null}</c>.</summary>
    private static async Task<IResult> Save(HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var body = await ReadObjectAsync(context, ct);
        if (body?["model"] is not JsonObject modelJson)
        {
            return ElsaProblems.BadRequest("Het verzoek mist 'model': stuur {\"model\": {…werkstroom…}, \"publish\": false}.");
        }
        var publish = body["publish"] is JsonValue p && p.TryGetValue<bool>(out var pb) && pb;
        var model = modelJson.Deserialize<WorkflowDefinition>(WorkflowJson.Options)
            ?? throw new JsonException("model is null");
        if (await SquatsAnotherDepartmentAsync(context, model.DefinitionId, tenant!, ct) is { } squat) return squat;
        var result = await definitions.SaveAsync(model, publish, Scope(tenant!), ct);
        await Audit.AuditHttp.AuditAsync(context, publish ? Persistence.Audit.AuditActions.DefinitionPublish : Persistence.Audit.AuditActions.DefinitionSave, "workflow-definition", result.Definition.DefinitionId, result.Saved);
        return SaveResult(result, tenant!);
    }

    private static IResult SaveResult(SaveWorkflowDefinitionResult result, StudioTenant tenant)
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

    private static async Task<IResult> Publish(string definitionId, HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        return SaveResult(await definitions.PublishAsync(definitionId, Scope(tenant!), ct), tenant!);
    }

    /// <summary>
    /// The list's "publish selected" (link rel bulk-publish): body <c>{"definitionIds":[…]}</c> →
    /// <c>{"published","alreadyPublished","notFound","skipped","updatedConsumers"}</c>. Each id is published on its own;
    /// a refused or invisible one is reported, never half-published.
    /// </summary>
    private static async Task<IResult> BulkPublish(HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var body = await ReadObjectAsync(context, ct);
        if (body?["definitionIds"] is not JsonArray ids || ids.Count == 0)
        {
            return ElsaProblems.BadRequest("Kies een of meer werkstromen om te publiceren: stuur {\"definitionIds\": [\"…\"]}.");
        }
        List<string> published = [], alreadyPublished = [], notFound = [], skipped = [];
        foreach (var id in ids.Select(i => i?.GetValue<string>()).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().Cast<string>())
        {
            var latest = await definitions.GetAsync(id, VersionOptions.Latest, Scope(tenant!), ct);
            if (latest is null) { notFound.Add(id); continue; }
            if (!DefinitionJson.IsWritable(latest.TenantId, tenant!)) { skipped.Add(id); continue; }
            if (latest.IsPublished) { alreadyPublished.Add(id); continue; }
            try
            {
                var result = await definitions.PublishAsync(id, Scope(tenant!), ct);
                (result.Saved ? published : skipped).Add(id);
            }
            catch (Workflows.Engine.WorkflowEngineException)
            {
                skipped.Add(id);
            }
        }
        return ElsaJson.Ok(new { published, alreadyPublished, notFound, skipped, updatedConsumers = Array.Empty<object>() });
    }

    private static async Task<IResult> Retract(string definitionId, HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        return ElsaJson.Ok(DefinitionJson.ToStudio(await definitions.RetractAsync(definitionId, Scope(tenant!), ct), tenant!));
    }

    private static async Task<IResult> Delete(string definitionId, HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        await definitions.DeleteAsync(definitionId, Scope(tenant!), ct);
        return Results.NoContent();
    }

    /// <summary>
    /// Definition ids are unique per department: a department's copy of template T is "&lt;code&gt;-T", so an id that starts
    /// with ANOTHER department's code would take that department's name space and make its copy fail (security probe,
    /// Medium). Such ids are refused; Studio itself never chooses one (new definitions get a generated id).
    /// </summary>
    private static async Task<IResult?> SquatsAnotherDepartmentAsync(HttpContext context, string? definitionId, StudioTenant tenant, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(definitionId) || tenant.Department is null) return null;
        var dash = definitionId.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0) return null;
        var prefix = definitionId[..dash];
        if (string.Equals(prefix, tenant.Department, StringComparison.OrdinalIgnoreCase)) return null;
        var dbFactory = context.RequestServices.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ChatArchive.Persistence.ChatArchiveDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Codes are few (tens) and compared case-insensitively, as the copy's id is lower case ("jenv-…" for JenV).
        var codes = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<ChatArchive.Domain.Registry.Department>().Select(d => d.Code), ct);
        var owner = codes.FirstOrDefault(c => string.Equals(c, prefix, StringComparison.OrdinalIgnoreCase));
        return owner is not null
            ? ElsaProblems.Forbidden($"De id '{definitionId}' begint met de code van departement {owner}. Kies een id zonder die code, of laat de id leeg; de Studio kiest er dan een.")
            : null;
    }

    /// <summary>Studio's Run: body <c>{"correlationId","triggerActivityId","versionOptions","input"}</c>; the new id goes in a header.</summary>
    private static async Task<IResult> Execute(string definitionId, HttpContext context, [FromServices] IWorkflowRuntime runtime,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        // A government-wide template is never started itself (its instance would have no department, and its tasks
        // would reach every department): only the department's copy runs (security probe, High).
        if (await definitions.GetAsync(definitionId, VersionOptions.Latest, Scope(tenant!), ct) is { TenantId: null })
        {
            return ElsaProblems.Forbidden($"'{definitionId}' is een rijksbreed sjabloon en start niet zelf. Kopieer het eerst naar uw departement (copy-to-department) en start die kopie.");
        }
        var body = await ReadObjectAsync(context, ct) ?? [];
        var request = body.Deserialize<ExecuteWorkflowDefinitionRequest>(ElsaJson.Options)!;
        var input = request.Input?.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : kv.Value?.ToJsonString());
        var result = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            VersionOptions = VersionOptions.Parse(string.IsNullOrWhiteSpace(request.VersionOptions) ? "Latest" : request.VersionOptions),
            Scope = Scope(tenant!),
            CorrelationId = request.CorrelationId,
            TriggerActivityId = request.TriggerActivityId,
            Input = input,
        }, ct);
        if (!result.Started)
        {
            context.Response.Headers[CannotStartHeader] = "true";
            return ElsaProblems.BadRequest(result.CannotStartReason ?? "De werkstroom kan niet starten. Publiceer een versie met een Start-activiteit.");
        }
        context.Response.Headers[InstanceIdHeader] = result.InstanceId;
        return ElsaJson.Ok(new { workflowInstanceId = result.InstanceId });
    }

    /// <summary>Copies a government-wide template into the caller's department (issue 6 §3); body optional <c>{"name":"…"}</c>.</summary>
    private static async Task<IResult> CopyTemplate(string definitionId, HttpContext context, [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var body = await ReadObjectAsync(context, ct);
        var name = body?["name"] is JsonValue n && n.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        var copy = await definitions.CopyTemplateAsync(definitionId, tenant!.Department!, name, ct);
        return ElsaJson.Ok(new CopyTemplateResponse(DefinitionJson.ToStudio(copy, tenant)));
    }

    /// <summary>The body as a JSON object, or null when empty; malformed JSON raises JsonException (→ 400 by the filter).</summary>
    internal static async Task<JsonObject?> ReadObjectAsync(HttpContext context, CancellationToken ct)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("body is not an object");
    }
}
