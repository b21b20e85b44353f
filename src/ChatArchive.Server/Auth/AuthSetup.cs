using ChatArchive.Persistence;
using ChatArchive.Server.Auth.LocalAccounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace ChatArchive.Server.Auth;

public static class AuthSetup
{
    /// <summary>
    /// Bearer token OR sign-in cookie, both carrying the claims of <see cref="ChatArchiveClaims"/>.
    /// Every endpoint requires a signed-in user unless it opts out (health, sign-in, OpenAPI).
    /// API calls without a user get 401 ProblemDetails; page requests are sent to /aanmelden.
    /// </summary>
    public static IServiceCollection AddChatArchiveAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, DatabaseOptions database)
    {
        services.AddSingleton(AuthSettings.FromConfiguration(configuration, environment, database));
        services.AddSingleton<TokenService>();
        services.AddSingleton<SignInUserDirectory>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SignInSessions>();
        // Its cookie is HttpOnly and SameSite=Strict by default; Secure when the page is served over TLS, like the sign-in cookie.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddLocalAccounts();

        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "Bearer token or sign-in cookie", o =>
            {
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? AuthSchemes.Bearer
                        : AuthSchemes.Cookie;
            })
            .AddJwtBearer(AuthSchemes.Bearer)
            .AddCookie(AuthSchemes.Cookie)
            .AddChatArchiveSingleSignOn(configuration);

        services.AddOptions<JwtBearerOptions>(AuthSchemes.Bearer)
            .Configure<TokenService>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters;
                o.Events = new JwtBearerEvents
                {
                    // Every request: the token's session must still be open and its user unchanged (SessionStore).
                    OnTokenValidated = async context =>
                    {
                        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                        if (context.Principal is null || !await sessions.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The sign-in session of this token has ended.");
                        }
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        await AuthProblems.WriteUnauthorizedAsync(context.HttpContext);
                    },
                    OnForbidden = context => AuthProblems.WriteForbiddenAsync(context.HttpContext),
                };
            });

        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie)
            .Configure<TokenService>((o, tokens) =>
            {
                o.Cookie.Name = AuthSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = AuthSchemes.SignInPath;
                o.LogoutPath = AuthSchemes.SignOutPath;
                o.AccessDeniedPath = AuthSchemes.SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.ExpireTimeSpan = tokens.Lifetime;
                o.SlidingExpiration = false;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = async context =>
                    {
                        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
                        if (context.Principal is null || !await sessions.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
                        {
                            context.RejectPrincipal();
                            await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
                        }
                    },
                    OnRedirectToLogin = context =>
                    {
                        if (AuthProblems.IsApiRequest(context.Request))
                        {
                            return AuthProblems.WriteUnauthorizedAsync(context.HttpContext);
                        }
                        context.Response.Redirect(context.RedirectUri);
                        return Task.CompletedTask;
                    },
                    OnRedirectToAccessDenied = context => AuthProblems.WriteForbiddenAsync(context.HttpContext),
                };
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AuthSchemes.Default).RequireAuthenticatedUser().Build());
        return services;
    }
}
