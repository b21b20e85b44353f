using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Audit;

/// <summary>
/// Refusals that no endpoint answers are access attempts in the audit trail as well (BIO: logging of access attempts):
/// a cookie-authenticated write from another site, a sign-in to a locked account and a single sign-on of someone the
/// department's provider knows but the user register does not. Ids and hashes only, never a user name or e-mail address.
/// </summary>
public class RefusalAuditTests
{
    private const string Password = "een lange zin als wachtwoord";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cross_site_write_and_sign_ins_to_a_locked_account_are_audit_events_with_ids_only(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "auditrefusal",
            settings: new Dictionary<string, string?> { [AccessDeniedAudit.PerUserKey] = "2" });
        var user = await LocalAccountTests.UserAsync(server, "informatieprofessional.bzk");
        using var admin = await LocalAccountTests.AdminAsync(server);
        (await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = Password })).EnsureSuccessStatusCode();

        // Signed in with the cookie, then a write without this site's Origin: refused as cross-site.
        using var browser = server.CreateAnonymousClient();
        using (var signIn = await LocalAccountClient.SignInAsync(browser, user.UserName, Password)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using (var forged = await browser.PostAsync(AuthSchemes.TwoFactorPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "123456" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Contains("niet van een pagina van ChatArchief", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Five wrong passwords lock the account; the fifth and every later attempt is a refusal (per account at most 2 a
        // minute here, then one "limited" event).
        using var guesser = server.CreateAnonymousClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await LocalAccountClient.SignInAsync(guesser, user.UserName, $"fout wachtwoord nummer {attempt}");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        for (var attempt = 5; attempt <= 8; attempt++)
        {
            using var locked = await LocalAccountClient.SignInAsync(guesser, user.UserName, attempt == 8 ? Password : $"fout wachtwoord nummer {attempt}");
            Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        }

        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var denied = (await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action={AuditActions.AccessDenied}", Json.Options))
            .GetProperty("items").EnumerateArray().ToList();
        var userId = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var crossSite = Assert.Single(denied, e => e.GetProperty("objectType").GetString() == AccessDeniedAudit.CrossSiteObject);
        Assert.Equal("POST " + AuthSchemes.TwoFactorPath, crossSite.GetProperty("objectId").GetString());
        Assert.Equal(userId, crossSite.GetProperty("user").GetString());
        Assert.Equal(Roles.InformationProfessional, crossSite.GetProperty("role").GetString());
        Assert.Equal(AuditOutcomes.Denied, crossSite.GetProperty("outcome").GetString());
        // Not recorded a second time as a plain endpoint refusal.
        Assert.DoesNotContain(denied, e => e.GetProperty("objectType").GetString() == AccessDeniedAudit.EndpointObject);

        var locks = denied.Where(e => e.GetProperty("objectType").GetString() == AccessDeniedAudit.LockedAccountObject).ToList();
        Assert.Equal(2, locks.Count);
        Assert.All(locks, e =>
        {
            Assert.Equal(userId, e.GetProperty("objectId").GetString());
            Assert.Equal("anoniem", e.GetProperty("user").GetString());
            Assert.Equal(AuditOutcomes.Denied, e.GetProperty("outcome").GetString());
        });
        var limited = (await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action={AuditActions.AccessDeniedLimited}", Json.Options))
            .GetProperty("items").EnumerateArray().ToList();
        var once = Assert.Single(limited);
        Assert.Equal(AccessDeniedAudit.LockedAccountObject, once.GetProperty("objectType").GetString());

        // The whole export holds no user name.
        var csv = await auditor.GetStringAsync("/api/audit?format=csv&pageSize=1000");
        Assert.Contains(AccessDeniedAudit.LockedAccountObject, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(user.UserName, csv, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_single_sign_on_of_someone_not_in_the_user_register_is_an_audit_event_under_a_hash(DatabaseProvider provider)
    {
        await using var idp = await TestOidcProvider.StartAsync();
        await using var server = await ServerFixture.StartAsync(provider, purpose: "auditsso", settings: new Dictionary<string, string?>
        {
            [SingleSignOnSettings.AuthorityKey] = idp.Issuer.ToString().TrimEnd('/'),
            [SingleSignOnSettings.ClientIdKey] = TestOidcProvider.ClientId,
            [SingleSignOnSettings.ClientSecretKey] = TestOidcProvider.ClientSecret,
            [SingleSignOnSettings.RequireHttpsMetadataKey] = "false",
        });
        idp.AllowRedirect(new Uri(server.BaseAddress, SingleSignOnSettings.CallbackPath));
        const string stranger = "onbekend.persoon@bzk.example";

        // Twice through the provider's sign-in: each time the Dutch refusal page and no session.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var browser = server.CreateAnonymousClient();
            using var refused = await SingleSignOnAsync(browser, idp, stranger);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("niet (actief) in het gebruikersregister", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
        }
        Assert.Equal(2, idp.TokensIssued);

        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var denied = (await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action={AuditActions.AccessDenied}", Json.Options))
            .GetProperty("items").EnumerateArray().Where(e => e.GetProperty("objectType").GetString() == AccessDeniedAudit.UnregisteredSignInObject).ToList();
        Assert.Equal(2, denied.Count);
        var hash = server.Services.GetRequiredService<AccessDeniedAudit>().ClaimId(stranger);
        Assert.Matches("^hmac:[0-9a-f]{16}$", hash);
        // Keyed: not the plain SHA-256 of the address (which anyone with a list of addresses could compute), nor of its
        // normalised form; the same claim (also in other case or with spaces) gives the same id.
        foreach (var plain in new[] { stranger, stranger.ToUpperInvariant() })
        {
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(plain)));
            Assert.DoesNotContain(hash[5..], sha, StringComparison.Ordinal);
        }
        Assert.Equal(hash, server.Services.GetRequiredService<AccessDeniedAudit>().ClaimId("  " + stranger.ToUpperInvariant() + " "));
        Assert.NotEqual(hash, server.Services.GetRequiredService<AccessDeniedAudit>().ClaimId("iemand.anders@bzk.example"));
        Assert.All(denied, e =>
        {
            Assert.Equal(hash, e.GetProperty("objectId").GetString());
            Assert.Equal("anoniem", e.GetProperty("user").GetString());
            Assert.Equal(AuditOutcomes.Denied, e.GetProperty("outcome").GetString());
        });
        var csv = await auditor.GetStringAsync("/api/audit?format=csv&pageSize=1000");
        Assert.Contains(hash, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("onbekend", csv, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The authorization code flow as a browser walks it: ChatArchive sends the browser to the provider, the provider's form
    /// is posted with <paramref name="login"/>, and the provider sends the browser back to ChatArchive's callback.
    /// </summary>
    private static async Task<HttpResponseMessage> SingleSignOnAsync(HttpClient browser, TestOidcProvider idp, string login)
    {
        using var challenge = await browser.GetAsync("/aanmelden/sso?returnUrl=/");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(idp.Issuer.ToString().TrimEnd('/'), authorize.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        var form = new Dictionary<string, string> { ["login"] = login };
        foreach (var name in new[] { "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method" }) form[name] = query[name].ToString();
        using var direct = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await direct.PostAsync(new Uri(authorize, "/authorize"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var callback = answer.Headers.Location!;
        Assert.Equal(SingleSignOnSettings.CallbackPath, callback.AbsolutePath);
        return await browser.GetAsync(callback.PathAndQuery);
    }
}
