using ChatArchive.Persistence;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Sign-in settings. <c>ChatArchive:Auth:DevelopmentSignIn</c> enables the development sign-in
/// (pick a registered user without a password); it defaults to on in embedded (SQLite) mode only,
/// because a production server must never hand out tokens without real authentication.
/// </summary>
public sealed record AuthSettings(bool DevelopmentSignIn)
{
    public const string DevelopmentSignInKey = "ChatArchive:Auth:DevelopmentSignIn";

    public static AuthSettings FromConfiguration(IConfiguration configuration, DatabaseOptions database) =>
        new(configuration[DevelopmentSignInKey] is { Length: > 0 } value
            ? bool.TryParse(value, out var on) ? on : throw new InvalidOperationException($"{DevelopmentSignInKey} moet true of false zijn, niet '{value}'.")
            : database.Provider == DatabaseProvider.Sqlite);
}
