using System.Globalization;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Auth;

namespace ChatArchive.Server.Audit;

/// <summary>
/// A refused request (403 on an API or a page: the permission matrix, or a handler's role or department check) is an
/// audit event: who (user id, roles, department scope), what (<c>access-denied</c>, object type <c>endpoint</c>, the
/// method and route pattern such as <c>GET /api/audit</c>, never the path's values) and outcome <c>denied</c>. BIO asks
/// for access attempts to be logged; auditors then see who tried what outside their role.
/// <para>
/// Rate-limited per minute, so a flood (a script, a stuck browser tab) cannot fill the trail: at most
/// <see cref="PerUserKey"/> events per user (default 10) and <see cref="PerMinuteKey"/> in all (default 300). The first
/// refusal past a user's limit is recorded once as <c>access-denied-limited</c> (the rest of that minute is not recorded
/// per request); the number left out is logged as a count when the minute is over. Anonymous callers share one budget.
/// </para>
/// </summary>
public sealed class AccessDeniedAudit(TimeProvider clock, ILogger<AccessDeniedAudit> logger, int perUser = AccessDeniedAudit.DefaultPerUser, int perMinute = AccessDeniedAudit.DefaultPerMinute)
{
    public const string PerUserKey = "ChatArchive:Audit:DeniedPerUserPerMinute";
    public const string PerMinuteKey = "ChatArchive:Audit:DeniedPerMinute";
    public const int DefaultPerUser = 10;
    public const int DefaultPerMinute = 300;

    private readonly object gate = new();
    private readonly Dictionary<string, int> byUser = new(StringComparer.Ordinal);
    private long window = long.MinValue;
    private int recorded;
    private int leftOut;

    public static AccessDeniedAudit FromConfiguration(IConfiguration configuration, TimeProvider clock, ILogger<AccessDeniedAudit> logger) =>
        new(clock, logger, Limit(configuration, PerUserKey, DefaultPerUser), Limit(configuration, PerMinuteKey, DefaultPerMinute));

    private static int Limit(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw new InvalidOperationException($"{key} must be a positive whole number, got '{text}'.")
            : fallback;

    /// <summary>Records the refusal of <paramref name="context"/>'s request, unless this minute's budget is spent.</summary>
    public async Task RecordAsync(HttpContext context)
    {
        if (context.RequestServices.GetService<IAuditTrail>() is not { } trail) return;
        var user = CurrentUser.FromPrincipal(context.User);
        var actor = user?.UserId ?? "anoniem";
        var action = Decide(actor);
        if (action is null) return;
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "-";
        if (!pattern.StartsWith('/')) pattern = "/" + pattern;
        try
        {
            await trail.AppendAsync(new AuditEventInput(actor, AuditHttp.RolesOf(user?.Roles), user?.Department, action, "endpoint",
                context.Request.Method + " " + pattern, AuditOutcomes.Denied), context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The refusal stands; a trail that cannot write is reported by its own health check.
            logger.LogWarning("Refused request not recorded in the audit trail: {Error}", ex.GetType().Name);
        }
    }

    /// <summary>The action to record for this refusal (<c>access-denied</c>, once <c>access-denied-limited</c>), or null.</summary>
    internal string? Decide(string actor)
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
            var count = byUser[actor] = byUser.GetValueOrDefault(actor) + 1;
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
