using ChatArchive.Persistence;
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
    public static IServiceCollection AddChatArchiveAuth(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.AddSingleton(AuthSettings.FromConfiguration(configuration, database));
        services.AddSingleton<TokenService>();
        services.AddScoped<SignInUserDirectory>();
        services.AddAntiforgery();

        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "Bearer token or sign-in cookie", o =>
            {
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? AuthSchemes.Bearer
                        : AuthSchemes.Cookie;
            })
            .AddJwtBearer(AuthSchemes.Bearer)
            .AddCookie(AuthSchemes.Cookie);

        services.AddOptions<JwtBearerOptions>(AuthSchemes.Bearer)
            .Configure<TokenService>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters;
                o.Events = new JwtBearerEvents
                {
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
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = AuthSchemes.SignInPath;
                o.LogoutPath = AuthSchemes.SignOutPath;
                o.AccessDeniedPath = AuthSchemes.SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.ExpireTimeSpan = tokens.Lifetime;
                o.SlidingExpiration = false;
                o.Events = new CookieAuthenticationEvents
                {
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
