using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Auth;

/// <summary>
/// Local accounts (ASP.NET Core Identity over table local_accounts): an administrator sets the password, the user
/// signs in with it, five wrong passwords lock the account with a Dutch message, and the optional TOTP second factor.
/// </summary>
public partial class LocalAccountTests
{
    private const string Password = "een lange zin als wachtwoord";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_administrator_sets_a_password_the_user_signs_in_with_it_and_only_a_hash_is_stored(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        var user = await UserAsync(server, "informatieprofessional.bzk");
        using var admin = await AdminAsync(server);

        using var reset = await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = Password });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        using var browser = server.CreateAnonymousClient();
        using var wrong = await LocalAccountClient.SignInAsync(browser, "informatieprofessional.bzk", "niet het goede wachtwoord");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("De gebruikersnaam of het wachtwoord klopt niet.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);

        using var right = await LocalAccountClient.SignInAsync(browser, "InformatieProfessional.BZK ", Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var me = await browser.GetFromJsonAsync<DevelopmentSignInEndpoints.SignedInUser>("/api/auth/me", Json.Options);
        Assert.Equal(user.Id, me!.Id);

        var hash = await StoredHashAsync(server, user.Id);
        Assert.NotNull(hash);
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", hash, StringComparison.Ordinal); // Identity's version-3 format (PBKDF2)
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_a_Dutch_message_until_an_administrator_resets_it()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        var user = await UserAsync(server, "informatieprofessional.bzk");
        using var admin = await AdminAsync(server);
        (await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = Password })).EnsureSuccessStatusCode();
        using var browser = server.CreateAnonymousClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await LocalAccountClient.SignInAsync(browser, user.UserName, $"fout wachtwoord nummer {attempt}");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        using var fifth = await LocalAccountClient.SignInAsync(browser, user.UserName, "fout wachtwoord nummer 5");
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Contains("geblokkeerd na 5 mislukte aanmeldpogingen", WebUtility.HtmlDecode(await fifth.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Locked: even the right password is refused, without saying whether it was right.
        using var rightButLocked = await LocalAccountClient.SignInAsync(browser, user.UserName, Password);
        Assert.Equal(HttpStatusCode.Locked, rightButLocked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);

        (await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = "een nieuwe lange zin voor daarna" })).EnsureSuccessStatusCode();
        using var afterReset = await LocalAccountClient.SignInAsync(browser, user.UserName, "een nieuwe lange zin voor daarna");
        Assert.Equal(HttpStatusCode.Redirect, afterReset.StatusCode);
    }

    [Fact]
    public async Task A_weak_password_or_an_administrator_of_another_department_changes_nothing()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        var user = await UserAsync(server, "informatieprofessional.bzk");
        using var admin = await AdminAsync(server);
        using var otherAdmin = await server.CreateClientAsync(Roles.Administrator, "FIN");
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");

        using var weak = await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = "kort" });
        var errors = await Problems.AssertValidationAsync(weak);
        Assert.Contains(errors["password"], e => e.Contains("minstens 12 tekens", StringComparison.Ordinal));

        using var other = await otherAdmin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = Password });
        await Problems.AssertProblemAsync(other, HttpStatusCode.NotFound);
        using var notAdmin = await professional.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = Password });
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);

        Assert.Null(await StoredHashAsync(server, user.Id));
        using var browser = server.CreateAnonymousClient();
        using var signIn = await LocalAccountClient.SignInAsync(browser, user.UserName, Password);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Fact]
    public async Task With_the_second_factor_on_the_password_alone_is_not_enough()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        var user = await UserAsync(server, "informatieprofessional.bzk");
        using var admin = await AdminAsync(server);
        (await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { password = Password })).EnsureSuccessStatusCode();
        using var browser = server.CreateAnonymousClient();
        (await LocalAccountClient.SignInAsync(browser, user.UserName, Password)).Dispose();

        var setUp = await browser.GetStringAsync(AuthSchemes.TwoFactorPath);
        // A browser sends the page's origin with a cookie-authenticated form post (the forgery check needs it).
        browser.DefaultRequestHeaders.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
        var key = SecretKey().Match(setUp).Groups[1].Value;
        Assert.Matches("^[A-Z2-7 ]{20,}$", key);
        Assert.Contains("otpauth://totp/ChatArchive:informatieprofessional.bzk?secret=", WebUtility.HtmlDecode(setUp), StringComparison.Ordinal);
        var token = LocalAccountClient.AntiforgeryField().Match(setUp);
        using var wrongCode = await browser.PostAsync(AuthSchemes.TwoFactorPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["code"] = "000000" == LocalAccountClient.TotpCode(key) ? "111111" : "000000",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        using var enable = await browser.PostAsync(AuthSchemes.TwoFactorPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["code"] = LocalAccountClient.TotpCode(key),
        }));
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Contains("staat nu aan", await enable.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var next = server.CreateAnonymousClient();
        using var noCode = await LocalAccountClient.SignInAsync(next, user.UserName, Password);
        Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        Assert.Contains("tweestapsverificatie", await noCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await next.GetAsync("/api/auth/me")).StatusCode);
        using var withCode = await LocalAccountClient.SignInAsync(next, user.UserName, Password, LocalAccountClient.TotpCode(key));
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/api/auth/me")).StatusCode);
    }

    internal static async Task<HttpClient> AdminAsync(ServerFixture server) => await server.CreateClientAsync(Roles.Administrator, "BZK");

    internal static async Task<User> UserAsync(ServerFixture server, string userName)
    {
        await using var db = server.CreateDbContext();
        return await db.Set<User>().AsNoTracking().SingleAsync(u => u.UserName == userName);
    }

    private static async Task<string?> StoredHashAsync(ServerFixture server, long userId)
    {
        await using var db = server.CreateDbContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT password_hash FROM local_accounts WHERE user_id = {userId}";
        return await cmd.ExecuteScalarAsync() as string;
    }

    [GeneratedRegex("<code id=\"sleutel\">([^<]+)</code>")]
    private static partial Regex SecretKey();
}
