using System.Text.Json.Nodes;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Definitions;

/// <inheritdoc cref="IWorkflowDefinitionService"/>
public sealed class WorkflowDefinitionService(
    IWorkflowDefinitionStore store,
    WorkflowDefinitionValidator validator,
    WorkflowActivityCatalog workflowActivities,
    Runtime.IWorkflowInstanceStore instances,
    TimeProvider clock,
    IEnumerable<IWorkflowDefinitionChangeListener> listeners,
    ILogger<WorkflowDefinitionService> logger) : IWorkflowDefinitionService
{
    private async Task ChangedAsync(string definitionId, CancellationToken ct)
    {
        foreach (var l in listeners)
        {
            try
            {
                await l.DefinitionChangedAsync(definitionId, ct);
            }
            catch (Exception ex)
            {
                // The definition is saved; triggers are re-synchronised at the next change or start-up.
                logger.LogError(ex, "Listener after change of definition {DefinitionId} failed", definitionId);
            }
        }
    }

    public IReadOnlyList<ValidationError> Validate(WorkflowDefinition model) => validator.Validate(model);

    public async Task<IReadOnlyList<ValidationError>> ValidateAsync(WorkflowDefinition model, bool publish, TenantScope scope, CancellationToken ct = default) =>
        validator.Validate(model, await workflowActivities.ForScopeAsync(scope, ct), draft: !publish);

    /// <summary>
    /// Publishing a workflow that would (through workflows used as activities) use itself is refused: it would start itself without end.
    /// </summary>
    private async Task<ValidationError?> CycleErrorAsync(WorkflowDefinition d, TenantScope scope, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(d.DefinitionId) || await workflowActivities.FindCycleAsync(d, scope, ct) is not { } cycle)
        {
            return null;
        }
        return new ValidationError(
            $"'{d.Name}' kan niet worden gepubliceerd: de workflow gebruikt zichzelf als activiteit ({string.Join(" → ", cycle)}). " +
            "Een workflow mag zichzelf, ook niet via andere workflows, aanroepen. Haal een van deze activiteiten weg.");
    }

    /// <summary>Another published workflow of the department, usable as an activity, with the same activity type name; null when there is none.</summary>
    private async Task<WorkflowDefinition?> UsableTypeTakenAsync(WorkflowDefinition d, TenantScope scope, CancellationToken ct)
    {
        var typeName = WorkflowActivityCatalog.TypeNameOf(d);
        return (await store.ListPublishedAsync(ct)).FirstOrDefault(other => other.TenantId == scope.OwnTenant && other.DefinitionId != d.DefinitionId
            && WorkflowActivityCatalog.IsUsableAsActivity(other) && WorkflowActivityCatalog.TypeNameOf(other) == typeName);
    }

    public async Task<SaveWorkflowDefinitionResult> SaveAsync(WorkflowDefinition model, bool publish, TenantScope scope, CancellationToken ct = default)
    {
        var incoming = model.Clone();
        incoming.Normalize();
        incoming.Name = incoming.Name?.Trim() ?? "";
        NodeIdAssigner.Assign(incoming);

        var errors = (await ValidateAsync(incoming, publish, scope, ct)).ToList();
        if (publish && errors.Count == 0 && await CycleErrorAsync(incoming, scope, ct) is { } cycleError)
        {
            errors.Add(cycleError);
        }
        var isNew = string.IsNullOrWhiteSpace(incoming.DefinitionId);
        IReadOnlyList<WorkflowDefinition> versions = [];
        if (!isNew)
        {
            versions = await store.FindVersionsAsync(incoming.DefinitionId, ct);
            if (versions.Count > 0 && !scope.CanRead(versions[0].TenantId))
            {
                throw NotFound(incoming.DefinitionId);
            }
            if (versions.Count > 0 && !scope.CanWrite(versions[0].TenantId))
            {
                throw new WorkflowEngineException(WorkflowErrorKind.Forbidden,
                    $"'{versions[0].Name}' is een rijksbreed sjabloon en kan hier niet worden gewijzigd. Kopieer het sjabloon naar uw departement en pas de kopie aan.");
            }
            isNew = versions.Count == 0;
        }
        if (!scope.CanWrite(scope.OwnTenant))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Forbidden,
                "Alleen een beheerder mag rijksbrede sjablonen opslaan. Kies een departement.");
        }
        // Elsa accepts two workflows with the same name (only Studio's create dialog asks whether a name is free, through
        // validation/is-name-unique), and so does this server. The one exception: two published workflows usable as activities whose names
        // give one activity type name, which would make the toolbox and every workflow using that type ambiguous.
        if (publish && WorkflowActivityCatalog.IsUsableAsActivity(incoming) && incoming.Name.Length > 0
            && await UsableTypeTakenAsync(incoming, scope, ct) is { } taken)
        {
            errors.Add(new ValidationError(
                $"'{incoming.Name}' kan niet als activiteit worden gepubliceerd: de gepubliceerde workflow '{taken.Name}' is al bruikbaar als activiteit " +
                $"'{WorkflowActivityCatalog.TypeNameOf(incoming)}'. Kies een andere naam of zet 'bruikbaar als activiteit' uit."));
        }
        if (errors.Count > 0)
        {
            logger.LogInformation("Definition {DefinitionId} refused: {Count} validation error(s)", incoming.DefinitionId, errors.Count);
            return new SaveWorkflowDefinitionResult(incoming, Saved: false, AlreadyPublished: false, CreatedNewVersion: false, errors);
        }

        var now = clock.GetUtcNow();
        incoming.TenantId = scope.OwnTenant;
        if (isNew)
        {
            if (string.IsNullOrWhiteSpace(incoming.DefinitionId))
            {
                incoming.DefinitionId = NewDefinitionId();
            }
            incoming.Id = VersionId(incoming.DefinitionId, 1);
            incoming.Version = 1;
            incoming.CreatedAt = now;
            incoming.IsLatest = true;
            incoming.IsPublished = publish;
            await store.SaveAsync([incoming], incoming.Id, ct);
            await ChangedAsync(incoming.DefinitionId, ct);
            logger.LogInformation("Definition {DefinitionId} created (version 1, published {Published})", incoming.DefinitionId, publish);
            return new SaveWorkflowDefinitionResult(incoming, true, false, true, []);
        }

        var latest = versions.Single(v => v.IsLatest);
        var published = versions.SingleOrDefault(v => v.IsPublished);
        var sameContent = SameContent(latest, incoming);
        if (latest.IsPublished && sameContent)
        {
            // Nothing changed since the published version: no new draft (autosave right after opening, or an unchanged import).
            return new SaveWorkflowDefinitionResult(latest, true, AlreadyPublished: publish, CreatedNewVersion: false, []);
        }

        var changed = new List<WorkflowDefinition>();
        WorkflowDefinition target;
        bool created;
        if (latest.IsPublished)
        {
            // Contract: "if the latest version is published, create version+1 as draft".
            latest.IsLatest = false;
            changed.Add(latest);
            target = incoming;
            target.Version = versions.Max(v => v.Version) + 1;
            target.Id = VersionId(target.DefinitionId, target.Version);
            target.CreatedAt = now;
            created = true;
        }
        else
        {
            target = incoming;
            target.Id = latest.Id;
            target.Version = latest.Version;
            target.CreatedAt = latest.CreatedAt;
            created = false;
        }
        target.IsLatest = true;
        target.IsPublished = publish;
        if (publish && published is not null && published.Id != target.Id)
        {
            published.IsPublished = false;
            if (!changed.Contains(published))
            {
                changed.Add(published);
            }
        }
        changed.Add(target);
        await store.SaveAsync(changed, created ? target.Id : null, ct);
        await ChangedAsync(target.DefinitionId, ct);
        logger.LogInformation("Definition {DefinitionId} saved as version {Version} (published {Published})", target.DefinitionId, target.Version, publish);
        return new SaveWorkflowDefinitionResult(target, true, false, created, []);
    }

    public async Task<SaveWorkflowDefinitionResult> PublishAsync(string definitionId, TenantScope scope, CancellationToken ct = default)
    {
        var versions = await WritableVersionsAsync(definitionId, scope, ct);
        var latest = versions.Single(v => v.IsLatest);
        if (latest.IsPublished)
        {
            return new SaveWorkflowDefinitionResult(latest, true, AlreadyPublished: true, false, []);
        }
        var errors = (await ValidateAsync(latest, publish: true, scope, ct)).ToList();
        if (errors.Count == 0 && await CycleErrorAsync(latest, scope, ct) is { } cycleError)
        {
            errors.Add(cycleError);
        }
        if (errors.Count > 0)
        {
            return new SaveWorkflowDefinitionResult(latest, false, false, false, errors);
        }
        var changed = new List<WorkflowDefinition>();
        foreach (var p in versions.Where(v => v.IsPublished))
        {
            p.IsPublished = false;
            changed.Add(p);
        }
        latest.IsPublished = true;
        changed.Add(latest);
        await store.SaveAsync(changed, ct);
        await ChangedAsync(definitionId, ct);
        logger.LogInformation("Definition {DefinitionId} version {Version} published", definitionId, latest.Version);
        return new SaveWorkflowDefinitionResult(latest, true, false, false, []);
    }

    public async Task<WorkflowDefinition> RetractAsync(string definitionId, TenantScope scope, CancellationToken ct = default)
    {
        var versions = await WritableVersionsAsync(definitionId, scope, ct);
        var published = versions.SingleOrDefault(v => v.IsPublished)
            ?? throw new WorkflowEngineException(WorkflowErrorKind.Conflict, "Deze workflow heeft geen gepubliceerde versie om in te trekken.");
        published.IsPublished = false;
        await store.SaveAsync([published], ct);
        await ChangedAsync(definitionId, ct);
        return published;
    }

    public async Task<WorkflowDefinition?> GetAsync(string definitionId, VersionOptions options, TenantScope scope, CancellationToken ct = default)
    {
        var d = await store.FindAsync(definitionId, options, ct);
        return d is not null && scope.CanRead(d.TenantId) ? d : null;
    }

    public async Task<WorkflowDefinition?> GetByVersionIdAsync(string versionId, TenantScope scope, CancellationToken ct = default)
    {
        var d = await store.FindByIdAsync(versionId, ct);
        return d is not null && scope.CanRead(d.TenantId) ? d : null;
    }

    public Task<Page<WorkflowDefinitionSummary>> ListAsync(WorkflowDefinitionQuery query, TenantScope scope, CancellationToken ct = default) =>
        store.ListAsync(query with
        {
            Tenant = scope.Department,
            IncludeTemplates = scope.Department is null || query.IncludeTemplates,
            PageSize = Math.Clamp(query.PageSize, 1, 500),
            Page = Math.Max(0, query.Page),
        }, ct);

    public async Task<bool> IsNameUniqueAsync(string name, string? exceptDefinitionId, TenantScope scope, CancellationToken ct = default) =>
        !await store.NameExistsAsync(scope.OwnTenant, name.Trim(), exceptDefinitionId, ct);

    public async Task DeleteAsync(string definitionId, TenantScope scope, CancellationToken ct = default)
    {
        await WritableVersionsAsync(definitionId, scope, ct);
        await store.DeleteDefinitionAsync(definitionId, ct);
        await ChangedAsync(definitionId, ct);
        logger.LogInformation("Definition {DefinitionId} deleted", definitionId);
    }

    public async Task DeleteVersionAsync(string versionId, TenantScope scope, CancellationToken ct = default)
    {
        var d = await store.FindByIdAsync(versionId, ct);
        if (d is null || !scope.CanRead(d.TenantId))
        {
            throw NotFound(versionId);
        }
        await WritableVersionsAsync(d.DefinitionId, scope, ct);
        if (d.IsLatest || d.IsPublished)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict,
                "De nieuwste of gepubliceerde versie kan niet los worden verwijderd. Verwijder de hele workflow of trek de publicatie eerst in.");
        }
        // Instances keep running on the version they started with: it may not go while one still does.
        var running = await instances.ListAsync(new Runtime.WorkflowInstanceQuery
        {
            Tenant = d.TenantId, AllTenants = d.TenantId is null, DefinitionVersionIds = [versionId], Statuses = [Runtime.WorkflowStatus.Running], PageSize = 1,
        }, ct);
        if (running.TotalCount > 0)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict,
                $"Op versie {d.Version} van '{d.Name}' lopen nog {running.TotalCount} werkstroominstantie(s). Rond ze af of annuleer ze eerst; er is niets verwijderd.");
        }
        await store.DeleteVersionAsync(versionId, ct);
    }

    public async Task<WorkflowDefinition> CopyTemplateAsync(string templateDefinitionId, string department, string? newName = null, CancellationToken ct = default)
    {
        var scope = TenantScope.ForDepartment(department);
        var template = await store.FindAsync(templateDefinitionId, VersionOptions.Published, ct)
            ?? await store.FindAsync(templateDefinitionId, VersionOptions.Latest, ct);
        if (template is null || template.TenantId is not null)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.NotFound,
                $"Sjabloon '{templateDefinitionId}' bestaat niet. Kies een rijksbreed sjabloon uit de lijst.");
        }
        var copy = template.Clone();
        copy.DefinitionId = $"{scope.Department}-{template.DefinitionId}".ToLowerInvariant();
        copy.Name = string.IsNullOrWhiteSpace(newName) ? template.Name : newName.Trim();
        if ((await store.FindVersionsAsync(copy.DefinitionId, ct)).Count > 0)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict,
                $"Departement {scope.Department} heeft dit sjabloon al gekopieerd ('{copy.DefinitionId}'). Pas die workflow aan of verwijder hem eerst.");
        }
        copy.CustomProperties["copiedFromTemplate"] = System.Text.Json.JsonSerializer.SerializeToElement($"{template.DefinitionId}@{template.Version}");
        var result = await SaveAsync(copy, publish: true, scope, ct);
        if (!result.Saved)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict,
                string.Join(" ", result.ValidationErrors.Select(e => e.Message)), result.ValidationErrors);
        }
        return result.Definition;
    }

    private async Task<IReadOnlyList<WorkflowDefinition>> WritableVersionsAsync(string definitionId, TenantScope scope, CancellationToken ct)
    {
        var versions = await store.FindVersionsAsync(definitionId, ct);
        if (versions.Count == 0 || !scope.CanRead(versions[0].TenantId))
        {
            throw NotFound(definitionId);
        }
        if (!scope.CanWrite(versions[0].TenantId))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Forbidden,
                $"'{versions[0].Name}' is een rijksbreed sjabloon en kan hier niet worden gewijzigd. Kopieer het sjabloon naar uw departement.");
        }
        return versions;
    }

    private static WorkflowEngineException NotFound(string id) =>
        new(WorkflowErrorKind.NotFound, $"Workflow '{id}' bestaat niet of hoort niet bij uw departement.");

    /// <summary>Same design: everything a person edits, not the version bookkeeping.</summary>
    public static bool SameContent(WorkflowDefinition a, WorkflowDefinition b) =>
        JsonNode.DeepEquals(WorkflowDefinitionExporter.ToFileNode(a), WorkflowDefinitionExporter.ToFileNode(b));

    public static string VersionId(string definitionId, int version) => $"{definitionId}:v{version}";

    private static string NewDefinitionId() => Guid.NewGuid().ToString("N")[..16];
}
