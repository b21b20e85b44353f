using Microsoft.AspNetCore.Identity;

namespace ChatArchive.Server.Auth.LocalAccounts;

/// <summary>
/// ASP.NET Core Identity for local accounts: <c>UserManager&lt;LocalAccount&gt;</c> with PBKDF2 password hashes,
/// lockout after <see cref="MaxFailedAttempts"/> failed attempts for <see cref="LockoutMinutes"/> minutes, and
/// the authenticator (TOTP, RFC 6238) token provider for the optional second factor. Messages are Dutch.
/// </summary>
public static class LocalAccountSetup
{
    public const int MaxFailedAttempts = 5;
    public const int LockoutMinutes = 15;
    public const int MinimumPasswordLength = 12;

    public static IServiceCollection AddLocalAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<LocalAccount>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(LockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                // Length over composition rules (NCSC, NIST SP 800-63B): a long passphrase is stronger than "Welkom1!".
                o.Password.RequiredLength = MinimumPasswordLength;
                o.Password.RequiredUniqueChars = 5;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._-";
            })
            .AddUserStore<LocalAccountStore>()
            .AddErrorDescriber<DutchIdentityErrors>()
            .AddTokenProvider<AuthenticatorTokenProvider<LocalAccount>>(TokenOptions.DefaultAuthenticatorProvider);
        return services;
    }
}

/// <summary>Identity's messages in Dutch (user-facing: the administrator's password reset shows them).</summary>
public sealed class DutchIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Er ging iets mis met het account." };

    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Het wachtwoord moet minstens {length} tekens lang zijn; kies bij voorkeur een zin." };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Het wachtwoord moet minstens {uniqueChars} verschillende tekens bevatten." };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = "De gebruikersnaam bevat tekens die niet zijn toegestaan." };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = "Het account is intussen door iemand anders gewijzigd; probeer het opnieuw." };
}
