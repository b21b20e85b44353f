using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Auth;

public partial class DevelopmentSignInTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dev_token_for_a_registered_user_carries_role_and_department(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);

        var token = await server.IssueTokenAsync("procesbeheerder.bzk");

        Assert.False(string.IsNullOrWhiteSpace(token.AccessToken));
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal("procesbeheerder.bzk", token.User.UserName);
        Assert.Equal("Procesbeheerder BZK", token.User.DisplayName);
        Assert.Equal([Roles.ProcessOwner], token.User.Roles);
        Assert.Equal("BZK", token.User.Department);

        using var client = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var me = await client.GetFromJsonAsync<DevelopmentSignInEndpoints.SignedInUser>("/api/auth/me", Json.Options);
        Assert.Equal(token.User.Id, me!.Id);
        Assert.Equal("BZK", me.Department);
    }

    [Fact]
    public async Task Officeholder_user_token_names_the_officeholder_and_trustee_token_names_those_they_stand_in_for()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);

        var officeholder = await server.IssueTokenAsync("bewindspersoon.fin.1");
        var trustee = await server.IssueTokenAsync("vertrouwenspersoon.fin");

        var own = Assert.Single(officeholder.User.Officeholders);
        Assert.Contains(own, trustee.User.Officeholders);
        Assert.Equal(5, trustee.User.Officeholders.Count); // FIN has five appointments in seed 001 §2
    }

    [Fact]
    public async Task Dev_token_for_an_unknown_user_is_a_validation_problem_naming_the_field()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var client = server.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/auth/dev-token", new { userName = "onbekend.persoon" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = problem.RootElement.GetProperty("errors").GetProperty("userName")[0].GetString();
        Assert.Contains("register", message);
    }

    [Fact]
    public async Task Api_call_without_a_user_is_401_problem_details()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var client = server.CreateAnonymousClient();

        using var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("/aanmelden", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Invalid_bearer_token_is_401_problem_details()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, demoData: false);
        using var client = server.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.ongeldig");

        using var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Page_request_without_a_user_is_redirected_to_the_sign_in_page_with_return_url()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, demoData: false);
        using var client = server.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/taken?status=open");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/aanmelden", new Uri(new Uri("http://x"), location).AbsolutePath);
        Assert.Contains("returnUrl=%2Ftaken%3Fstatus%3Dopen", location);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Sign_in_page_sets_a_cookie_with_the_same_claims_as_the_token(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var browser = server.CreateAnonymousClient();

        var page = await browser.GetStringAsync("/aanmelden?returnUrl=%2Fapi%2Fauth%2Fme");
        Assert.Contains("<html lang=\"nl\"", page);
        Assert.Contains("Informatieprofessional BZK", page);
        using var response = await browser.PostAsync("/aanmelden", SignInForm(page, "informatieprofessional.bzk"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/api/auth/me", response.Headers.Location!.ToString());
        var me = await browser.GetFromJsonAsync<DevelopmentSignInEndpoints.SignedInUser>("/api/auth/me", Json.Options);
        var token = await server.IssueTokenAsync("informatieprofessional.bzk");
        Assert.Equal(token.User.Id, me!.Id);
        Assert.Equal(token.User.Roles, me.Roles);
        Assert.Equal(token.User.Department, me.Department);
        Assert.Equal("informatieprofessional.bzk", me.UserName);

        using var signOut = await ServerFixture.SignOutAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await browser.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Sign_in_page_never_redirects_off_site()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var browser = server.CreateAnonymousClient();

        var page = await browser.GetStringAsync("/aanmelden?returnUrl=%2F%2Fkwaadwillend.example%2Fphish");
        using var response = await browser.PostAsync("/aanmelden", SignInForm(page, "auditor"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("%2F%09%2Fkwaadwillend.example%2Fphish")] // "/<tab>/…": a browser drops the tab and lands off site
    [InlineData("%2F%0A%2Fkwaadwillend.example")]
    public async Task Sign_in_with_a_control_character_in_the_return_address_goes_home(string returnUrl)
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var browser = server.CreateAnonymousClient();

        var page = await browser.GetStringAsync("/aanmelden?returnUrl=" + returnUrl);
        using var response = await browser.PostAsync("/aanmelden", SignInForm(page, "auditor"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Sign_out_needs_the_form_a_get_or_a_post_without_token_leaves_the_session()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var browser = server.CreateAnonymousClient();
        var page = await browser.GetStringAsync("/aanmelden");
        using (var signIn = await browser.PostAsync("/aanmelden", SignInForm(page, "auditor")))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using var question = await browser.GetAsync("/afmelden");
        var questionPage = await question.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, question.StatusCode);
        Assert.Contains("Wilt u zich afmelden?", questionPage);
        using var forged = await browser.PostAsync("/afmelden", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/auth/me")).StatusCode);

        using var signOut = await ServerFixture.SignOutAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_form_without_antiforgery_token_is_refused_without_a_cookie()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var browser = server.CreateAnonymousClient();

        using var response = await browser.PostAsync("/aanmelden", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "beheerder" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(AuthSchemes.CookieName, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Development_sign_in_is_off_by_default_on_PostgreSql_and_can_be_switched_off(DatabaseProvider provider)
    {
        var settings = provider == DatabaseProvider.PostgreSql
            ? new Dictionary<string, string?> { [AuthSettings.DevelopmentSignInKey] = null }
            : new Dictionary<string, string?> { [AuthSettings.DevelopmentSignInKey] = "false" };
        await using var server = await ServerFixture.StartAsync(provider, settings: settings);
        using var client = server.CreateAnonymousClient();

        using var token = await client.PostAsJsonAsync("/api/auth/dev-token", new { userName = "beheerder" });
        using var page = await client.GetAsync("/aanmelden");

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal("application/problem+json", token.Content.Headers.ContentType?.MediaType);
        // Only the password form of the local accounts remains; no user to pick without a password.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Aanmelden met wachtwoord", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<select", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_mode_serves_on_a_real_loopback_port()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true);

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        using var plain = new HttpClient { BaseAddress = server.BaseAddress };
        using var health = await plain.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var client = await server.CreateClientAsync(Roles.Auditor, null);
        using var me = await client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Sign_in_cookie_from_the_fixture_opens_the_api_in_kestrel_mode_like_a_browser_would()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true);

        var cookie = await server.SignInCookieAsync("archivaris");
        var jar = new System.Net.CookieContainer();
        jar.Add(server.BaseAddress, cookie);
        using var handler = new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        var me = await browser.GetFromJsonAsync<DevelopmentSignInEndpoints.SignedInUser>("/api/auth/me", Json.Options);

        Assert.Equal("archivaris", me!.UserName);
        Assert.Equal([Roles.Archivist], me.Roles);
        Assert.Equal(Roles.AllDepartments, me.Department);
    }

    private static FormUrlEncodedContent SignInForm(string page, string userName)
    {
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "sign-in page has no antiforgery field");
        var returnUrl = ReturnUrlField().Match(page).Groups[1].Value.Replace("&#x2F;", "/", StringComparison.Ordinal);
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = token.Groups[2].Value,
            ["returnUrl"] = System.Net.WebUtility.HtmlDecode(returnUrl),
            ["userName"] = userName,
        });
    }

    [GeneratedRegex("name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
