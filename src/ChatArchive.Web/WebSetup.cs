using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Web;

/// <summary>Registers and maps the web application; the server calls these two, nothing else.</summary>
public static class WebSetup
{
    public const string ErrorPath = "/fout";

    /// <summary>No inline script or style anywhere on these pages; assets only from this origin.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>htmx settings (meta htmx-config): nothing that needs inline style or eval; 2xx, 400 and 409 answers are swapped in.</summary>
    public const string HtmxConfig =
        """{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"responseHandling":[{"code":"204","swap":false},{"code":"2..","swap":true},{"code":"40[09]","swap":true,"error":false},{"code":"...","swap":false,"error":true}]}""";

    public static IServiceCollection AddChatArchiveWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o => o.Conventions.AllowAnonymousToPage("/Fout"));
        services.AddSingleton<FinalReadOuts>();
        services.AddSingleton<InboxKinds>();
        return services;
    }

    /// <summary>
    /// HTML error pages for browsers (404, 403) with a way back; API and Studio requests keep their ProblemDetails.
    /// Call after UseStatusCodePages, so these run first for page requests.
    /// </summary>
    public static IApplicationBuilder UseChatArchiveWebErrorPages(this IApplicationBuilder app) =>
        app.UseWhen(IsPageRequest, b => b.UseStatusCodePagesWithReExecute(ErrorPath + "/{0}"));

    public static IEndpointRouteBuilder MapChatArchiveWeb(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        return app;
    }

    /// <summary>Sets the page security headers; called by every page through the layout's page model base.</summary>
    public static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    private static bool IsPageRequest(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/elsa") || path.StartsWithSegments("/studio")
            || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi"))
        {
            return false;
        }
        return context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
