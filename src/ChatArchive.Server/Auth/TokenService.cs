using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Issues and validates this server's bearer tokens (HMAC-SHA256). The key comes from
/// ChatArchive:Auth:SigningKey (base64, at least 32 bytes); without it a key is generated once and
/// kept in the data folder (auth-signing.key), so tokens survive a restart in embedded mode (PostgreSQL mode
/// requires the key). Every token names a server-side session (<see cref="SessionStore"/>) checked on every request.
/// </summary>
public sealed class TokenService
{
    public const string Issuer = "chatarchive";
    public const string Audience = "chatarchive";
    public const string SigningKeyKey = "ChatArchive:Auth:SigningKey";
    public const string TokenLifetimeKey = "ChatArchive:Auth:TokenLifetimeMinutes";

    public const string AccessTokenLifetimeKey = "ChatArchive:Auth:AccessTokenMinutes";

    private readonly SymmetricSecurityKey _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeSpan _accessTokenLifetime;

    public TokenService(IConfiguration configuration, ChatArchive.Persistence.DatabaseOptions database)
    {
        _key = new SymmetricSecurityKey(LoadOrCreateKey(configuration[SigningKeyKey], database.DataFolder));
        _lifetime = TimeSpan.FromMinutes(configuration.GetValue(TokenLifetimeKey, 480));
        _accessTokenLifetime = TimeSpan.FromMinutes(Math.Min(configuration.GetValue(AccessTokenLifetimeKey, 60), _lifetime.TotalMinutes));
        if (_lifetime <= TimeSpan.Zero || _accessTokenLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{TokenLifetimeKey} en {AccessTokenLifetimeKey} moeten groter dan 0 minuten zijn.");
        }
    }

    public SecurityKey Key => _key;

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        NameClaimType = ChatArchiveClaims.Name,
        RoleClaimType = ChatArchiveClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    /// <summary>How long a sign-in session (and its cookie) lasts.</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>How long one access token stays valid (never longer than the session; revoked with it at once).</summary>
    public TimeSpan AccessTokenLifetime => _accessTokenLifetime;

    /// <summary>
    /// Signs a token carrying exactly <paramref name="claims"/> (see <see cref="BuildClaims"/>), which must name
    /// a session (claim sid, <see cref="SessionStore"/>): a token without one is refused on every request.
    /// </summary>
    public IssuedToken IssueToken(IReadOnlyList<Claim> claims)
    {
        if (!claims.Any(c => c.Type == SessionStore.SessionClaim))
        {
            throw new ArgumentException("An access token must name its sign-in session (claim sid).", nameof(claims));
        }
        var expires = DateTime.UtcNow.Add(_accessTokenLifetime);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = expires,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        };
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = true }.CreateToken(descriptor);
        return new IssuedToken(token, new DateTimeOffset(expires, TimeSpan.Zero));
    }

    /// <summary>The claims of <see cref="ChatArchiveClaims"/>; bearer tokens and the sign-in cookie carry the same set.</summary>
    public static IReadOnlyList<Claim> BuildClaims(string userId, string name, IEnumerable<string> roles, string department, IEnumerable<long>? officeholders = null, string? userName = null)
    {
        var claims = new List<Claim>
        {
            new(ChatArchiveClaims.UserId, userId),
            new(ChatArchiveClaims.Name, name),
            new(ChatArchiveClaims.Department, department),
        };
        if (userName is not null) claims.Add(new Claim(ChatArchiveClaims.UserName, userName));
        claims.AddRange(roles.Select(r => new Claim(ChatArchiveClaims.Role, r)));
        claims.AddRange((officeholders ?? []).Distinct().Select(o => new Claim(ChatArchiveClaims.Officeholder, o.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return claims;
    }

    public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);

    private static byte[] LoadOrCreateKey(string? configured, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 32) throw new InvalidOperationException($"{SigningKeyKey} must be at least 32 bytes (base64).");
            return bytes;
        }
        var path = Path.Combine(dataFolder, "auth-signing.key");
        var text = ChatArchive.Sealing.Keys.SecretFile.LoadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return Convert.FromBase64String(text.Trim());
    }
}
