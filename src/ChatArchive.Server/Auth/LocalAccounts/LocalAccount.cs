namespace ChatArchive.Server.Auth.LocalAccounts;

/// <summary>
/// The password sign-in of one registry user (table local_accounts, migration 0710). ASP.NET Core Identity's
/// <c>UserManager</c> works on it: it hashes the password, counts failed attempts, locks the account and checks
/// the TOTP code of the optional second factor. The user's roles and department stay in the registry (users).
/// </summary>
public sealed class LocalAccount
{
    public long UserId { get; init; }

    /// <summary>The registry's lower-case user name.</summary>
    public string UserName { get; init; } = "";

    public string? PasswordHash { get; set; }

    public string SecurityStamp { get; set; } = "";

    public int FailedCount { get; set; }

    public DateTimeOffset? LockoutEnd { get; set; }

    public string? AuthenticatorKey { get; set; }

    public bool TwoFactorEnabled { get; set; }
}
