using ChatArchive.Server.Auth;

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
        app.MapGet(StudioOptions.RequestPath, (HttpContext c, SignInSessions s, StudioOptions o) => StudioHostPage.Render(c, s, o)).AllowAnonymous();
        return app;
    }
}
