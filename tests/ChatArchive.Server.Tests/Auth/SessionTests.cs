using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Auth;

/// <summary>
/// Tokens and cookies are tied to a server-side session checked on every request (security probe, High:
/// "tokens cannot be revoked"): signing out, deactivating a user or changing their roles ends access.
/// </summary>
public partial class SessionTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Signing_out_ends_the_token_at_once(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        using var signOut = await client.PostAsync("/api/auth/sign-out", null);
        using var after = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_deactivated_users_token_is_refused_on_the_next_request(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        using var admin = await server.CreateClientAsync(Roles.Administrator, "BZK");
        Assert.Equal(HttpStatusCode.OK, (await professional.GetAsync("/api/officeholders")).StatusCode);

        var user = await UserAsync(server, "test.information-professional.bzk");
        using var update = await admin.PutAsJsonAsync($"/api/users/{user.Id}", UpdateOf(user, isActive: false));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        using var after = await professional.GetAsync("/api/officeholders");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_role_change_ends_the_session_so_the_old_roles_no_longer_work()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        using var admin = await server.CreateClientAsync(Roles.Administrator, "BZK");
        var user = await UserAsync(server, "procesbeheerder.bzk");

        using var update = await admin.PutAsJsonAsync($"/api/users/{user.Id}", UpdateOf(user, roles: [Roles.InformationProfessional]));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.GetAsync("/api/auth/me")).StatusCode);
        using var again = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var me = await again.GetFromJsonAsync<DevelopmentSignInEndpoints.SignedInUser>("/api/auth/me", Json.Options);
        Assert.Equal([Roles.InformationProfessional], me!.Roles);
    }

    [Fact]
    public async Task A_copied_sign_in_cookie_no_longer_works_after_sign_out()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        var cookie = await server.SignInCookieAsync("archivaris");
        using var browser = CookieClient(server, cookie);
        using var copy = CookieClient(server, cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/auth/me")).StatusCode);

        using var signOut = await ServerFixture.SignOutAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Studio_token_minted_from_the_cookie_ends_with_the_sign_out()
    {
        // The host page only needs the package to be present to render; the Studio itself is not run here.
        var package = Directory.CreateTempSubdirectory("studio-pkg-");
        Directory.CreateDirectory(Path.Combine(package.FullName, "_framework"));
        await File.WriteAllTextAsync(Path.Combine(package.FullName, "_framework", "blazor.webassembly.js"), "// test");
        try
        {
            await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true,
                settings: new Dictionary<string, string?> { ["ChatArchive:Studio:PackagePath"] = package.FullName });
            var cookie = await server.SignInCookieAsync("procesbeheerder.bzk");
            using var browser = CookieClient(server, cookie);
            var page = await browser.GetStringAsync("/studio");
            var token = WebUtility.HtmlDecode(TokenAttribute().Match(page).Groups[1].Value);
            Assert.False(string.IsNullOrEmpty(token));
            using var studio = new HttpClient { BaseAddress = server.BaseAddress };
            studio.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await studio.GetAsync("/api/auth/me")).StatusCode);

            await ServerFixture.SignOutAsync(browser);

            Assert.Equal(HttpStatusCode.Unauthorized, (await studio.GetAsync("/api/auth/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/studio")).StatusCode); // no fresh token after sign-out
        }
        finally
        {
            package.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_token_without_a_session_is_refused_even_when_correctly_signed()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        var key = server.Services.GetRequiredService<TokenService>().Key;
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var forged = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = TokenService.Audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Subject = new System.Security.Claims.ClaimsIdentity(TokenService.BuildClaims("1", "Functioneel beheerder", [Roles.Administrator], Roles.AllDepartments)),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        using var client = server.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    private static HttpClient CookieClient(ServerFixture server, Cookie cookie)
    {
        var jar = new CookieContainer();
        jar.Add(server.BaseAddress, cookie);
        return new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
    }

    private static async Task<User> UserAsync(ServerFixture server, string userName)
    {
        await using var db = server.CreateDbContext();
        return await db.Set<User>().AsNoTracking().SingleAsync(u => u.UserName == userName);
    }

    private static object UpdateOf(User user, bool isActive = true, IReadOnlyList<string>? roles = null) => new
    {
        userName = user.UserName,
        displayName = user.DisplayName,
        roles = roles ?? user.Roles,
        departmentCode = "BZK",
        officeholderId = user.OfficeholderId,
        email = user.Email,
        isActive,
        version = user.Version,
    };

    [GeneratedRegex("access-token=\"([^\"]+)\"")]
    private static partial Regex TokenAttribute();
}
