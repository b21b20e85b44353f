using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ChatArchive.Persistence;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Server-side sign-in sessions (table auth_sessions). Every access token and sign-in cookie carries the
/// session id (claim <c>sid</c>); <see cref="IsValidAsync"/> runs on every request and refuses a session that
/// was signed out, has expired, or whose user was deactivated or got other roles, department or officeholders
/// since sign-in. A positive answer is remembered for at most <see cref="CheckIntervalKey"/> seconds (default 30),
/// so a change reaches every node within a minute; a sign-out on this node takes effect at once.
/// </summary>
public sealed class SessionStore
{
    public const string SessionClaim = "sid";
    public const string CheckIntervalKey = "ChatArchive:Auth:SessionCheckSeconds";

    private readonly DatabaseOptions _database;
    private readonly SignInUserDirectory _users;
    private readonly TimeProvider _time;
    private readonly TimeSpan _checkInterval;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recentlyValid = new(StringComparer.Ordinal);

    public SessionStore(DatabaseOptions database, SignInUserDirectory users, TimeProvider time, IConfiguration configuration)
    {
        _database = database;
        _users = users;
        _time = time;
        var seconds = configuration.GetValue(CheckIntervalKey, 30);
        if (seconds is < 0 or > 60)
        {
            throw new InvalidOperationException($"{CheckIntervalKey} moet tussen 0 en 60 seconden liggen, niet {seconds}: langer zou een afgemelde of gedeactiveerde gebruiker te lang toegang laten.");
        }
        _checkInterval = TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The fingerprint of what a user may do: roles, department scope and officeholders.</summary>
    public static string Fingerprint(SignInUserDirectory.SignInUser user)
    {
        var text = string.Join('|',
            string.Join(',', user.Roles.Order(StringComparer.Ordinal)),
            user.Department,
            string.Join(',', user.Officeholders.Order()));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Starts a session for <paramref name="user"/> that ends at <paramref name="expiresAt"/>; returns its id.</summary>
    public async Task<string> StartAsync(SignInUserDirectory.SignInUser user, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var now = _time.GetUtcNow();
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn,
            "INSERT INTO auth_sessions (id, user_id, fingerprint, created_at, expires_at) VALUES (@id, @user, @fp, @created, @expires)",
            ("id", id), ("user", user.Id), ("fp", Fingerprint(user)), ("created", now.ToUnixTimeSeconds()), ("expires", expiresAt.ToUnixTimeSeconds()));
        await cmd.ExecuteNonQueryAsync(ct);
        // Expired sessions are of no use to anyone; remove them now and then (ids and times only, no personal data).
        if (RandomNumberGenerator.GetInt32(50) == 0)
        {
            await using var sweep = Command(conn, "DELETE FROM auth_sessions WHERE expires_at < @old", ("old", now.AddDays(-1).ToUnixTimeSeconds()));
            await sweep.ExecuteNonQueryAsync(ct);
        }
        return id;
    }

    /// <summary>True while the session named in <paramref name="principal"/> is open and its user unchanged and active.</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var id = principal.FindFirstValue(SessionClaim);
        if (string.IsNullOrEmpty(id)) return false;
        var now = _time.GetUtcNow();
        if (_recentlyValid.TryGetValue(id, out var until) && until > now) return true;

        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, "SELECT user_id, fingerprint, expires_at, revoked_at FROM auth_sessions WHERE id = @id", ("id", id));
        long userId;
        string fingerprint;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return Forget(id);
            userId = reader.GetInt64(0);
            fingerprint = reader.GetString(1);
            if (reader.GetInt64(2) <= now.ToUnixTimeSeconds() || !reader.IsDBNull(3)) return Forget(id);
        }
        if (principal.FindFirstValue(ChatArchiveClaims.UserId) != userId.ToString(CultureInfo.InvariantCulture)) return Forget(id);
        var user = await _users.FindActiveByIdAsync(userId, ct);
        if (user is null || Fingerprint(user) != fingerprint)
        {
            await RevokeAsync(id, ct);
            return false;
        }
        if (_checkInterval > TimeSpan.Zero) _recentlyValid[id] = now.Add(_checkInterval);
        return true;
    }

    /// <summary>Ends one session: the cookie and every token minted from it (also Studio's) stop working.</summary>
    public async Task RevokeAsync(string sessionId, CancellationToken ct)
    {
        _recentlyValid.TryRemove(sessionId, out _);
        await using var conn = await OpenAsync(ct);
        await using var cmd = Command(conn, "UPDATE auth_sessions SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            ("now", _time.GetUtcNow().ToUnixTimeSeconds()), ("id", sessionId));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ends every session of a user (sign out everywhere).</summary>
    public async Task<int> RevokeAllAsync(long userId, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using (var ids = Command(conn, "SELECT id FROM auth_sessions WHERE user_id = @user AND revoked_at IS NULL", ("user", userId)))
        await using (var reader = await ids.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) _recentlyValid.TryRemove(reader.GetString(0), out _);
        }
        await using var cmd = Command(conn, "UPDATE auth_sessions SET revoked_at = @now WHERE user_id = @user AND revoked_at IS NULL",
            ("now", _time.GetUtcNow().ToUnixTimeSeconds()), ("user", userId));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private bool Forget(string id)
    {
        _recentlyValid.TryRemove(id, out _);
        return false;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = DatabaseSetup.CreateConnection(_database);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static DbCommand Command(DbConnection conn, string sql, params (string Name, object? Value)[] parameters) =>
        DbCommands.Create(conn, null, sql, parameters);
}
