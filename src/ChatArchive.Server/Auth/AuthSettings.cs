using ChatArchive.Persistence;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Sign-in settings. <c>ChatArchive:Auth:DevelopmentSignIn</c> enables the development sign-in (pick a
/// registered user without a password). It is off unless set to true, and it is only honoured in the
/// Development environment: a server in any other environment with it switched on refuses to start,
/// because it would hand a government-wide administrator token to anyone who asks (BIO 9.4.2, secure
/// log-on). <c>scripts/run.sh</c> sets both for the embedded demo.
/// </summary>
public sealed record AuthSettings(bool DevelopmentSignIn, bool SingleSignOn = false)
{
    public const string DevelopmentSignInKey = "ChatArchive:Auth:DevelopmentSignIn";

    public static AuthSettings FromConfiguration(IConfiguration configuration, IHostEnvironment environment, DatabaseOptions database)
    {
        var on = configuration[DevelopmentSignInKey] is { Length: > 0 } value
            && (bool.TryParse(value, out var parsed) ? parsed : throw new InvalidOperationException($"{DevelopmentSignInKey} moet true of false zijn, niet '{value}'."));
        if (on && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"De server start niet: {DevelopmentSignInKey} staat aan in de omgeving '{environment.EnvironmentName}'. " +
                "Aanmelden zonder wachtwoord is alleen toegestaan met ASPNETCORE_ENVIRONMENT=Development (de demo van scripts/run.sh). " +
                $"Verwijder {DevelopmentSignInKey} of zet de instelling op false.");
        }
        if (database.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(configuration[TokenService.SigningKeyKey]))
        {
            // Several nodes share PostgreSQL, so a key generated into one node's data folder would not be shared, and a
            // production server must not invent its own secret (same rule as the sealing keys).
            throw new InvalidOperationException(
                $"De server start niet: {TokenService.SigningKeyKey} ontbreekt. Zet een sleutel van minstens 32 bytes (base64), " +
                "bijvoorbeeld met 'openssl rand -base64 32', in een geheimenkluis en geef die mee als ChatArchive__Auth__SigningKey.");
        }
        return new AuthSettings(on, SingleSignOnSettings.IsConfigured(configuration));
    }
}
