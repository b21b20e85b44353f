using System.Security.Claims;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Settings of single sign-on with the department's identity provider (OpenID Connect, authorization code flow with
/// PKCE). On when <see cref="AuthorityKey"/> is set. The provider's user is matched to the registry by one claim
/// (<see cref="UserClaimKey"/>, default <c>preferred_username</c>) compared with the registry's user name, or with its
/// e-mail address when <see cref="MatchOnKey"/> is <c>email</c>. A provider user without an active registry user
/// gets a Dutch page (403) and no session.
/// </summary>
public sealed record SingleSignOnSettings(string Authority, string ClientId, string? ClientSecret, string UserClaim, bool MatchOnEmail, bool RequireHttpsMetadata)
{
    public const string Section = "ChatArchive:Auth:Oidc";
    public const string AuthorityKey = Section + ":Authority";
    public const string ClientIdKey = Section + ":ClientId";
    public const string ClientSecretKey = Section + ":ClientSecret";
    public const string UserClaimKey = Section + ":UserClaim";
    public const string MatchOnKey = Section + ":MatchOn";
    public const string RequireHttpsMetadataKey = Section + ":RequireHttpsMetadata";
    public const string Scheme = "ChatArchive.Oidc";
    public const string CallbackPath = "/aanmelden/sso/terug";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[AuthorityKey]);

    public static SingleSignOnSettings? FromConfiguration(IConfiguration configuration)
    {
        if (!IsConfigured(configuration)) return null;
        var clientId = configuration[ClientIdKey];
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new InvalidOperationException($"De server start niet: {AuthorityKey} is gezet maar {ClientIdKey} ontbreekt. Vraag de client-id aan bij de beheerder van de identiteitsprovider.");
        }
        var matchOn = configuration[MatchOnKey] ?? "userName";
        if (matchOn is not ("userName" or "email"))
        {
            throw new InvalidOperationException($"De server start niet: {MatchOnKey} moet 'userName' of 'email' zijn, niet '{matchOn}'.");
        }
        return new SingleSignOnSettings(configuration[AuthorityKey]!.Trim(), clientId.Trim(), configuration[ClientSecretKey],
            configuration[UserClaimKey] is { Length: > 0 } claim ? claim : "preferred_username",
            matchOn == "email", configuration.GetValue(RequireHttpsMetadataKey, true));
    }
}

public static class SingleSignOn
{
    /// <summary>Adds the OpenID Connect handler when <see cref="SingleSignOnSettings.AuthorityKey"/> is set.</summary>
    public static AuthenticationBuilder AddChatArchiveSingleSignOn(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        if (SingleSignOnSettings.FromConfiguration(configuration) is not { } sso) return builder;
        builder.Services.AddSingleton(sso);
        return builder.AddOpenIdConnect(SingleSignOnSettings.Scheme, "Aanmelden via het departement", o =>
        {
            o.Authority = sso.Authority;
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The answer comes back as a GET, so the SameSite=Lax correlation cookies travel with it.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = SingleSignOnSettings.CallbackPath;
            o.SignInScheme = AuthSchemes.Cookie;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            if (sso.MatchOnEmail) o.Scope.Add("email");
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events = new OpenIdConnectEvents
            {
                // The provider has proved who this is; the registry decides what they may do.
                OnTokenValidated = async context =>
                {
                    var http = context.HttpContext;
                    var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ChatArchive.SingleSignOn");
                    var value = context.Principal?.FindFirstValue(sso.UserClaim);
                    var user = value is { Length: > 0 and <= 320 } ? await FindUserAsync(http.RequestServices, sso, value, http.RequestAborted) : null;
                    context.HandleResponse();
                    if (user is null)
                    {
                        logger.LogWarning("Single sign-on refused: no active registry user for the provider's claim {Claim}", sso.UserClaim);
                        // An access attempt: recorded under a hash of the claim value, never the name or address itself.
                        if (http.RequestServices.GetService<Audit.AccessDeniedAudit>() is { } audit) await audit.RecordUnregisteredSignInAsync(http, value ?? "");
                        var page = SignInPage.Message("Geen toegang", "U bent bij uw departement aangemeld, maar u staat niet (actief) in het gebruikersregister van ChatArchive.",
                            "<p>Vraag een beheerder van uw departement om u toe te voegen. Daarna kunt u zich opnieuw aanmelden.</p><p><a href=\"/aanmelden\">Terug naar aanmelden</a></p>",
                            StatusCodes.Status403Forbidden);
                        await page.ExecuteAsync(http);
                        return;
                    }
                    var sessions = http.RequestServices.GetRequiredService<SignInSessions>();
                    var tokens = http.RequestServices.GetRequiredService<TokenService>();
                    var principal = await sessions.CookiePrincipalAsync(user, AuthSchemes.Cookie, http.RequestAborted);
                    await http.SignInAsync(AuthSchemes.Cookie, principal,
                        new AuthenticationProperties { IsPersistent = false, ExpiresUtc = DateTimeOffset.UtcNow.Add(tokens.Lifetime) });
                    logger.LogInformation("Single sign-on (cookie) for user {UserId}", user.Id);
                    await Audit.AuditHttp.AuditSignInAsync(http, user.Id, user.Roles, user.Department);
                    // A page that moves on by itself rather than a redirect: the navigation then starts on this site, so the
                    // SameSite=Strict sign-in cookie travels with it even when the provider lives on another site.
                    var target = System.Text.Encodings.Web.HtmlEncoder.Default.Encode(DevelopmentSignInEndpoints.SafeReturnUrl(context.Properties?.RedirectUri));
                    await SignInPage.Message("Aangemeld", null,
                        $"<meta http-equiv=\"refresh\" content=\"0;url={target}\"><p role=\"status\">U bent aangemeld. <a href=\"{target}\">Verder naar ChatArchive</a></p>").ExecuteAsync(http);
                },
                OnRemoteFailure = async context =>
                {
                    context.HandleResponse();
                    var page = SignInPage.Message("Aanmelden mislukt", "Het aanmelden via uw departement is niet gelukt of afgebroken.",
                        "<p>Probeer het opnieuw. Lukt het dan nog niet, neem contact op met de servicedesk van uw departement.</p><p><a href=\"/aanmelden\">Terug naar aanmelden</a></p>",
                        StatusCodes.Status400BadRequest);
                    await page.ExecuteAsync(context.HttpContext);
                },
            };
        });
    }

    /// <summary>GET /aanmelden/sso: off to the department's provider, back to <c>returnUrl</c> afterwards.</summary>
    public static void MapSingleSignOn(this WebApplication app)
    {
        app.MapGet(AuthSchemes.SingleSignOnPath, (HttpContext context, string? returnUrl) =>
        {
            if (context.RequestServices.GetService<SingleSignOnSettings>() is null)
            {
                return SignInPage.Message("Aanmelden via het departement", null,
                    "<p>Aanmelden via de identiteitsprovider van het departement is op deze server niet ingesteld. Meld u aan met uw gebruikersnaam en wachtwoord.</p>" +
                    "<p><a href=\"/aanmelden\">Naar aanmelden</a></p>", StatusCodes.Status404NotFound);
            }
            return Results.Challenge(new AuthenticationProperties { RedirectUri = DevelopmentSignInEndpoints.SafeReturnUrl(returnUrl) }, [SingleSignOnSettings.Scheme]);
        }).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(Security.HttpHardening.SignInPolicy);
    }

    private static async Task<SignInUserDirectory.SignInUser?> FindUserAsync(IServiceProvider services, SingleSignOnSettings sso, string value, CancellationToken ct)
    {
        var directory = services.GetRequiredService<SignInUserDirectory>();
        if (!sso.MatchOnEmail) return await directory.FindAsync(value, ct);
        var dbFactory = services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var email = value.Trim().ToLowerInvariant();
        var ids = await db.Set<User>().AsNoTracking().Where(u => u.IsActive && u.Email != null && u.Email.ToLower() == email).Select(u => u.Id).Take(2).ToListAsync(ct);
        // Two registry users with one address: refuse rather than guess.
        return ids.Count == 1 ? await directory.FindActiveByIdAsync(ids[0], ct) : null;
    }
}
