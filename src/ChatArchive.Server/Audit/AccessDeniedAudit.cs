using System.Globalization;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Auth;

namespace ChatArchive.Server.Audit;

/// <summary>
/// A refused request (403 on an API or a page: the permission matrix, or a handler's role or department check) is an
/// audit event: who (user id, roles, department scope), what (<c>access-denied</c>, object type <c>endpoint</c>, the
/// method and route pattern such as <c>GET /api/audit</c>, never the path's values) and outcome <c>denied</c>. BIO asks
/// for access attempts to be logged; auditors then see who tried what outside their role. Refusals that no endpoint
/// answers are recorded the same way, each with its own object type: a cross-site write (<c>cross-site-request</c>), a
/// sign-in to a locked account (<c>locked-account</c>, the user id) and a single sign-on of someone not in the user
/// register (<c>unregistered-sign-in</c>, a hash of the provider's claim: never a name or e-mail address).
/// <para>
/// Rate-limited per minute, so a flood (a script, a stuck browser tab) cannot fill the trail: at most
/// <see cref="PerUserKey"/> events per user (default 10) and <see cref="PerMinuteKey"/> in all (default 300). The first
/// refusal past a user's limit is recorded once as <c>access-denied-limited</c> (the rest of that minute is not recorded
/// per request); the number left out is logged as a count when the minute is over. Anonymous callers share one budget.
/// </para>
/// </summary>
public sealed class AccessDeniedAudit(TimeProvider clock, ILogger<AccessDeniedAudit> logger, int perUser = AccessDeniedAudit.DefaultPerUser, int perMinute = AccessDeniedAudit.DefaultPerMinute,
    byte[]? claimKey = null)
{
    /// <summary>The key of the claim ids (base64, at least 32 bytes); without it a key file in the data folder (embedded mode).</summary>
    public const string ClaimKeyKey = "ChatArchive:Audit:ClaimKey";

    /// <summary>The key file made once when no key is configured (owner-only, never replaced), as the sign-in token key.</summary>
    public const string ClaimKeyFile = "audit-claim.key";

    /// <summary>Without a key given (a unit of this class alone), a random one: ids then hold for this instance only.</summary>
    private readonly byte[] claimKey = claimKey is null ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)
        : claimKey.Length >= 32 ? claimKey : throw new ArgumentException("The claim key must be at least 32 bytes.", nameof(claimKey));

    public const string PerUserKey = "ChatArchive:Audit:DeniedPerUserPerMinute";
    public const string PerMinuteKey = "ChatArchive:Audit:DeniedPerMinute";
    public const int DefaultPerUser = 10;
    public const int DefaultPerMinute = 300;

    private readonly object gate = new();
    private readonly Dictionary<string, int> byUser = new(StringComparer.Ordinal);
    private long window = long.MinValue;
    private int recorded;
    private int leftOut;

    public static AccessDeniedAudit FromConfiguration(IConfiguration configuration, string dataFolder, TimeProvider clock, ILogger<AccessDeniedAudit> logger) =>
        new(clock, logger, Limit(configuration, PerUserKey, DefaultPerUser), Limit(configuration, PerMinuteKey, DefaultPerMinute),
            LoadClaimKey(configuration[ClaimKeyKey], dataFolder));

    /// <summary>
    /// The configured key (every node of a cluster the same, so one person keeps one id), else a random key made once in
    /// the data folder, kept like the sign-in token key.
    /// </summary>
    internal static byte[] LoadClaimKey(string? configured, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(configured.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"De server start niet: {ClaimKeyKey} is geen base64. Zet een sleutel van minstens 32 bytes (base64).");
            }
            return bytes.Length >= 32 ? bytes
                : throw new InvalidOperationException($"De server start niet: {ClaimKeyKey} is korter dan 32 bytes. Zet een sleutel van minstens 32 bytes (base64).");
        }
        var text = ChatArchive.Sealing.Keys.SecretFile.LoadOrCreate(Path.Combine(dataFolder, ClaimKeyFile),
            () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return Convert.FromBase64String(text.Trim());
    }

    private static int Limit(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw new InvalidOperationException($"{key} must be a positive whole number, got '{text}'.")
            : fallback;

    /// <summary>Records the refusal of <paramref name="context"/>'s routed request (object type <c>endpoint</c>), unless this
    /// minute's budget is spent or this request's refusal was recorded already (e.g. as a cross-site request).</summary>
    public Task RecordAsync(HttpContext context) => RecordEndpointAsync(context, EndpointObject);

    /// <summary>
    /// A cookie-authenticated write that did not come from a page of this site (the forgery check): object type
    /// <c>cross-site-request</c>, object id method and route pattern, who the signed-in user whose cookie was sent.
    /// </summary>
    public Task RecordCrossSiteAsync(HttpContext context) => RecordEndpointAsync(context, CrossSiteObject);

    /// <summary>
    /// A password sign-in refused because the account is locked (after too many wrong attempts): object type
    /// <c>locked-account</c>, object id the registry user id; who is <c>anoniem</c> (whoever typed the name is not signed in).
    /// Budget per account, so guessing at one account cannot use up the others' records.
    /// </summary>
    public Task RecordLockedAccountAsync(HttpContext context, long userId)
    {
        var id = userId.ToString(CultureInfo.InvariantCulture);
        return RecordAsync(context, "account:" + id, Anonymous, "-", null, LockedAccountObject, id);
    }

    /// <summary>
    /// Single sign-on of someone the department's provider knows and the user register does not (or not as active): object
    /// type <c>unregistered-sign-in</c>, object id <c>hmac:</c> + the first 16 hex digits of the HMAC-SHA-256, under the
    /// server's claim key, of the provider's claim value (trimmed, lower case): never the name or e-mail address itself, yet
    /// the same person gives the same id, so repeated attempts can be told apart from many people trying once. Keyed, so an
    /// auditor with a list of e-mail addresses cannot find out whose attempt it was by hashing the list (a plain hash could).
    /// </summary>
    public Task RecordUnregisteredSignInAsync(HttpContext context, string claimValue)
    {
        var id = ClaimId(claimValue);
        return RecordAsync(context, "sso:" + id, Anonymous, "-", null, UnregisteredSignInObject, id);
    }

    /// <summary>The pseudonymous id of a provider's claim value (see <see cref="RecordUnregisteredSignInAsync"/>).</summary>
    public string ClaimId(string claimValue) =>
        "hmac:" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(claimKey,
            System.Text.Encoding.UTF8.GetBytes(claimValue.Trim().ToLowerInvariant())))[..16];

    public const string EndpointObject = "endpoint";
    public const string CrossSiteObject = "cross-site-request";
    public const string LockedAccountObject = "locked-account";
    public const string UnregisteredSignInObject = "unregistered-sign-in";
    private const string Anonymous = "anoniem";

    /// <summary>Set on a request whose refusal is recorded, so the permission middleware's after-the-fact check does not record it twice.</summary>
    private static readonly object RecordedKey = new();

    private Task RecordEndpointAsync(HttpContext context, string objectType)
    {
        var user = CurrentUser.FromPrincipal(context.User);
        var actor = user?.UserId ?? Anonymous;
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "-";
        if (!pattern.StartsWith('/')) pattern = "/" + pattern;
        return RecordAsync(context, actor, actor, AuditHttp.RolesOf(user?.Roles), user?.Department, objectType, context.Request.Method + " " + pattern);
    }

    private async Task RecordAsync(HttpContext context, string budget, string actor, string roles, string? department, string objectType, string objectId)
    {
        if (context.RequestServices.GetService<IAuditTrail>() is not { } trail) return;
        if (!context.Items.TryAdd(RecordedKey, true)) return;
        var action = Decide(budget);
        if (action is null) return;
        try
        {
            await trail.AppendAsync(new AuditEventInput(actor, roles, department, action, objectType, objectId, AuditOutcomes.Denied), context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The refusal stands; a trail that cannot write is reported by its own health check.
            logger.LogWarning("Refused request not recorded in the audit trail: {Error}", ex.GetType().Name);
        }
    }

    /// <summary>The action to record for this refusal (<c>access-denied</c>, once <c>access-denied-limited</c>), or null.</summary>
    internal string? Decide(string budget)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        lock (gate)
        {
            if (minute != window)
            {
                if (leftOut > 0) logger.LogWarning("Audit of refused requests: {LeftOut} refusal(s) in the last minute not recorded one by one (limit reached)", leftOut);
                window = minute;
                byUser.Clear();
                recorded = 0;
                leftOut = 0;
            }
            var count = byUser[budget] = byUser.GetValueOrDefault(budget) + 1;
            if (recorded < perMinute && count <= perUser + 1)
            {
                recorded++;
                return count <= perUser ? AuditActions.AccessDenied : AuditActions.AccessDeniedLimited;
            }
            leftOut++;
            return null;
        }
    }
}
