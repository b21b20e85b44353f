namespace ChatArchive.Server.Elsa;

/// <summary>
/// The Elsa Studio backend at /elsa/api (ELSA-STUDIO-CONTRACT.md). Every route needs a signed-in user;
/// <see cref="StudioTenant"/> decides per request which department it may read or change.
/// </summary>
public static class ElsaStudioApi
{
    public const string BasePath = "/elsa/api";

    public static IEndpointRouteBuilder MapElsaStudioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).RequireAuthorization().AddEndpointFilter<EngineProblemFilter>();
        api.AddEndpointFilter<Audit.AuditDefinitionWritesFilter>();
        api.MapDescriptorEndpoints();
        api.MapDefinitionEndpoints();
        api.MapInstanceEndpoints();
        api.MapActivityExecutionEndpoints();
        return app;
    }
}
