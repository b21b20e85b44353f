namespace ChatArchive.Workflows.Api;

/// <summary>
/// The Elsa Studio backend at /elsa/api (ELSA-STUDIO-CONTRACT.md, and docs/STUDIO-API-ADDITIONS.md for the routes added
/// since). Every route needs a signed-in user; <see cref="StudioTenant"/> decides per request which department it may
/// read or change. The hosting server registers an <see cref="IStudioHost"/> and calls <see cref="MapWorkflowsApi"/>.
/// </summary>
public static class WorkflowsApi
{
    public const string BasePath = "/elsa/api";

    /// <summary>Maps every route under <see cref="BasePath"/>; returns the group so the host can add its own filters (audit).</summary>
    public static RouteGroupBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).RequireAuthorization().AddEndpointFilter<EngineProblemFilter>().WithTags("Elsa Studio");
        api.MapDescriptorEndpoints();
        api.MapDefinitionEndpoints();
        api.MapDefinitionActionEndpoints();
        api.MapInstanceEndpoints();
        api.MapActivityExecutionEndpoints();
        api.MapStudioTaskEndpoints();
        return api;
    }
}
