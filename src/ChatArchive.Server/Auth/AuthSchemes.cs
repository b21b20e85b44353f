namespace ChatArchive.Server.Auth;

/// <summary>Scheme names. <see cref="Default"/> forwards to bearer when an Authorization header is present, else to the cookie.</summary>
public static class AuthSchemes
{
    public const string Default = "ChatArchive";
    public const string Bearer = "Bearer";
    public const string Cookie = "ChatArchive.Cookie";
    public const string CookieName = ".ChatArchive.Auth";
    public const string SignInPath = "/aanmelden";
    public const string SignOutPath = "/afmelden";
    public const string PasswordSignInPath = "/aanmelden/wachtwoord";
    public const string SingleSignOnPath = "/aanmelden/sso";
    public const string TwoFactorPath = "/account/tweestapsverificatie";
}
