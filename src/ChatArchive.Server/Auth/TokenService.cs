using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Issues and validates this server's bearer tokens (HMAC-SHA256). The key comes from
/// ChatArchive:Auth:SigningKey (base64, at least 32 bytes); without it a key is generated once and
/// kept in the data folder (auth-signing.key), so tokens survive a restart in embedded mode.
/// Real sign-in (OIDC against the department's identity provider) replaces only the issuing side.
/// </summary>
public sealed class TokenService
{
    public const string Issuer = "chatarchive";
    public const string Audience = "chatarchive";
    public const string SigningKeyKey = "ChatArchive:Auth:SigningKey";
    public const string TokenLifetimeKey = "ChatArchive:Auth:TokenLifetimeMinutes";

    private readonly SymmetricSecurityKey _key;
    private readonly TimeSpan _lifetime;

    public TokenService(IConfiguration configuration, ChatArchive.Persistence.DatabaseOptions database)
    {
        _key = new SymmetricSecurityKey(LoadOrCreateKey(configuration[SigningKeyKey], database.DataFolder));
        _lifetime = TimeSpan.FromMinutes(configuration.GetValue(TokenLifetimeKey, 480));
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

    /// <summary>How long an issued token (and the sign-in cookie) stays valid.</summary>
    public TimeSpan Lifetime => _lifetime;

    public string Issue(string userId, string name, IEnumerable<string> roles, string department, IEnumerable<long>? officeholders = null) =>
        IssueToken(BuildClaims(userId, name, roles, department, officeholders)).AccessToken;

    /// <summary>Signs a token carrying exactly <paramref name="claims"/> (see <see cref="BuildClaims"/>).</summary>
    public IssuedToken IssueToken(IReadOnlyList<Claim> claims)
    {
        var expires = DateTime.UtcNow.Add(_lifetime);
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
