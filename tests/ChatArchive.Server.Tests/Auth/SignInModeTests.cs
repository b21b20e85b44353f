using System.Net;
using System.Net.Http.Json;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Auth;

/// <summary>
/// The critical finding of the security probe: password-less sign-in was on whenever the database was SQLite,
/// whatever the environment. It is now on only when switched on explicitly in the Development environment.
/// </summary>
public class SignInModeTests
{
    [Fact]
    public async Task Development_sign_in_is_off_unless_switched_on_even_in_embedded_mode()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite,
            settings: new Dictionary<string, string?> { [AuthSettings.DevelopmentSignInKey] = null });
        using var client = server.CreateAnonymousClient();

        using var token = await client.PostAsJsonAsync("/api/auth/dev-token", new { userName = "beheerder" });
        using var page = await client.GetAsync("/aanmelden");

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.DoesNotContain("accessToken", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The page offers only the password form (local accounts): no list of users to pick from.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Aanmelden met wachtwoord", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<select", html, StringComparison.Ordinal);
        Assert.DoesNotContain("beheerder", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_server_on_SQLite_hands_out_no_administrator_token()
    {
        // The probe's exact request: a Production server on SQLite without any sign-in setting.
        var database = await TestDatabases.CreateEmptyAsync(DatabaseProvider.Sqlite, "prod-sqlite");
        await using var server = await ServerProcess.StartAsync(database);
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/dev-token", new { userName = "beheerder" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Production_with_development_sign_in_switched_on_refuses_to_start_with_a_Dutch_error(DatabaseProvider provider)
    {
        var database = await TestDatabases.CreateEmptyAsync(provider, "prod-devsignin");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(database,
            new Dictionary<string, string> { ["ChatArchive__Auth__DevelopmentSignIn"] = "true" }, TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("De server start niet", output, StringComparison.Ordinal);
        Assert.Contains("alleen toegestaan met ASPNETCORE_ENVIRONMENT=Development", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_mode_on_PostgreSql_refuses_to_start_without_a_signing_key()
    {
        var database = await TestDatabases.CreateEmptyAsync(DatabaseProvider.PostgreSql, "prod-nokey");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(database,
            new Dictionary<string, string> { ["ChatArchive__Auth__SigningKey"] = "" }, TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ChatArchive:Auth:SigningKey ontbreekt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_environment_with_the_switch_on_gives_the_demo_sign_in()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite); // the fixture runs as Development with the switch on

        var token = await server.IssueTokenAsync("beheerder");

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
    }
}
