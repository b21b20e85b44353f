using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Engine.Activities.Http;
using Microsoft.AspNetCore.Authorization;

namespace ChatArchive.Server.Processes;

/// <summary>
/// Elsa's HTTP workflows on this server: every request below <c>/workflows/</c> goes to the engine's
/// <see cref="HttpEndpointRouter"/>, which finds the published workflow whose HTTP endpoint matches and decides who may call it
/// (a signed-in user of the workflow's department; anonymous only for a definition the administrator listed in
/// <c>ChatArchive:Workflows:Http:AnonymousDefinitions</c>). The route is open in the permission matrix for that reason; the
/// router refuses with 401 or 404. A write carried only by the sign-in cookie from another site counts as anonymous. Refusals are ProblemDetails in Dutch; the request body and headers are never logged.
/// </summary>
public static class HttpWorkflowEndpoints
{
    public const string Prefix = "/workflows";

    /// <summary>Headers the server sets itself (security and caching); a workflow's response does not replace them.</summary>
    private static readonly string[] ServerOwned =
    [
        "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Strict-Transport-Security",
        "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy",
    ];

    public static IEndpointRouteBuilder MapHttpWorkflows(this IEndpointRouteBuilder app)
    {
        app.Map(Prefix + "/{**path}", HandleAsync)
            .AllowAnonymous()
            .WithName("HttpWorkflow")
            .WithSummary("Roept een gepubliceerde workflow met een HTTP-eindpunt aan (Elsa's HttpEndpoint)")
            .ExcludeFromDescription();
        return app;
    }

    private static async Task HandleAsync(HttpContext context, string? path, HttpEndpointRouter router, IAuthorizationService authorization)
    {
        // A cross-site write carried only by the sign-in cookie gets no more rights than an anonymous caller.
        var user = ChatArchive.Server.Security.HttpHardening.IsCrossSiteCookieWrite(context) ? null : CurrentUser.FromPrincipal(context.User);
        var request = context.Request;
        var call = new HttpEndpointCall
        {
            Method = request.Method,
            Path = "/" + (path ?? ""),
            Query = request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))).ToList(),
            Headers = request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? ""))).ToList(),
            ContentType = request.ContentType,
            ContentLength = request.ContentLength,
            Body = request.Body,
            SignedIn = user is not null,
            Department = user?.Department,
            AuthorizePolicy = user is null ? null : async policy => (await authorization.AuthorizeAsync(context.User, policy)).Succeeded,
        };
        var answer = await router.HandleAsync(call, context.RequestAborted);
        if (answer.IsProblem)
        {
            var extensions = new Dictionary<string, object?>();
            if (answer.InstanceId is not null) extensions["instanceId"] = answer.InstanceId;
            await Results.Problem(title: answer.ProblemTitle, detail: answer.ProblemDetail, statusCode: answer.StatusCode, extensions: extensions)
                .ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = answer.StatusCode;
        foreach (var (name, values) in answer.Headers)
        {
            if (ServerOwned.Contains(name, StringComparer.OrdinalIgnoreCase) || WriteHttpResponse.ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            context.Response.Headers[name] = values;
        }
        if (answer.Body is { } body)
        {
            context.Response.ContentType = answer.ContentType ?? "text/plain; charset=utf-8";
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
    }
}
