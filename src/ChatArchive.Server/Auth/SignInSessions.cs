using System.Security.Claims;

namespace ChatArchive.Server.Auth;

/// <summary>
/// The one way this server signs a user in, whatever proved who they are (development sign-in, local account,
/// OpenID Connect): a server-side session (<see cref="SessionStore"/>) and then a token or a cookie naming it.
/// </summary>
public sealed class SignInSessions(SessionStore sessions, TokenService tokens, TimeProvider time)
{
    /// <summary>A bearer token for an API client; its session ends with the token.</summary>
    public async Task<TokenService.IssuedToken> IssueTokenAsync(SignInUserDirectory.SignInUser user, CancellationToken ct)
    {
        var sid = await sessions.StartAsync(user, time.GetUtcNow().Add(tokens.AccessTokenLifetime), ct);
        return tokens.IssueToken([.. user.Claims(), new Claim(SessionStore.SessionClaim, sid)]);
    }

    /// <summary>The principal of a sign-in cookie, with a session that lasts <see cref="TokenService.Lifetime"/>.</summary>
    public async Task<ClaimsPrincipal> CookiePrincipalAsync(SignInUserDirectory.SignInUser user, string authenticationType, CancellationToken ct)
    {
        var sid = await sessions.StartAsync(user, time.GetUtcNow().Add(tokens.Lifetime), ct);
        var identity = new ClaimsIdentity([.. user.Claims(), new Claim(SessionStore.SessionClaim, sid)], authenticationType, ChatArchiveClaims.Name, ChatArchiveClaims.Role);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// A token for the same session as <paramref name="principal"/> (Studio's token minted from the sign-in cookie):
    /// signing out of that session also ends this token.
    /// </summary>
    public TokenService.IssuedToken IssueTokenForSession(ClaimsPrincipal principal)
    {
        string[] carried = [ChatArchiveClaims.UserId, ChatArchiveClaims.Name, ChatArchiveClaims.UserName, ChatArchiveClaims.Role,
            ChatArchiveClaims.Department, ChatArchiveClaims.Officeholder, SessionStore.SessionClaim];
        return tokens.IssueToken(principal.Claims.Where(c => carried.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value)).ToList());
    }
}
