using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Engine.Definitions;
using Microsoft.AspNetCore.Antiforgery;

namespace ChatArchive.Server.Studio;

/// <summary>Registration of the Studio host page and the package's static files (one line each in Program.cs).</summary>
public static class StudioHosting
{
    public static IServiceCollection AddChatArchiveStudio(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton(StudioOptions.FromConfiguration(configuration, contentRoot));
        services.AddSingleton<StudioPackageFiles>();
        services.AddSingleton<Workflows.Api.IStudioHost, ServerStudioHost>();
        return services;
    }

    /// <summary>Serves the package files before routing; they are the public Studio build and hold no data.</summary>
    public static IApplicationBuilder UseChatArchiveStudioFiles(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<StudioPackageFiles>();
        return app.Use(async (context, next) =>
        {
            if (!await files.TryServeAsync(context)) await next(context);
        });
    }

    public static IEndpointRouteBuilder MapChatArchiveStudio(this IEndpointRouteBuilder app)
    {
        // Routing matches /studio and /studio/ alike. Anonymous at the routing level so an unsigned visitor is redirected to /aanmelden instead of getting a bare 401.
        app.MapGet(StudioOptions.RequestPath, (HttpContext c, SignInSessions s, StudioOptions o, StudioPackageFiles f, IWorkflowDefinitionService d, IAntiforgery a) =>
            StudioHostPage.RenderAsync(c, s, o, f, d, a, deepLink: null)).AllowAnonymous();
        // Studio's own addresses (it writes them into the address bar): a reload shows the same view, not a 404.
        app.MapGet(StudioOptions.RequestPath + "/workflows/{**path}", (string? path, HttpContext c, SignInSessions s, StudioOptions o, StudioPackageFiles f,
            IWorkflowDefinitionService d, IAntiforgery a) => StudioHostPage.RenderAsync(c, s, o, f, d, a, deepLink: path ?? "")).AllowAnonymous();
        // The page's start-up script (no inline script under the page's Content-Security-Policy); public, holds no data.
        app.MapGet(StudioHostScript.RequestPath, StudioHostScript.Serve).AllowAnonymous();
        // Antiforgery is checked in the handler after the role, so a wrong role gets its 403 first.
        app.MapPost(StudioOptions.RequestPath + "/sjablonen/{definitionId}/kopieer", (string definitionId, HttpContext c, IWorkflowDefinitionService d, IAntiforgery a) =>
            StudioHostPage.CopyTemplateAsync(c, definitionId, d, a)).DisableAntiforgery();
        return app;
    }
}
