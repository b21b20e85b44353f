using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace ChatArchive.Server.Auth;

public static class AuthSetup
{
    /// <summary>Bearer-token authentication; every endpoint requires a signed-in user unless it opts out (health, sign-in).</summary>
    public static IServiceCollection AddChatArchiveAuth(this IServiceCollection services)
    {
        services.AddSingleton<TokenService>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters;
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
