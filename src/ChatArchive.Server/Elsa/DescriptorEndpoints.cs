using Microsoft.AspNetCore.Mvc;
using ChatArchive.Server.Elsa.Models;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Descriptors;

namespace ChatArchive.Server.Elsa;

/// <summary>GET /descriptors/* and /features/installed: what the editor loads before it draws (contract "Editor load").</summary>
public static class DescriptorEndpoints
{
    public static RouteGroupBuilder MapDescriptorEndpoints(this RouteGroupBuilder api)
    {
        // Generated from the activity classes by the engine, so the toolbox always matches the code (ARCHITECTURE.md).
        api.MapGet("/descriptors/activities", (HttpContext c, [FromServices] IActivityRegistry registry) => Read(c, () => ListResponse<ActivityDescriptor>.Of(registry.Descriptors)));
        api.MapGet("/descriptors/expression-descriptors", (HttpContext c) => Read(c, () => ListResponse<ExpressionDescriptorModel>.Of(DescriptorCatalog.Expressions)));
        api.MapGet("/descriptors/workflow-activation-strategies", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/log-persistence-strategies", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/incident-strategies", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/commit-strategies/workflows", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/commit-strategies/activities", (HttpContext c) => Read(c, () => ListResponse<StrategyDescriptorModel>.Of(DescriptorCatalog.None)));
        api.MapGet("/descriptors/variables", (HttpContext c) => Read(c, () => ListResponse<VariableDescriptorModel>.Of(DescriptorCatalog.VariableTypes)));
        api.MapGet("/descriptors/storage-drivers", (HttpContext c) => Read(c, () => ListResponse<StorageDriverDescriptorModel>.Of(DescriptorCatalog.StorageDrivers)));
        // No optional Elsa features (real-time updates, …): the viewer then polls execution-state.
        api.MapGet("/features/installed", (HttpContext c) => Read(c, () => ListResponse<object>.Empty));
        return api;
    }

    private static IResult Read<T>(HttpContext context, Func<T> body)
    {
        var (_, problem) = StudioTenant.Resolve(context, write: false);
        return problem ?? ElsaJson.Ok(body());
    }
}
