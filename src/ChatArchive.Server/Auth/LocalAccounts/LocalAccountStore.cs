using System.Data.Common;
using System.Globalization;
using ChatArchive.Persistence;
using Microsoft.AspNetCore.Identity;

namespace ChatArchive.Server.Auth.LocalAccounts;

/// <summary>
/// Identity's user store over our own migration-managed table (local_accounts) joined to the registry's users.
/// Only active registry users are found, so a deactivated user cannot sign in with a password either.
/// An account row is written on the first change (password set by an administrator); every write is one
/// upsert of the whole row, so a crash leaves the previous state.
/// </summary>
public sealed class LocalAccountStore(DatabaseOptions database, TimeProvider time) :
    IUserPasswordStore<LocalAccount>, IUserSecurityStampStore<LocalAccount>, IUserLockoutStore<LocalAccount>,
    IUserTwoFactorStore<LocalAccount>, IUserAuthenticatorKeyStore<LocalAccount>
{
    private const string Select =
        "SELECT u.id, u.user_name, a.password_hash, a.security_stamp, a.failed_count, a.lockout_end, a.authenticator_key, a.two_factor " +
        "FROM users u LEFT JOIN local_accounts a ON a.user_id = u.id WHERE u.is_active AND ";

    public void Dispose()
    {
    }

    public Task<LocalAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? FindAsync("u.id = @key", id, cancellationToken)
            : Task.FromResult<LocalAccount?>(null);

    public Task<LocalAccount?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindAsync("u.user_name = @key", normalizedUserName.Trim().ToLowerInvariant(), cancellationToken);

    public async Task<IdentityResult> UpdateAsync(LocalAccount user, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn,
            "INSERT INTO local_accounts (user_id, password_hash, security_stamp, failed_count, lockout_end, authenticator_key, two_factor, updated_at) " +
            "VALUES (@user, @hash, @stamp, @failed, @lockout, @key, @twofactor, @now) " +
            "ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, security_stamp = excluded.security_stamp, " +
            "failed_count = excluded.failed_count, lockout_end = excluded.lockout_end, authenticator_key = excluded.authenticator_key, " +
            "two_factor = excluded.two_factor, updated_at = excluded.updated_at",
            ("user", user.UserId), ("hash", (object?)user.PasswordHash), ("stamp", user.SecurityStamp), ("failed", user.FailedCount),
            ("lockout", user.LockoutEnd?.ToUnixTimeSeconds()), ("key", user.AuthenticatorKey), ("twofactor", user.TwoFactorEnabled ? 1 : 0),
            ("now", time.GetUtcNow().ToUnixTimeSeconds()));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return IdentityResult.Success;
    }

    /// <summary>Accounts belong to registry users: they are created by <see cref="UpdateAsync"/>, never on their own.</summary>
    public Task<IdentityResult> CreateAsync(LocalAccount user, CancellationToken cancellationToken) => UpdateAsync(user, cancellationToken);

    public async Task<IdentityResult> DeleteAsync(LocalAccount user, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, "DELETE FROM local_accounts WHERE user_id = @user", ("user", user.UserId));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public Task<string> GetUserIdAsync(LocalAccount user, CancellationToken cancellationToken) =>
        Task.FromResult(user.UserId.ToString(CultureInfo.InvariantCulture));

    public Task<string?> GetUserNameAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);

    /// <summary>The user name is the registry's; it is changed there (PUT /api/users/{id}), not here.</summary>
    public Task SetUserNameAsync(LocalAccount user, string? userName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> GetNormalizedUserNameAsync(LocalAccount user, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(user.UserName.ToUpperInvariant());

    public Task SetNormalizedUserNameAsync(LocalAccount user, string? normalizedName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetPasswordHashAsync(LocalAccount user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetSecurityStampAsync(LocalAccount user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(LocalAccount user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(++user.FailedCount);

    public Task ResetAccessFailedCountAsync(LocalAccount user, CancellationToken cancellationToken)
    {
        user.FailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(user.FailedCount);

    /// <summary>Lockout is always on: BIO 9.4.2 asks for limited log-on attempts.</summary>
    public Task<bool> GetLockoutEnabledAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetLockoutEnabledAsync(LocalAccount user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetTwoFactorEnabledAsync(LocalAccount user, bool enabled, CancellationToken cancellationToken)
    {
        user.TwoFactorEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task<bool> GetTwoFactorEnabledAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);

    public Task SetAuthenticatorKeyAsync(LocalAccount user, string key, CancellationToken cancellationToken)
    {
        user.AuthenticatorKey = key;
        return Task.CompletedTask;
    }

    public Task<string?> GetAuthenticatorKeyAsync(LocalAccount user, CancellationToken cancellationToken) => Task.FromResult(user.AuthenticatorKey);

    private async Task<LocalAccount?> FindAsync(string where, object key, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, Select + where, ("key", key));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new LocalAccount
        {
            UserId = reader.GetInt64(0),
            UserName = reader.GetString(1),
            PasswordHash = reader.IsDBNull(2) ? null : reader.GetString(2),
            // A user without a row yet gets a stamp when the row is first written.
            SecurityStamp = reader.IsDBNull(3) ? "" : reader.GetString(3),
            FailedCount = reader.IsDBNull(4) ? 0 : Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
            LockoutEnd = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)),
            AuthenticatorKey = reader.IsDBNull(6) ? null : reader.GetString(6),
            TwoFactorEnabled = !reader.IsDBNull(7) && Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture) == 1,
        };
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static DbCommand Command(DbConnection conn, string sql, params (string Name, object? Value)[] parameters) =>
        DbCommands.Create(conn, null, sql, parameters);
}
