namespace ChatArchive.Server.Auth;

/// <summary>401/403 answers as ProblemDetails (RFC 9457) with a Dutch explanation of what to do.</summary>
internal static class AuthProblems
{
    /// <summary>API and Studio calls get ProblemDetails; browser page requests get a redirect to the sign-in page.</summary>
    public static bool IsApiRequest(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/elsa/api") || path.StartsWithSegments("/openapi"))
        {
            return true;
        }
        var accept = request.Headers.Accept.ToString();
        return !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    public static Task WriteUnauthorizedAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Niet aangemeld",
            "Deze aanvraag vraagt een aangemelde gebruiker. Meld u aan via /aanmelden of stuur een geldig toegangstoken mee (Authorization: Bearer …).");

    public static Task WriteForbiddenAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Geen toegang",
            "Uw rol of afdeling geeft geen toegang tot deze gegevens. Vraag de beheerder van uw departement om de juiste rol.");

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
