using System.IO.Compression;
using System.Text;
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

/// <summary>
/// The definition routes Studio 3.8's client calls beyond the first contract: bulk publish/retract/delete at Elsa's
/// <c>/bulk-actions/…</c> routes, delete and revert of one version, export (one JSON file, or a zip of many) and import
/// (one definition as JSON, or uploaded .json/.zip files). Every write checks the department first.
/// </summary>
public static class DefinitionActionEndpoints
{
    /// <summary>
    /// Limits of import-files: per file (and per unpacked zip entry), the sum of all unpacked JSON, and the number of
    /// definitions. The request itself is also held to the server's request limit (1 MB unless configured).
    /// </summary>
    public const long MaxFileBytes = 1024 * 1024, MaxTotalBytes = 10 * 1024 * 1024;
    public const int MaxDefinitions = 200;

    private static readonly string[] VersionFields = ["id", "version", "createdAt", "isLatest", "isPublished", "tenantId"];

    public static RouteGroupBuilder MapDefinitionActionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublish);
        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", BulkRetract);
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", BulkDeleteByDefinitionId);
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-id", BulkDeleteByVersionId);
        api.MapDelete("/workflow-definition-versions/{id}", DeleteVersion);
        // "{id}" is Elsa's {definitionId}: the server's audit filter would record a route definitionId a second time.
        api.MapPost("/workflow-definitions/{id}/revert/{version}", Revert);
        api.MapGet("/workflow-definitions/{definitionId}/export", Export);
        api.MapPost("/workflow-definitions/export", BulkExport);
        api.MapPost("/workflow-definitions/import", Import);
        // Bearer-token API (no antiforgery form). Multipart is declared so the server's request checks accept the upload;
        // JSON too, so a JSON request reaches the permission check and then gets the Dutch "send multipart" answer.
        api.MapPost("/workflow-definitions/import-files", ImportFiles).Accepts<IFormFile>("multipart/form-data", "application/json").DisableAntiforgery();
        return api;
    }

    /// <summary>Studio 3.8's "publish selected": the same as the first bulk-publish route, audited here (the server's filter knows only that one).</summary>
    private static async Task<Results<ElsaOk<BulkPublishResponse>, ProblemHttpResult>> BulkPublish(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DefinitionIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var result = await DefinitionEndpoints.BulkPublish(body, context, definitions, ct);
        var ok = result.Result is ElsaOk<BulkPublishResponse> { Value.Published.Count: > 0 };
        await DefinitionEndpoints.Host(context).AuditAsync(context, AuditActionNames.DefinitionPublish, "workflow-definition", "bulk", ok);
        return result;
    }

    /// <summary>Retracts each published definition on its own; one that is not published, not found or not writable is reported.</summary>
    private static async Task<Results<ElsaOk<BulkRetractResponse>, ProblemHttpResult>> BulkRetract(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DefinitionIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var ids = DefinitionEndpoints.DistinctIds(body?.DefinitionIds);
        if (ids.Count == 0) return ElsaProblems.BadRequest("Kies een of meer werkstromen om in te trekken: stuur {\"definitionIds\": [\"…\"]}.");
        List<string> retracted = [], alreadyRetracted = [], notFound = [], skipped = [];
        foreach (var id in ids)
        {
            var latest = await definitions.GetAsync(id, VersionOptions.Latest, tenant!.Scope, ct);
            if (latest is null) { notFound.Add(id); continue; }
            if (!DefinitionJson.IsWritable(latest.TenantId, tenant)) { skipped.Add(id); continue; }
            if (await definitions.GetAsync(id, VersionOptions.Published, tenant.Scope, ct) is null) { alreadyRetracted.Add(id); continue; }
            try
            {
                await definitions.RetractAsync(id, tenant.Scope, ct);
                retracted.Add(id);
            }
            catch (WorkflowEngineException)
            {
                skipped.Add(id);
            }
        }
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-definition-change-retract", "workflow-definition", "bulk", retracted.Count > 0);
        return ElsaJson.Ok(new BulkRetractResponse(retracted, alreadyRetracted, notFound, skipped));
    }

    /// <summary>Deletes whole definitions. All ids are checked first: an unknown or foreign one refuses the request, nothing is deleted.</summary>
    private static async Task<Results<ElsaOk<BulkDeleteResponse>, ProblemHttpResult>> BulkDeleteByDefinitionId(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DefinitionIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var ids = DefinitionEndpoints.DistinctIds(body?.DefinitionIds);
        if (ids.Count == 0) return ElsaProblems.BadRequest("Kies een of meer werkstromen om te verwijderen: stuur {\"definitionIds\": [\"…\"]}.");
        foreach (var id in ids)
        {
            var latest = await definitions.GetAsync(id, VersionOptions.Latest, tenant!.Scope, ct);
            if (latest is null) return ElsaProblems.NotFound($"Werkstroom '{id}' bestaat niet of hoort niet bij uw departement. Er is niets verwijderd.");
            if (!DefinitionJson.IsWritable(latest.TenantId, tenant)) return ElsaProblems.Forbidden($"Werkstroom '{id}' is een rijksbreed sjabloon of van een ander departement. Er is niets verwijderd.");
        }
        foreach (var id in ids) await definitions.DeleteAsync(id, tenant!.Scope, ct);
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-definition-delete", "workflow-definition", "bulk");
        return ElsaJson.Ok(new BulkDeleteResponse(ids.Count));
    }

    /// <summary>Deletes single versions (Studio's version history, "delete selected"); all are checked before any is deleted.</summary>
    private static async Task<Results<ElsaOk<BulkDeleteResponse>, ProblemHttpResult>> BulkDeleteByVersionId(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] VersionIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        var ids = DefinitionEndpoints.DistinctIds(body?.Ids);
        if (ids.Count == 0) return ElsaProblems.BadRequest("Kies een of meer versies om te verwijderen: stuur {\"ids\": [\"…\"]}.");
        foreach (var id in ids)
        {
            if (await CheckDeletableVersionAsync(id, tenant!, definitions, instances, ct) is { } refused) return refused;
        }
        foreach (var id in ids) await definitions.DeleteVersionAsync(id, tenant!.Scope, ct);
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-definition-delete", "workflow-definition-version", "bulk");
        return ElsaJson.Ok(new BulkDeleteResponse(ids.Count));
    }

    /// <summary>A version may go when it is the department's, not the latest or published one, and no instance still runs on it.</summary>
    private static async Task<ProblemHttpResult?> CheckDeletableVersionAsync(string versionId, StudioTenant tenant, IWorkflowDefinitionService definitions,
        IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var version = await definitions.GetByVersionIdAsync(versionId, tenant.Scope, ct);
        if (version is null) return ElsaProblems.NotFound($"Versie '{versionId}' bestaat niet of hoort niet bij uw departement. Er is niets verwijderd.");
        if (!DefinitionJson.IsWritable(version.TenantId, tenant)) return ElsaProblems.Forbidden($"Versie '{versionId}' hoort bij een rijksbreed sjabloon of een ander departement. Er is niets verwijderd.");
        if (version.IsLatest || version.IsPublished)
        {
            return ElsaProblems.Conflict($"Versie {version.Version} van '{version.DefinitionId}' is de nieuwste of de gepubliceerde versie en kan niet los worden verwijderd. Er is niets verwijderd.");
        }
        var running = await instances.ListAsync(new WorkflowInstanceQuery
        {
            Tenant = version.TenantId, DefinitionVersionIds = [versionId], Statuses = [Engine.Runtime.WorkflowStatus.Running], PageSize = 1,
        }, ct);
        if (running.TotalCount > 0)
        {
            return ElsaProblems.Conflict($"Op versie {version.Version} van '{version.DefinitionId}' lopen nog {running.TotalCount} werkstroominstanties. Rond ze af of annuleer ze eerst. Er is niets verwijderd.");
        }
        return null;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteVersion(string id, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, [FromServices] IWorkflowInstanceStore instances, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        if (await CheckDeletableVersionAsync(id, tenant!, definitions, instances, ct) is { } refused) return refused;
        await definitions.DeleteVersionAsync(id, tenant!.Scope, ct);
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-definition-delete", "workflow-definition-version", id);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Elsa's revert: the content of version N becomes the new latest version as a draft (a published latest gets a new
    /// draft after it, an existing draft is overwritten). It is not published; the process owner publishes after review.
    /// </summary>
    private static async Task<Results<ElsaOk<WorkflowDefinitionSummaryModel>, ProblemHttpResult>> Revert([FromRoute(Name = "id")] string definitionId, string version, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return ElsaProblems.BadRequest($"'{version}' is geen versienummer. Kies een versie uit de versiegeschiedenis (1, 2, …).");
        }
        var old = await definitions.GetAsync(definitionId, VersionOptions.SpecificVersion(number), tenant!.Scope, ct);
        if (old is null) return ElsaProblems.NotFound($"Werkstroom '{definitionId}' heeft geen versie {number} of hoort niet bij uw departement. Kies een versie uit de versiegeschiedenis.");
        if (!DefinitionJson.IsWritable(old.TenantId, tenant)) return ElsaProblems.Forbidden("Een rijksbreed sjabloon of de werkstroom van een ander departement kunt u niet terugzetten. Kopieer het sjabloon eerst naar uw departement.");
        var copy = old.Clone();
        var result = await definitions.SaveAsync(copy, publish: false, tenant.Scope, ct);
        await DefinitionEndpoints.Host(context).AuditAsync(context, "workflow-definition-change-revert", "workflow-definition", definitionId, result.Saved);
        if (!result.Saved)
        {
            return ElsaProblems.BadRequest($"Versie {number} kan niet worden teruggezet: " + string.Join(" ", result.ValidationErrors.Select(e => e.Message)));
        }
        var d = result.Definition;
        return ElsaJson.Ok(new WorkflowDefinitionSummaryModel(d.Id, d.DefinitionId, d.Name, d.Description, d.Version, d.ToolVersion, d.IsLatest, d.IsPublished,
            d.MaterializerName, true, d.CreatedAt, d.IsReadonly, DefinitionJson.Links(d.DefinitionId, writable: true)));
    }

    /// <summary>One definition as Elsa's JSON file (the file form: without the fields of one stored version).</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string definitionId, string? versionOptions, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var options = VersionOptions.Parse(string.IsNullOrWhiteSpace(versionOptions) ? "Latest" : versionOptions);
        var definition = await definitions.GetAsync(definitionId, options, tenant!.Scope, ct);
        if (definition is null) return ElsaProblems.NotFound($"Werkstroom '{definitionId}' ({options}) bestaat niet of hoort niet bij uw departement. Kies een werkstroom uit de lijst.");
        return TypedResults.File(Encoding.UTF8.GetBytes(WorkflowDefinitionExporter.Export(definition)), "application/json", FileName(definition));
    }

    internal static string FileName(WorkflowDefinition d)
    {
        var name = new string((string.IsNullOrWhiteSpace(d.Name) ? d.DefinitionId : d.Name).ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return $"workflow-definition-{(name.Length == 0 ? d.DefinitionId : name)}.json";
    }

    /// <summary>Several definitions as one zip, one JSON file each: body <c>{"ids":[versionId…]}</c> or <c>{"definitionIds":[…]}</c> (latest version).</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> BulkExport(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] VersionIdsRequest? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var versionIds = DefinitionEndpoints.DistinctIds(body?.Ids);
        var definitionIds = DefinitionEndpoints.DistinctIds(body?.DefinitionIds);
        if (versionIds.Count + definitionIds.Count == 0) return ElsaProblems.BadRequest("Kies een of meer werkstromen om te exporteren: stuur {\"ids\": [\"…\"]} of {\"definitionIds\": [\"…\"]}.");
        var found = new List<WorkflowDefinition>();
        foreach (var id in versionIds)
        {
            var d = await definitions.GetByVersionIdAsync(id, tenant!.Scope, ct);
            if (d is null) return ElsaProblems.NotFound($"Versie '{id}' bestaat niet of hoort niet bij uw departement. Er is niets geëxporteerd.");
            found.Add(d);
        }
        foreach (var id in definitionIds)
        {
            var d = await definitions.GetAsync(id, VersionOptions.Latest, tenant!.Scope, ct);
            if (d is null) return ElsaProblems.NotFound($"Werkstroom '{id}' bestaat niet of hoort niet bij uw departement. Er is niets geëxporteerd.");
            found.Add(d);
        }
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var d in found)
            {
                var name = FileName(d);
                if (!names.Add(name)) name = $"{Path.GetFileNameWithoutExtension(name)}-v{d.Version}-{d.Id}.json";
                names.Add(name);
                await using var entry = await zip.CreateEntry(name).OpenAsync(ct);
                await entry.WriteAsync(Encoding.UTF8.GetBytes(WorkflowDefinitionExporter.Export(d)), ct);
            }
        }
        return TypedResults.File(buffer.ToArray(), "application/zip", "workflow-definitions.zip");
    }

    /// <summary>
    /// Import of one definition (Elsa's JSON, as exported): saved as a draft of the caller's department, never published.
    /// The fields of one stored version (id, version, tenantId, …) in the file are ignored.
    /// </summary>
    private static async Task<Results<ElsaOk<JsonObject>, ProblemHttpResult>> Import(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] JsonObject? body, HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        if (body is null || body.Count == 0) return ElsaProblems.BadRequest("Stuur de werkstroom als JSON, zoals de Studio die exporteert.");
        var (model, refused) = await ReadModelAsync(body, "de werkstroom", context, tenant!, definitions, ct);
        if (refused is not null) return refused;
        var result = await definitions.SaveAsync(model!, publish: false, tenant!.Scope, ct);
        await DefinitionEndpoints.Host(context).AuditAsync(context, AuditActionNames.DefinitionSave, "workflow-definition", result.Definition.DefinitionId, result.Saved);
        if (!result.Saved) return ElsaProblems.BadRequest("De werkstroom is niet geïmporteerd: " + string.Join(" ", result.ValidationErrors.Select(e => e.Message)));
        return ElsaJson.Ok(DefinitionJson.ToStudio(result.Definition, tenant));
    }

    /// <summary>A model from import JSON, checked before anything is saved: version fields dropped, shape and activities validated, no squatting.</summary>
    private static async Task<(WorkflowDefinition? Model, ProblemHttpResult? Problem)> ReadModelAsync(JsonObject json, string label, HttpContext context,
        StudioTenant tenant, IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        foreach (var field in VersionFields) json.Remove(field);
        WorkflowDefinition model;
        try
        {
            model = json.Deserialize<WorkflowDefinition>(WorkflowJson.Options) ?? throw new JsonException("empty");
        }
        catch (JsonException)
        {
            return (null, ElsaProblems.BadRequest($"{Capital(label)} is geen geldige werkstroom-JSON van Elsa 3. Exporteer het opnieuw uit de Studio."));
        }
        model.Normalize();
        // Imports are saved as drafts: a workflow used as an activity may be one that is imported (and published) later.
        var errors = await definitions.ValidateAsync(model, publish: false, tenant.Scope, ct);
        if (errors.Count > 0)
        {
            return (null, ElsaProblems.BadRequest($"{Capital(label)} is niet geïmporteerd: " + string.Join(" ", errors.Select(e => e.Message)),
                new Dictionary<string, object?> { ["validationErrors"] = errors.Select(e => new ValidationErrorModel(e.Message, e.ActivityId)).ToList() }));
        }
        var squat = await DefinitionEndpoints.SquatsAnotherDepartmentAsync(context, model.DefinitionId, tenant, ct);
        return squat is not null ? (null, squat) : (model, null);
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// Upload of .json and .zip files (Studio's import dialog, form field of any name). Every file and zip entry is read and
    /// validated before the first one is saved; a bad file refuses the whole upload. Limits: <see cref="MaxFileBytes"/> per
    /// file, <see cref="MaxTotalBytes"/> in all (zip entries counted unpacked), <see cref="MaxDefinitions"/> definitions.
    /// </summary>
    private static async Task<Results<ElsaOk<ImportFilesResponse>, ProblemHttpResult>> ImportFiles(HttpContext context,
        [FromServices] IWorkflowDefinitionService definitions, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: true);
        if (problem is not null) return problem;
        if (!context.Request.HasFormContentType) return ElsaProblems.BadRequest("Stuur de bestanden als multipart/form-data (.json of .zip).");
        var form = await context.Request.ReadFormAsync(ct);
        if (form.Files.Count == 0) return ElsaProblems.BadRequest("Kies een of meer bestanden (.json of .zip) om te importeren.");
        var texts = new List<(string Label, string Json)>();
        long total = 0;
        foreach (var file in form.Files)
        {
            var fileName = Path.GetFileName(file.FileName);
            if (file.Length > MaxFileBytes) return ElsaProblems.BadRequest($"Bestand '{fileName}' is groter dan {MaxFileBytes / (1024 * 1024)} MB. Er is niets geïmporteerd.");
            var extension = Path.GetExtension(fileName).ToLowerInvariant();
            await using var stream = file.OpenReadStream();
            if (extension == ".json")
            {
                total += file.Length;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                texts.Add(($"bestand '{fileName}'", await reader.ReadToEndAsync(ct)));
            }
            else if (extension == ".zip")
            {
                ZipArchive zip;
                try { zip = new ZipArchive(stream, ZipArchiveMode.Read); }
                catch (InvalidDataException) { return ElsaProblems.BadRequest($"Bestand '{fileName}' is geen geldig zip-bestand. Er is niets geïmporteerd."); }
                using (zip)
                {
                    foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
                    {
                        total += entry.Length;
                        if (total > MaxTotalBytes || entry.Length > MaxFileBytes)
                        {
                            return ElsaProblems.BadRequest($"De bestanden zijn uitgepakt groter dan {MaxTotalBytes / (1024 * 1024)} MB. Er is niets geïmporteerd.");
                        }
                        await using var entryStream = await entry.OpenAsync(ct);
                        using var reader = new StreamReader(entryStream, Encoding.UTF8);
                        texts.Add(($"'{entry.FullName}' in '{fileName}'", await reader.ReadToEndAsync(ct)));
                    }
                }
            }
            else
            {
                return ElsaProblems.BadRequest($"Bestand '{fileName}' is geen .json- of .zip-bestand. Er is niets geïmporteerd.");
            }
            if (total > MaxTotalBytes) return ElsaProblems.BadRequest($"De bestanden zijn samen groter dan {MaxTotalBytes / (1024 * 1024)} MB. Er is niets geïmporteerd.");
            if (texts.Count > MaxDefinitions) return ElsaProblems.BadRequest($"Importeer ten hoogste {MaxDefinitions} werkstromen tegelijk. Er is niets geïmporteerd.");
        }
        if (texts.Count == 0) return ElsaProblems.BadRequest("De zip-bestanden bevatten geen .json-bestanden. Er is niets geïmporteerd.");
        var models = new List<WorkflowDefinition>();
        foreach (var (label, json) in texts)
        {
            JsonObject? node;
            try { node = JsonNode.Parse(json) as JsonObject; }
            catch (JsonException) { node = null; }
            if (node is null) return ElsaProblems.BadRequest($"{Capital(label)} is geen geldige JSON. Er is niets geïmporteerd.");
            var (model, refused) = await ReadModelAsync(node, label, context, tenant!, definitions, ct);
            if (refused is not null) return refused;
            models.Add(model!);
        }
        var imported = 0;
        foreach (var model in models)
        {
            var result = await definitions.SaveAsync(model, publish: false, tenant!.Scope, ct);
            if (!result.Saved)
            {
                return ElsaProblems.BadRequest($"Na {imported} werkstromen is de import gestopt: " + string.Join(" ", result.ValidationErrors.Select(e => e.Message)));
            }
            imported++;
        }
        await DefinitionEndpoints.Host(context).AuditAsync(context, AuditActionNames.DefinitionSave, "workflow-definition", "import", imported > 0);
        return ElsaJson.Ok(new ImportFilesResponse(imported));
    }
}
