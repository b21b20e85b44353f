using System.Security.Claims;
using ChatArchive.Domain.Registry;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Development sign-in for users in the registry (issue 2): <c>POST /api/auth/dev-token</c> for API
/// clients and tests, the Dutch page <c>/aanmelden</c> (sets the sign-in cookie) and <c>/afmelden</c>.
/// Only active when <see cref="AuthSettings.DevelopmentSignIn"/> is on (Development environment only).
/// <c>POST /api/auth/sign-out</c> ends the caller's server-side session for every way of signing in.
/// </summary>
public static class DevelopmentSignInEndpoints
{
    public sealed record DevTokenRequest(string? UserName);

    public sealed record SignedInUser(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string Department, IReadOnlyList<long> Officeholders);

    public sealed record DevTokenResponse(string AccessToken, DateTimeOffset ExpiresAt, SignedInUser User);

    public static void MapDevelopmentSignIn(this WebApplication app)
    {
        app.MapPost("/api/auth/dev-token", IssueDevTokenAsync).AllowAnonymous().WithTags("Aanmelden").DisableAntiforgery()
            .RequireRateLimiting(Security.HttpHardening.SignInPolicy);
        app.MapGet("/api/auth/me", Me).WithTags("Aanmelden");
        app.MapGet(AuthSchemes.SignInPath, ShowSignInPageAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(AuthSchemes.SignInPath, SignInFromPageAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery()
            .RequireRateLimiting(Security.HttpHardening.SignInPolicy);
        app.MapGet(AuthSchemes.SignOutPath, ShowSignOutPageAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(AuthSchemes.SignOutPath, SignOutFromPageAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/api/auth/sign-out", SignOutApiAsync).WithTags("Aanmelden");
    }

    /// <summary>POST /api/auth/sign-out: ends the caller's session (the token, the cookie and Studio's token minted from it); 204.</summary>
    private static async Task<NoContent> SignOutApiAsync(HttpContext context, SessionStore sessions, CancellationToken ct)
    {
        if (context.User.FindFirstValue(SessionStore.SessionClaim) is { Length: > 0 } sid) await sessions.RevokeAsync(sid, ct);
        if (context.User.Identity?.AuthenticationType == AuthSchemes.Cookie) await context.SignOutAsync(AuthSchemes.Cookie);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DevTokenResponse>, ProblemHttpResult, ValidationProblem>> IssueDevTokenAsync(
        DevTokenRequest? request, HttpContext context, AuthSettings settings, SignInUserDirectory users, SignInSessions sessions, ILogger<TokenService> logger, CancellationToken ct)
    {
        if (!settings.DevelopmentSignIn)
        {
            return DisabledProblem();
        }
        if (string.IsNullOrWhiteSpace(request?.UserName))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["userName"] = ["Vul de gebruikersnaam in van een geregistreerde gebruiker, bijvoorbeeld procesbeheerder.bzk."] },
                title: "De aanvraag is niet volledig");
        }
        var user = await users.FindAsync(request.UserName, ct);
        if (user is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["userName"] = ["Deze gebruiker staat niet (actief) in het register. Kies een gebruiker van de pagina /aanmelden."] },
                title: "Onbekende gebruiker");
        }
        var token = await sessions.IssueTokenAsync(user, ct);
        logger.LogInformation("Development token issued for user {UserId}", user.Id);
        await Audit.AuditHttp.AuditSignInAsync(context, user.Id, user.Roles, user.Department);
        return TypedResults.Ok(new DevTokenResponse(token.AccessToken, token.ExpiresAt, ToDto(user)));
    }

    private static Ok<SignedInUser> Me(HttpContext context)
    {
        var current = context.GetCurrentUser();
        return TypedResults.Ok(new SignedInUser(
            long.TryParse(current.UserId, out var id) ? id : 0,
            context.User.FindFirstValue(ChatArchiveClaims.UserName) ?? current.UserId,
            current.Name, current.Roles.Order(StringComparer.Ordinal).ToList(), current.Department, current.Officeholders.Order().ToList()));
    }

    private static async Task<IResult> ShowSignInPageAsync(HttpContext context, AuthSettings settings, SignInUserDirectory users, IAntiforgery antiforgery, string? returnUrl, CancellationToken ct)
    {
        // The password form (local accounts) is always there; the list of users only with the development sign-in.
        var tokens = antiforgery.GetAndStoreTokens(context);
        return SignInPage.Render(settings.DevelopmentSignIn ? await users.ListAsync(ct) : [], SafeReturnUrl(returnUrl), tokens, error: null,
            developmentSignIn: settings.DevelopmentSignIn, singleSignOn: settings.SingleSignOn);
    }

    private static async Task<IResult> SignInFromPageAsync(HttpContext context, AuthSettings settings, SignInUserDirectory users, TokenService tokens, SignInSessions sessions,
        IAntiforgery antiforgery, ILogger<TokenService> logger, CancellationToken ct)
    {
        if (!settings.DevelopmentSignIn)
        {
            return SignInPage.Disabled();
        }
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInPage.Render(await users.ListAsync(ct), returnUrl, antiforgery.GetAndStoreTokens(context),
                "De pagina was verlopen. Kies de gebruiker opnieuw en klik op Aanmelden.", StatusCodes.Status400BadRequest, singleSignOn: settings.SingleSignOn);
        }
        var user = string.IsNullOrWhiteSpace(form["userName"]) ? null : await users.FindAsync(form["userName"].ToString(), ct);
        if (user is null)
        {
            return SignInPage.Render(await users.ListAsync(ct), returnUrl, antiforgery.GetAndStoreTokens(context),
                "Kies een gebruiker uit de lijst en klik op Aanmelden.", StatusCodes.Status400BadRequest, singleSignOn: settings.SingleSignOn);
        }
        var principal = await sessions.CookiePrincipalAsync(user, AuthSchemes.Cookie, ct);
        await context.SignInAsync(AuthSchemes.Cookie, principal,
            new AuthenticationProperties { IsPersistent = false, ExpiresUtc = DateTimeOffset.UtcNow.Add(tokens.Lifetime) });
        logger.LogInformation("Development sign-in (cookie) for user {UserId}", user.Id);
        await Audit.AuditHttp.AuditSignInAsync(context, user.Id, user.Roles, user.Department);
        return Results.LocalRedirect(returnUrl);
    }

    /// <summary>
    /// GET /afmelden only asks: signing out is a change, and a GET that changes state can be triggered by any other
    /// site (an image or a link). The form posts back with an antiforgery token.
    /// </summary>
    private static async Task<IResult> ShowSignOutPageAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var signedIn = await context.AuthenticateAsync(AuthSchemes.Cookie);
        if (signedIn.Principal is null) return Results.LocalRedirect(AuthSchemes.SignInPath);
        return SignInPage.SignOut(antiforgery.GetAndStoreTokens(context), error: null);
    }

    private static async Task<IResult> SignOutFromPageAsync(HttpContext context, SessionStore sessions, IAntiforgery antiforgery)
    {
        // The cookie is read here although the page allows anonymous visitors, so its session can be ended server-side.
        var signedIn = await context.AuthenticateAsync(AuthSchemes.Cookie);
        if (signedIn.Principal is null) return Results.LocalRedirect(AuthSchemes.SignInPath);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInPage.SignOut(antiforgery.GetAndStoreTokens(context),
                "De pagina was verlopen. Klik nogmaals op Afmelden.", StatusCodes.Status400BadRequest);
        }
        if (signedIn.Principal.FindFirstValue(SessionStore.SessionClaim) is { Length: > 0 } sid) await sessions.RevokeAsync(sid, context.RequestAborted);
        await context.SignOutAsync(AuthSchemes.Cookie);
        return Results.LocalRedirect(AuthSchemes.SignInPath);
    }

    /// <summary>Only local paths: an absolute or protocol-relative returnUrl would make this an open redirect.
    /// Control characters (a tab, a newline) are refused too: browsers drop them, so "/\t/example.org" would become
    /// the protocol-relative "//example.org".</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } r && r[0] == '/' && (r.Length == 1 || (r[1] != '/' && r[1] != '\\')) && !r.Contains("://", StringComparison.Ordinal)
        && !r.Any(char.IsControl)
            ? r
            : "/";

    private static ProblemHttpResult DisabledProblem() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Ontwikkelaanmelding staat uit",
            detail: $"Zet {AuthSettings.DevelopmentSignInKey} op true om zonder wachtwoord aan te melden (alleen voor ontwikkeling en demo).");

    private static SignedInUser ToDto(SignInUserDirectory.SignInUser u) =>
        new(u.Id, u.UserName, u.DisplayName, u.Roles, u.Department, u.Officeholders);
}
