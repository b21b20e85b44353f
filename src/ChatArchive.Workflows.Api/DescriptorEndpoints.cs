using ChatArchive.Workflows.Api.Models;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Descriptors;
using ChatArchive.Workflows.Engine.Definitions;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Workflows.Api;

/// <summary>GET /descriptors/*, /features/installed and /package/version: what the editor loads before it draws (contract "Editor load").</summary>
public static class DescriptorEndpoints
{
    /// <summary>The Elsa API level this server answers as (Studio 3.8's client); also the toolVersion of saved definitions.</summary>
    public const string ElsaApiLevel = "3.8.0";

    public static RouteGroupBuilder MapDescriptorEndpoints(this RouteGroupBuilder api)
    {
        // Generated from the activity classes by the engine, so the toolbox always matches the code (ARCHITECTURE.md).
        api.MapGet("/descriptors/activities", Activities);
        api.MapPost("/descriptors/activities/{activityTypeName}/options/{propertyName}", Options);
        api.MapGet("/descriptors/output-converters", OutputConverters);
        api.MapGet("/descriptors/expression-descriptors", (HttpContext c) => Read(c, () => ListResponse<ExpressionDescriptorModel>.Of(DescriptorCatalog.Expressions)));
        api.MapGet("/descriptors/workflow-activation-strategies", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/log-persistence-strategies", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/incident-strategies", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/commit-strategies/workflows", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/commit-strategies/activities", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/variables", (HttpContext c) => Read(c, () => ListResponse<VariableDescriptorModel>.Of(DescriptorCatalog.VariableTypes)));
        api.MapGet("/descriptors/storage-drivers", (HttpContext c) => Read(c, () => ListResponse<StorageDriverDescriptorModel>.Of(DescriptorCatalog.StorageDrivers)));
        // No optional Elsa features (real-time updates, …): the viewer then polls execution-state.
        api.MapGet("/features/installed", (HttpContext c) => Read(c, () => ListResponse<FeatureDescriptorModel>.Empty));
        api.MapGet("/features/installed/{fullName}", Feature);
        api.MapGet("/package/version", (HttpContext c) => Read(c, () => new PackageVersionResponse(ElsaApiLevel)));
        return api;
    }

    /// <summary>
    /// The activity classes of the engine plus the department's published workflows that are usable as activities (Elsa's
    /// WorkflowDefinitionActivity descriptors, category "Workflows" unless the definition names one); another department's never appear.
    /// </summary>
    private static async Task<Results<ElsaOk<ListResponse<ActivityDescriptor>>, ProblemHttpResult>> Activities(HttpContext context,
        [FromServices] IActivityRegistry registry, [FromServices] WorkflowActivityCatalog workflows, CancellationToken ct)
    {
        var (tenant, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var own = await workflows.ForScopeAsync(tenant!.Scope, ct);
        return ElsaJson.Ok(ListResponse<ActivityDescriptor>.Of([.. registry.Descriptors, .. own.Values.OrderBy(d => d.TypeName, StringComparer.Ordinal)]));
    }

    private static Results<ElsaOk<T>, ProblemHttpResult> Read<T>(HttpContext context, Func<T> body)
    {
        var (_, problem) = StudioTenant.Resolve(context, write: false);
        return problem is not null ? problem : ElsaJson.Ok(body());
    }

    /// <summary>
    /// Studio asks for an input's options again when its UI hint says "Refresh" (Elsa's property options). Our options do
    /// not depend on other inputs, so the answer is the input's own UI specifications; the body (the current values) is not read.
    /// </summary>
    private static Results<ElsaOk<ActivityOptionsResponse>, ProblemHttpResult> Options(string activityTypeName, string propertyName, HttpContext context,
        [FromServices] IActivityRegistry registry)
    {
        var (_, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        var descriptor = registry.Find(activityTypeName);
        if (descriptor is null) return ElsaProblems.NotFound($"Activiteit '{activityTypeName}' bestaat niet op deze server. Kies een activiteit uit de gereedschapskist.");
        var input = descriptor.Inputs.FirstOrDefault(i => string.Equals(i.Name, propertyName, StringComparison.OrdinalIgnoreCase));
        if (input is null)
        {
            return ElsaProblems.NotFound($"Activiteit '{activityTypeName}' heeft geen invoer '{propertyName}'. Invoer: {string.Join(", ", descriptor.Inputs.Select(i => i.Name))}.");
        }
        var items = new Dictionary<string, object?>();
        if (input.UiSpecifications?.Dropdown is { } dropdown) items["dropdown"] = dropdown;
        return ElsaJson.Ok(new ActivityOptionsResponse(items));
    }

    /// <summary>
    /// Studio's output-converter list (Elsa: <c>GET /descriptors/output-converters?sourceType=&amp;destinationType=</c>, converters a process
    /// owner may pick for an activity output bound to a variable or workflow output). Both type names are required and must be types this
    /// server knows (a variable type, Object, or the type of an activity's input or output); the list is empty: the engine keeps values as
    /// text and converts them by the declared type of the variable or input they go to, so there is nothing to choose.
    /// </summary>
    private static Results<ElsaOk<OutputConvertersResponse>, ProblemHttpResult> OutputConverters([FromQuery] string? sourceType, [FromQuery] string? destinationType,
        HttpContext context, [FromServices] IActivityRegistry registry)
    {
        var (_, problem) = StudioTenant.Resolve(context, write: false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(sourceType) || string.IsNullOrWhiteSpace(destinationType))
        {
            return ElsaProblems.BadRequest("Geef zowel 'sourceType' als 'destinationType' op, bijvoorbeeld ?sourceType=String&destinationType=Object.");
        }
        var known = DescriptorCatalog.VariableTypes.Select(v => v.TypeName)
            .Concat(registry.Descriptors.SelectMany(d => d.Outputs.Select(o => o.TypeName).Concat(d.Inputs.Select(i => i.TypeName))))
            .Append("Object").ToHashSet(StringComparer.Ordinal);
        foreach (var type in new[] { sourceType.Trim(), destinationType.Trim() })
        {
            if (!known.Contains(type))
            {
                return ElsaProblems.BadRequest($"Het type '{type}' kent deze server niet. Bekende typen: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
        }
        return ElsaJson.Ok(new OutputConvertersResponse([]));
    }

    /// <summary>One installed feature; none are installed, so every name is a Dutch 404 (Elsa answers 404 for an absent feature too).</summary>
    private static ProblemHttpResult Feature(string fullName, HttpContext context)
    {
        var (_, problem) = StudioTenant.Resolve(context, write: false);
        return problem ?? ElsaProblems.NotFound($"De functie '{fullName}' is op deze server niet geïnstalleerd. De Studio werkt zonder; de instantieweergave ververst zich door te peilen.");
    }
}
