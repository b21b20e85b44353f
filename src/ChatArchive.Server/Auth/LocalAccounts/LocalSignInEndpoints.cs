using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using ChatArchive.Domain.Registry;
using ChatArchive.Server.Registry;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Auth.LocalAccounts;

/// <summary>
/// Local accounts: <c>POST /aanmelden/wachtwoord</c> (password, lockout, optional TOTP code), the set-up page of the
/// second factor <c>/account/tweestapsverificatie</c>, and <c>PUT /api/users/{id}/password</c> with which an
/// administrator sets or resets a user's password (it also lifts a lockout and ends the user's sessions).
/// </summary>
public static class LocalSignInEndpoints
{
    public sealed record PasswordResetRequest(string? Password, bool? ResetTwoFactor);

    private const string Issuer = "ChatArchive";
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Compared against when the user does not exist, so an unknown name takes as long as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<LocalAccount>().HashPassword(new LocalAccount(), "geen-echt-wachtwoord-0000"));

    public static void MapLocalSignIn(this WebApplication app)
    {
        app.MapPost(AuthSchemes.PasswordSignInPath, SignInAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery()
            .RequireRateLimiting(Security.HttpHardening.SignInPolicy);
        app.MapGet(AuthSchemes.TwoFactorPath, ShowTwoFactorAsync).ExcludeFromDescription();
        app.MapPost(AuthSchemes.TwoFactorPath, EnableTwoFactorAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapPut("/api/users/{id:long}/password", ResetPasswordAsync).WithTags("Gebruikers");
    }

    internal static string LockedMessage =>
        $"Dit account is geblokkeerd na {LocalAccountSetup.MaxFailedAttempts} mislukte aanmeldpogingen. Probeer het over {LocalAccountSetup.LockoutMinutes} minuten opnieuw, " +
        "of vraag een beheerder uw wachtwoord opnieuw in te stellen.";

    private static async Task<IResult> SignInAsync(HttpContext context, UserManager<LocalAccount> accounts, AuthSettings settings, SignInUserDirectory users,
        SignInSessions sessions, TokenService tokens, IAntiforgery antiforgery, ILogger<LocalAccount> logger, CancellationToken ct)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var returnUrl = DevelopmentSignInEndpoints.SafeReturnUrl(form["returnUrl"]);
        var userName = form["userName"].ToString().Trim();
        IResult Again(string error, int status, bool askCode = false) =>
            SignInPage.Render([], returnUrl, antiforgery.GetAndStoreTokens(context), error, status,
                developmentSignIn: false, userName: userName.Length <= 64 ? userName : "", askCode: askCode, singleSignOn: settings.SingleSignOn);

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Again("De pagina was verlopen. Vul uw gegevens opnieuw in en klik op Aanmelden.", StatusCodes.Status400BadRequest);
        }
        var password = form["password"].ToString();
        if (userName.Length == 0 || password.Length == 0)
        {
            return Again("Vul uw gebruikersnaam en wachtwoord in.", StatusCodes.Status400BadRequest);
        }
        const string wrong = "De gebruikersnaam of het wachtwoord klopt niet.";
        var account = userName.Length <= 64 ? await accounts.FindByNameAsync(userName) : null;
        if (account?.PasswordHash is null)
        {
            accounts.PasswordHasher.VerifyHashedPassword(new LocalAccount(), DummyHash.Value, password);
            logger.LogInformation("Password sign-in refused: unknown user or no password");
            return Again(wrong, StatusCodes.Status400BadRequest);
        }
        // A locked account's refusal is an access attempt for the audit trail (the user id, never the name typed).
        async Task<IResult> LockedAsync(long userId)
        {
            if (context.RequestServices.GetService<Audit.AccessDeniedAudit>() is { } audit) await audit.RecordLockedAccountAsync(context, userId);
            return Again(LockedMessage, StatusCodes.Status423Locked);
        }
        if (await accounts.IsLockedOutAsync(account))
        {
            logger.LogInformation("Password sign-in refused: user {UserId} is locked out", account.UserId);
            return await LockedAsync(account.UserId);
        }
        if (!await accounts.CheckPasswordAsync(account, password))
        {
            await accounts.AccessFailedAsync(account);
            var locked = await accounts.IsLockedOutAsync(account);
            logger.LogInformation("Password sign-in failed for user {UserId} ({Count} attempts, locked {Locked})", account.UserId, account.FailedCount, locked);
            return locked ? await LockedAsync(account.UserId) : Again(wrong, StatusCodes.Status400BadRequest);
        }
        if (account.TwoFactorEnabled)
        {
            var code = form["code"].ToString().Replace(" ", "", StringComparison.Ordinal);
            if (code.Length == 0)
            {
                return Again("Dit account gebruikt tweestapsverificatie. Vul ook de zescijferige code uit uw authenticator-app in.", StatusCodes.Status400BadRequest, askCode: true);
            }
            if (!await accounts.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, code))
            {
                await accounts.AccessFailedAsync(account);
                logger.LogInformation("Password sign-in: wrong second-factor code for user {UserId}", account.UserId);
                return await accounts.IsLockedOutAsync(account)
                    ? await LockedAsync(account.UserId)
                    : Again("De verificatiecode klopt niet. Vul de code in die uw authenticator-app nu toont.", StatusCodes.Status400BadRequest, askCode: true);
            }
        }
        if (account.FailedCount > 0) await accounts.ResetAccessFailedCountAsync(account);
        var user = await users.FindActiveByIdAsync(account.UserId, ct);
        if (user is null) return Again(wrong, StatusCodes.Status400BadRequest);
        var principal = await sessions.CookiePrincipalAsync(user, AuthSchemes.Cookie, ct);
        await context.SignInAsync(AuthSchemes.Cookie, principal,
            new AuthenticationProperties { IsPersistent = false, ExpiresUtc = DateTimeOffset.UtcNow.Add(tokens.Lifetime) });
        logger.LogInformation("Password sign-in (cookie) for user {UserId}", user.Id);
        await Audit.AuditHttp.AuditSignInAsync(context, user.Id, user.Roles, user.Department);
        return Results.LocalRedirect(returnUrl);
    }

    /// <summary>GET: the secret as text and as an otpauth URI (typed into or pasted in any authenticator app), and the confirm form.</summary>
    private static async Task<IResult> ShowTwoFactorAsync(HttpContext context, UserManager<LocalAccount> accounts, IAntiforgery antiforgery)
    {
        // The form posts with the sign-in cookie, so it must carry this site's Origin (HttpHardening's forgery check);
        // under the default "no-referrer" a browser sends "Origin: null" instead.
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        var account = await CurrentAccountAsync(context, accounts);
        if (account?.PasswordHash is null) return NoLocalAccount();
        if (account.TwoFactorEnabled)
        {
            return SignInPage.Message("Tweestapsverificatie", null,
                "<p>Tweestapsverificatie staat aan voor uw account. Bij het aanmelden vraagt ChatArchive naast uw wachtwoord om de code uit uw authenticator-app.</p>" +
                "<p>Telefoon kwijt? Vraag een beheerder de tweestapsverificatie opnieuw in te stellen.</p><p><a href=\"/\">Terug naar de startpagina</a></p>");
        }
        if (string.IsNullOrEmpty(account.AuthenticatorKey))
        {
            await accounts.ResetAuthenticatorKeyAsync(account);
        }
        return SetUpPage(account, antiforgery.GetAndStoreTokens(context), null, StatusCodes.Status200OK);
    }

    private static async Task<IResult> EnableTwoFactorAsync(HttpContext context, UserManager<LocalAccount> accounts, IAntiforgery antiforgery, SessionStore sessions, ILogger<LocalAccount> logger)
    {
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        var account = await CurrentAccountAsync(context, accounts);
        if (account?.PasswordHash is null || string.IsNullOrEmpty(account.AuthenticatorKey)) return NoLocalAccount();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SetUpPage(account, antiforgery.GetAndStoreTokens(context), "De pagina was verlopen. Vul de code opnieuw in.", StatusCodes.Status400BadRequest);
        }
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        var code = form["code"].ToString().Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0 || !await accounts.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, code))
        {
            return SetUpPage(account, antiforgery.GetAndStoreTokens(context),
                "De code klopt niet. Controleer of de klok van uw telefoon gelijk loopt en vul de code in die de app nu toont.", StatusCodes.Status400BadRequest);
        }
        await accounts.SetTwoFactorEnabledAsync(account, true);
        logger.LogInformation("Second factor switched on for user {UserId}", account.UserId);
        return SignInPage.Message("Tweestapsverificatie", null,
            "<p role=\"status\">Tweestapsverificatie staat nu aan. Bij het volgende aanmelden vraagt ChatArchive om de code uit uw authenticator-app.</p>" +
            "<p><a href=\"/\">Terug naar de startpagina</a></p>");
    }

    /// <summary>PUT /api/users/{id}/password: an administrator of the user's department (or government-wide) sets a new password.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        [AsParameters] RegistryRequest r, long id, PasswordResetRequest? request, UserManager<LocalAccount> accounts, SessionStore sessions)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        // Permission first: a user outside the caller's scope is "not found", whatever the body says.
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, r.Cancellation);
        if (user is null || !scope.MayManageUsers(user.DepartmentId)) return RegistryResults.NotFound($"Gebruiker {id}");
        if (!user.IsActive)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["Deze gebruiker is gedeactiveerd. Activeer de gebruiker eerst."] },
                title: "Gebruiker is niet actief");
        }
        var account = await accounts.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture));
        if (account is null) return RegistryResults.NotFound($"Gebruiker {id}");
        var password = request?.Password ?? "";
        var errors = new List<string>();
        if (password.Length == 0) errors.Add("Vul een nieuw wachtwoord in.");
        else if (password.Length > 256) errors.Add("Het wachtwoord mag hoogstens 256 tekens lang zijn.");
        else
        {
            foreach (var validator in accounts.PasswordValidators)
            {
                var result = await validator.ValidateAsync(accounts, account, password);
                errors.AddRange(result.Errors.Select(e => e.Description));
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [.. errors] }, title: "Het wachtwoord voldoet niet");
        }
        // One write: the new hash, no lockout, a new stamp, and (on request) no second factor.
        account.PasswordHash = accounts.PasswordHasher.HashPassword(account, password);
        account.FailedCount = 0;
        account.LockoutEnd = null;
        if (request?.ResetTwoFactor == true)
        {
            account.TwoFactorEnabled = false;
            account.AuthenticatorKey = null;
        }
        await accounts.UpdateSecurityStampAsync(account);
        // Whoever knew the old password is signed out everywhere.
        await sessions.RevokeAllAsync(id, r.Cancellation);
        r.Logger.LogInformation("Password of user {UserId} set by administrator {AdminId}", id, scope.User.UserId);
        return TypedResults.NoContent();
    }

    private static async Task<LocalAccount?> CurrentAccountAsync(HttpContext context, UserManager<LocalAccount> accounts) =>
        context.User.FindFirstValue(ChatArchiveClaims.UserId) is { Length: > 0 } id ? await accounts.FindByIdAsync(id) : null;

    private static IResult NoLocalAccount() =>
        SignInPage.Message("Tweestapsverificatie", null,
            "<p>U meldt zich niet met een wachtwoord van ChatArchive aan. Tweestapsverificatie hoort dan bij de aanmelding van uw departement.</p>" +
            "<p><a href=\"/\">Terug naar de startpagina</a></p>", StatusCodes.Status404NotFound);

    /// <summary>The otpauth URI that authenticator apps read (Key Uri Format): issuer, account and the base32 secret.</summary>
    public static string OtpAuthUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    private static IResult SetUpPage(LocalAccount account, AntiforgeryTokenSet tokens, string? error, int status)
    {
        var key = account.AuthenticatorKey!;
        var grouped = string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4))));
        var sb = new StringBuilder();
        sb.Append("<p>Met tweestapsverificatie vraagt ChatArchive bij het aanmelden naast uw wachtwoord om een code uit een authenticator-app op uw telefoon.</p>");
        sb.Append("<ol><li>Voeg in uw authenticator-app een account toe en typ deze geheime sleutel over: <code id=\"sleutel\">")
          .Append(Html.Encode(grouped)).Append("</code>. Of open deze koppeling op uw telefoon: <code id=\"otpauth\">")
          .Append(Html.Encode(OtpAuthUri(account.UserName, key))).Append("</code></li>");
        sb.Append("<li>Vul de zescijferige code in die de app toont en klik op Aanzetten.</li></ol>");
        sb.Append("<form method=\"post\" action=\"").Append(AuthSchemes.TwoFactorPath).Append("\">");
        sb.Append("<input type=\"hidden\" name=\"").Append(Html.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(Html.Encode(tokens.RequestToken ?? "")).Append("\">");
        sb.Append("<p><label for=\"code\">Verificatiecode</label><br><input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"6\" required></p>");
        sb.Append("<p><button type=\"submit\">Aanzetten</button></p></form><p><a href=\"/\">Terug naar de startpagina</a></p>");
        return SignInPage.Message("Tweestapsverificatie instellen", error, sb.ToString(), status);
    }
}
