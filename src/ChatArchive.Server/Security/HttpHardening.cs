using System.Threading.RateLimiting;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Auth.Permissions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;

namespace ChatArchive.Server.Security;

/// <summary>
/// What every request passes before it reaches an endpoint (BIO 12 / 14, OWASP ASVS 4.0 V13–V14):
/// security headers on every answer; a body of at most <see cref="MaxRequestBytesKey"/> (endpoints that take an
/// upload declare a larger limit with <see cref="LargeUpload"/>); JSON-only request bodies on the APIs (or what an
/// endpoint declares with Accepts); route values of at most 200 characters; cookie-authenticated writes only from
/// this site's own origin (cross-site request forgery); and rate limiting of the sign-in and token endpoints.
/// </summary>
public static class HttpHardening
{
    public const string MaxRequestBytesKey = "ChatArchive:Limits:MaxRequestBytes";
    public const string SignInPerMinuteKey = "ChatArchive:Limits:SignInAttemptsPerMinute";
    public const string SignInPolicy = "aanmelden";
    public const int MaxRouteValueLength = 200;

    /// <summary>Content-Security-Policy of the API and the plain pages: nothing from elsewhere, no inline script, never in a frame.</summary>
    public const string DefaultCsp =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The Studio page runs Blazor WebAssembly and Monaco (eval, WebAssembly); its start-up script is a file, no inline script; still never framed.</summary>
    public const string StudioCsp =
        "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Endpoint metadata: this endpoint takes bodies up to <paramref name="bytes"/> (uploads).</summary>
    public sealed record LargeUpload(long bytes) { public long Bytes { get; } = bytes; }

    public static IServiceCollection AddChatArchiveHardening(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue(SignInPerMinuteKey, 10);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "onbekend",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await WriteProblemAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Te veel aanmeldpogingen",
                    "Er zijn vanaf uw adres te veel aanmeldpogingen gedaan. Wacht een minuut en probeer het dan opnieuw.");
            };
        });
        return services;
    }

    /// <summary>Security headers; call first, so every answer (errors too) carries them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // A page that set its own, stricter policy (the web application's pages) keeps it.
                if (string.IsNullOrEmpty(headers["Referrer-Policy"])) headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/studio") ? StudioCsp : DefaultCsp;
                }
                if (context.Request.IsHttps)
                {
                    // HSTS only behind TLS (RFC 6797 §7.2: never over plain HTTP).
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>Request checks after routing and sign-in, before the permission matrix and the endpoint.</summary>
    public static IApplicationBuilder UseRequestChecks(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var maxBytes = configuration.GetValue(MaxRequestBytesKey, 1_048_576L);
        return app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            var request = context.Request;

            var limit = endpoint?.Metadata.GetMetadata<LargeUpload>()?.Bytes ?? maxBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
            if (request.ContentLength > limit)
            {
                await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Aanvraag te groot",
                    $"De aanvraag is groter dan {limit / 1024} kB, het maximum voor deze functie. Stuur minder gegevens tegelijk.");
                return;
            }

            foreach (var (name, value) in request.RouteValues)
            {
                if (value is string s && s.Length > MaxRouteValueLength)
                {
                    await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Ongeldige aanvraag",
                        $"De waarde voor '{name}' in het adres is langer dan {MaxRouteValueLength} tekens. Controleer het adres.");
                    return;
                }
            }

            var isWrite = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
            if (isWrite && endpoint is not null && IsApi(request) && HasBody(request) && !AcceptedContentType(endpoint, request.ContentType))
            {
                await WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Verkeerd gegevenstype",
                    "Deze functie neemt alleen JSON aan. Stuur de gegevens als JSON met Content-Type: application/json.");
                return;
            }

            // Cross-site request forgery: a write that relies on the sign-in cookie (no bearer token) must come from
            // a page of this site. Browsers always send Origin on such requests; another origin, or none, is refused.
            if (isWrite && endpoint is RouteEndpoint route && IsCookieAuthenticated(context)
                && PermissionMatrix.Find(request.Method, route.RoutePattern.RawText ?? "") is { Anonymous: false }
                && !SameOrigin(request))
            {
                // An access attempt as well: recorded with its own object type (rate-limited, like every refusal).
                if (context.RequestServices.GetService<Audit.AccessDeniedAudit>() is { } audit) await audit.RecordCrossSiteAsync(context);
                await WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Aanvraag van een andere site",
                    "Deze wijziging kwam niet van een pagina van ChatArchief zelf en is daarom geweigerd. Open de pagina opnieuw via het adres van ChatArchief.");
                return;
            }
            await next(context);
        });
    }

    /// <summary>
    /// A write that relies on the sign-in cookie (no bearer token) and does not come from a page of this site: an open route
    /// (e.g. an HTTP workflow) must then treat the caller as not signed in.
    /// </summary>
    public static bool IsCrossSiteCookieWrite(HttpContext context)
    {
        var method = context.Request.Method;
        var isWrite = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        return isWrite && IsCookieAuthenticated(context) && !SameOrigin(context.Request);
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/elsa/api");

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0) || !string.IsNullOrEmpty(request.ContentType);

    private static bool AcceptedContentType(Endpoint endpoint, string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.Split(';')[0].Trim();
        var declared = endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(a => a.ContentTypes).ToList();
        if (declared.Any(d => !d.Contains("json", StringComparison.OrdinalIgnoreCase) && string.Equals(d, mediaType, StringComparison.OrdinalIgnoreCase)))
        {
            return true; // e.g. multipart/form-data declared by an upload endpoint
        }
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsCookieAuthenticated(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: AuthSchemes.Cookie }
        && !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin) || origin == "null") return false;
        return Uri.TryCreate(origin, UriKind.Absolute, out var o)
            && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
