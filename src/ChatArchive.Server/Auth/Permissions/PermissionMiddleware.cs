using System.Net;
using System.Text;

namespace ChatArchive.Server.Auth.Permissions;

/// <summary>
/// Applies <see cref="PermissionMatrix"/> to every routed request, after sign-in and before the endpoint runs:
/// an endpoint without a row is refused (fail closed) and a signed-in user without a listed role gets 403,
/// as ProblemDetails for the APIs and as a Dutch page for pages. Visitors who are not signed in reach only
/// endpoints that allow anonymous access (sign-in, health, a page that redirects to /aanmelden).
/// Every refusal, the matrix's and a handler's (403), is recorded in the audit trail (rate-limited).
/// </summary>
public static class PermissionMiddleware
{
    public static IApplicationBuilder UsePermissionMatrix(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not RouteEndpoint endpoint)
            {
                await next(context);
                return;
            }
            var row = PermissionMatrix.Find(context.Request.Method, endpoint.RoutePattern.RawText ?? "");
            if (row is null)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ChatArchive.Permissions")
                    .LogError("Endpoint {Method} {Pattern} has no row in the permission matrix; refused", context.Request.Method, endpoint.RoutePattern.RawText);
                await ForbiddenAsync(context, "Voor deze functie is nog niet vastgelegd wie haar mag gebruiken, dus niemand mag dat. Meld dit aan de beheerder.");
                return;
            }
            var user = CurrentUser.FromPrincipal(context.User);
            if (row.Anonymous || user is null || row.Allows(user))
            {
                await next(context);
                // A handler's own refusal (department, officeholder, role in context) is an access attempt as well.
                if (context.Response.StatusCode == StatusCodes.Status403Forbidden) await RecordRefusalAsync(context);
                return;
            }
            await ForbiddenAsync(context, $"Uw rol geeft geen toegang tot '{row.Action}'; dat mag alleen een {AllowedRoles(row)}. Vraag de beheerder van uw departement om de juiste rol als u dit nodig hebt.");
        });

    /// <summary>The roles a row allows, in the Dutch names users know (e.g. "procesbeheerder of beheerder").</summary>
    private static string AllowedRoles(Permission row)
    {
        var names = row.Roles.Keys.Select(r => r switch
        {
            Domain.Registry.Roles.Administrator => "beheerder",
            Domain.Registry.Roles.ProcessOwner => "procesbeheerder",
            Domain.Registry.Roles.InformationProfessional => "informatieprofessional",
            Domain.Registry.Roles.Officeholder => "bewindspersoon",
            Domain.Registry.Roles.Trustee => "vertrouwenspersoon",
            Domain.Registry.Roles.Auditor => "auditor",
            Domain.Registry.Roles.Archivist => "archivaris",
            _ => r,
        }).Distinct().ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names[..^1]) + " of " + names[^1];
    }

    /// <summary>The refusal as an audit event (Audit/AccessDeniedAudit.cs: rate-limited; hosts without a trail skip it).</summary>
    private static Task RecordRefusalAsync(HttpContext context) =>
        context.RequestServices.GetService<Audit.AccessDeniedAudit>() is { } audit ? audit.RecordAsync(context) : Task.CompletedTask;

    private static async Task ForbiddenAsync(HttpContext context, string detail)
    {
        await RecordRefusalAsync(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (AuthProblems.IsApiRequest(context.Request))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Geen toegang", Detail = detail },
            });
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Geen toegang – ChatArchief</title></head>" +
            $"<body><main><h1>Geen toegang</h1><p>{WebUtility.HtmlEncode(detail)}</p><p><a href=\"/\">Terug naar de startpagina</a></p></main></body></html>",
            Encoding.UTF8);
    }
}
