using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Demo;
using ChatArchive.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Support;

/// <summary>
/// The real server (Program) on a fresh database of the chosen provider and its own data folder.
/// Start it with <see cref="StartAsync"/>; use <see cref="CreateClientAsync"/> for an HttpClient signed
/// in with a role in a department, <see cref="CreateClientForUserAsync"/> for a registry user, and
/// <c>kestrel: true</c> for a real loopback port (<see cref="BaseAddress"/>) that a browser can open.
/// <code>
/// await using var server = await ServerFixture.StartAsync(provider);
/// using var client = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
/// </code>
/// </summary>
public sealed class ServerFixture : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private bool _kestrel;

    private ServerFixture(DatabaseOptions database, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        Database = database;
        _settings = settings;
        _services = services;
    }

    public DatabaseOptions Database { get; }

    public DatabaseProvider Provider => Database.Provider;

    /// <summary>Base address of the real Kestrel listener (kestrel mode) or of the in-memory test server.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    /// <summary>
    /// Creates a fresh database, starts the server (which migrates it) and, with <paramref name="demoData"/>,
    /// loads the demo registry of seed 001 (on both providers, so tests see the same registry).
    /// <paramref name="settings"/> override configuration keys (e.g. ChatArchive:Auth:DevelopmentSignIn).
    /// </summary>
    public static async Task<ServerFixture> StartAsync(DatabaseProvider provider, bool demoData = true, bool kestrel = false,
        IReadOnlyDictionary<string, string?>? settings = null, string purpose = "server", Action<IServiceCollection>? services = null)
    {
        var database = await TestDatabases.CreateEmptyAsync(provider, purpose);
        return await StartOnAsync(database, demoData, kestrel, settings, services);
    }

    /// <summary>Starts the server on an existing database (e.g. one an older schema version made, to test the upgrade).</summary>
    /// <remarks><paramref name="services"/> replaces services after the server registered its own (e.g. a clock the test moves).</remarks>
    public static async Task<ServerFixture> StartOnAsync(DatabaseOptions database, bool demoData = false, bool kestrel = false,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var provider = database.Provider;
        var all = new Dictionary<string, string?>
        {
            [DatabaseOptions.ProviderKey] = provider.ToString(),
            ["ConnectionStrings:" + DatabaseOptions.ConnectionStringName] = database.ConnectionString,
            [DatabaseOptions.DataFolderKey] = database.DataFolder,
            [DemoDataSettings.Key] = demoData ? "true" : "false",
            // The demo read-outs add read-outs, packages and audit events that tests counting their own would see;
            // DemoReadOutTests makes them explicitly.
            [DemoDataSettings.ReadOutsKey] = "false",
            [AuthSettings.DevelopmentSignInKey] = "true",
            // Production mode (PostgreSQL) refuses to start without a configured signing key.
            [TokenService.SigningKeyKey] = ServerProcess.TestSigningKey,
            // Every request checks the session in the database, so a test sees a sign-out or deactivation at once.
            [SessionStore.CheckIntervalKey] = "0",
            // Tests sign in many users from one address; the rate limit itself is tested with a low value.
            [ChatArchive.Server.Security.HttpHardening.SignInPerMinuteKey] = "100000",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            // null removes a key, so the server's own default applies.
            if (v is null) all.Remove(k); else all[k] = v;
        }

        var fixture = new ServerFixture(database, all, services);
        try
        {
            if (kestrel)
            {
                fixture._kestrel = true;
                fixture.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
                fixture.StartServer();
                var addresses = fixture.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
                var address = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
                fixture.BaseAddress = new Uri(address.TrimEnd('/') + "/");
            }
            else
            {
                fixture.StartServer();
            }
            if (demoData)
            {
                // Embedded mode seeds at start-up; PostgreSQL (production) never does, so tests load it here.
                await fixture.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
                await fixture.Services.GetRequiredService<DemoDepartmentProcesses>().PublishAsync(CancellationToken.None);
            }
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        if (_services is { } configure) builder.ConfigureTestServices(configure);
    }

    /// <summary>A client with no user: API calls answer 401, pages redirect to /aanmelden (redirects are not followed).</summary>
    public HttpClient CreateAnonymousClient() => NewClient(handleCookies: true);

    /// <summary>
    /// A client signed in (bearer token) as a registry user with <paramref name="role"/> in
    /// <paramref name="departmentCode"/> (null = all departments). The user is created when missing
    /// (user name test.&lt;role&gt;.&lt;dept&gt;), so its id is real. Officeholder and trustee users are
    /// linked to <paramref name="officeholderId"/>.
    /// </summary>
    public async Task<HttpClient> CreateClientAsync(string role, string? departmentCode, long? officeholderId = null)
    {
        var userName = $"test.{role}.{departmentCode ?? "alle"}{(officeholderId is { } oh ? "." + oh : "")}".ToLowerInvariant();
        await EnsureUserAsync(userName, role, departmentCode, officeholderId);
        return await CreateClientForUserAsync(userName);
    }

    /// <summary>A client signed in through <c>POST /api/auth/dev-token</c> as an existing registry user (e.g. "procesbeheerder.bzk").</summary>
    public async Task<HttpClient> CreateClientForUserAsync(string userName)
    {
        var token = await IssueTokenAsync(userName);
        var client = NewClient(handleCookies: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public async Task<DevelopmentSignInEndpoints.DevTokenResponse> IssueTokenAsync(string userName)
    {
        using var anonymous = NewClient(handleCookies: false);
        using var response = await anonymous.PostAsJsonAsync("/api/auth/dev-token", new { userName });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"dev-token for '{userName}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<DevelopmentSignInEndpoints.DevTokenResponse>(Json.Options))!;
    }

    /// <summary>
    /// Signs in through the real /aanmelden form (antiforgery token included) and returns the sign-in
    /// cookie, so a browser test can add it to its context instead of clicking through the page.
    /// </summary>
    public async Task<Cookie> SignInCookieAsync(string userName)
    {
        using var browser = NewClient(handleCookies: true);
        var page = await browser.GetStringAsync(AuthSchemes.SignInPath);
        var field = System.Text.RegularExpressions.Regex.Match(page, "name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"");
        if (!field.Success) throw new InvalidOperationException("The sign-in page has no antiforgery field; is development sign-in on?");
        // The same client carries the antiforgery cookie the page set.
        using var post = new HttpRequestMessage(HttpMethod.Post, AuthSchemes.SignInPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [field.Groups[1].Value] = System.Net.WebUtility.HtmlDecode(field.Groups[2].Value),
                ["userName"] = userName,
                ["returnUrl"] = "/",
            }),
        };
        using var response = await browser.SendAsync(post);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as '{userName}' answered {(int)response.StatusCode}.");
        }
        var setCookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(AuthSchemes.CookieName + "=", StringComparison.Ordinal));
        var value = setCookie[(AuthSchemes.CookieName.Length + 1)..].Split(';')[0];
        return new Cookie(AuthSchemes.CookieName, value, "/", BaseAddress.Host) { HttpOnly = true };
    }

    /// <summary>Signs out as a browser does: GET /afmelden shows the question, the form posts back with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync(AuthSchemes.SignOutPath);
        var field = System.Text.RegularExpressions.Regex.Match(page, "name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"");
        if (!field.Success) throw new InvalidOperationException("The sign-out page has no antiforgery field; is the client signed in?");
        return await browser.PostAsync(AuthSchemes.SignOutPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field.Groups[1].Value] = System.Net.WebUtility.HtmlDecode(field.Groups[2].Value),
        }));
    }

    /// <summary>A fresh DbContext on the server's database (for arranging data and for asserting what was stored).</summary>
    public ChatArchiveDbContext CreateDbContext() => DatabaseSetup.CreateContext(Database);

    public async Task<Department> DepartmentAsync(string code)
    {
        await using var db = CreateDbContext();
        return await db.Set<Department>().SingleAsync(d => d.Code == code);
    }

    private async Task EnsureUserAsync(string userName, string role, string? departmentCode, long? officeholderId)
    {
        await using var db = CreateDbContext();
        if (await db.Set<User>().AnyAsync(u => u.UserName == userName)) return;
        long? departmentId = null;
        if (departmentCode is not null)
        {
            departmentId = await db.Set<Department>().Where(d => d.Code == departmentCode).Select(d => (long?)d.Id).SingleOrDefaultAsync()
                ?? throw new InvalidOperationException($"Department {departmentCode} is not in the registry; start the fixture with demo data or create it.");
        }
        var user = new User
        {
            UserName = userName,
            DisplayName = $"Test {role} {departmentCode ?? "rijksbreed"}",
            Roles = [role],
            DepartmentId = departmentId,
            OfficeholderId = role == Roles.Officeholder ? officeholderId : null,
        };
        db.Add(user);
        await db.SaveChangesAsync();
        if (role == Roles.Trustee && officeholderId is { } trusteeFor)
        {
            db.Add(new Trustee { OfficeholderId = trusteeFor, UserId = user.Id, DisplayName = user.DisplayName, StartsOn = new DateOnly(2022, 1, 10) });
            await db.SaveChangesAsync();
        }
    }

    private HttpClient NewClient(bool handleCookies)
    {
        if (!_kestrel)
        {
            return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = handleCookies, BaseAddress = BaseAddress });
        }
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = handleCookies };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }
}
