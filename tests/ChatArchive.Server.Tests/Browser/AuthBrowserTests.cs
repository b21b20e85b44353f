using System.Net;
using System.Net.Http.Json;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// Sign-in in Debian's Chromium: a local account signs in with its password, switches on the second factor (the TOTP
/// code is computed in the test as an authenticator app would), signs in again with the code; five wrong passwords
/// lock an account with a Dutch message; a deactivated user is refused on the next page, API call and Studio.
/// </summary>
public sealed class AuthBrowserTests
{
    private const string Password = "een lange zin als wachtwoord";

    [Fact]
    public async Task Local_sign_in_second_factor_lockout_and_deactivation_in_a_real_browser()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "authbrowser");
        using var admin = await LocalAccountTests.AdminAsync(server);
        var professional = await LocalAccountTests.UserAsync(server, "informatieprofessional.bzk");
        var owner = await LocalAccountTests.UserAsync(server, "procesbeheerder.bzk");
        foreach (var id in new[] { professional.Id, owner.Id })
        {
            (await admin.PutAsJsonAsync($"/api/users/{id}/password", new { password = Password })).EnsureSuccessStatusCode();
        }

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "nl-NL" });
        context.SetDefaultTimeout((float)StudioBrowser.StepTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();

        // 1. Password sign-in.
        await page.GotoAsync("/");
        Assert.Contains("/aanmelden", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Gebruikersnaam").FillAsync(professional.UserName);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden met wachtwoord" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/aanmelden", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mijn open taken" }).WaitForAsync();

        // 2. Second factor: the secret is shown as text; the code is computed here.
        await page.GotoAsync("/account/tweestapsverificatie");
        var key = await page.Locator("#sleutel").InnerTextAsync();
        Assert.StartsWith("otpauth://totp/ChatArchive:", await page.Locator("#otpauth").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Verificatiecode").FillAsync(LocalAccountClient.TotpCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanzetten" }).ClickAsync();
        await page.GetByText("Tweestapsverificatie staat nu aan").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "auth-01-tweestaps-aan.png") });

        // 3. Sign out, then in again: the password alone is not enough.
        await page.GotoAsync("/afmelden");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/aanmelden", StringComparison.Ordinal));
        await page.GetByLabel("Gebruikersnaam").FillAsync(professional.UserName);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden met wachtwoord" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).GetByText("Dit account gebruikt tweestapsverificatie").WaitForAsync();
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Verificatiecode uit uw authenticator-app").FillAsync(LocalAccountClient.TotpCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden met wachtwoord" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mijn open taken" }).WaitForAsync();

        // 4. Deactivated: the next page, API call and Studio refuse this browser's session.
        var me = await page.APIRequest.GetAsync("/api/auth/me");
        Assert.Equal(200, me.Status);
        using (var update = await admin.PutAsJsonAsync($"/api/users/{professional.Id}", new
        {
            userName = professional.UserName, displayName = professional.DisplayName, roles = professional.Roles, departmentCode = "BZK",
            officeholderId = professional.OfficeholderId, email = professional.Email, isActive = false, version = professional.Version,
        }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }
        await page.GotoAsync("/taken");
        Assert.Contains("/aanmelden", page.Url, StringComparison.Ordinal);
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/auth/me")).Status);
        await page.GotoAsync("/studio");
        Assert.Contains("/aanmelden", page.Url, StringComparison.Ordinal);

        // 5. Lockout: five wrong passwords, a Dutch message; the right one is refused afterwards.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await page.GotoAsync("/aanmelden");
            await page.GetByLabel("Gebruikersnaam").FillAsync(owner.UserName);
            await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync($"fout wachtwoord {attempt}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden met wachtwoord" }).ClickAsync();
            await page.GetByRole(AriaRole.Alert).WaitForAsync();
        }
        var alert = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains("Dit account is geblokkeerd na 5 mislukte aanmeldpogingen", alert, StringComparison.Ordinal);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden met wachtwoord" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).GetByText("geblokkeerd").WaitForAsync();
        Assert.Contains("/aanmelden", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "auth-02-geblokkeerd.png") });
    }

    [Fact]
    public async Task Single_sign_on_through_the_departments_provider_and_an_unknown_user_gets_a_Dutch_refusal()
    {
        await using var provider = await TestOidcProvider.StartAsync();
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "ssobrowser", settings: new Dictionary<string, string?>
        {
            [SingleSignOnSettings.AuthorityKey] = provider.Issuer.ToString().TrimEnd('/'),
            [SingleSignOnSettings.ClientIdKey] = TestOidcProvider.ClientId,
            [SingleSignOnSettings.ClientSecretKey] = TestOidcProvider.ClientSecret,
            [SingleSignOnSettings.RequireHttpsMetadataKey] = "false",
        });
        provider.AllowRedirect(new Uri(server.BaseAddress, SingleSignOnSettings.CallbackPath));

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // A registry user: through the provider's own sign-in form and back, signed in.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "nl-NL" });
        context.SetDefaultTimeout((float)StudioBrowser.StepTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Aanmelden via het departement" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Identiteitsprovider van het departement" }).WaitForAsync();
        Assert.StartsWith(provider.Issuer.ToString().TrimEnd('/'), page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Account bij het departement").FillAsync("informatieprofessional.bzk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen bij het departement" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mijn open taken" }).WaitForAsync();
        var me = await page.APIRequest.GetAsync("/api/auth/me");
        Assert.Equal(200, me.Status);
        Assert.Contains("\"userName\":\"informatieprofessional.bzk\"", await me.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, provider.TokensIssued);

        // Known to the provider, not to the registry: a Dutch page and no session.
        var stranger = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "nl-NL" });
        stranger.SetDefaultTimeout((float)StudioBrowser.StepTimeout.TotalMilliseconds);
        var other = await stranger.NewPageAsync();
        await other.GotoAsync("/aanmelden");
        await other.GetByRole(AriaRole.Link, new() { Name = "Aanmelden via het departement" }).ClickAsync();
        await other.GetByLabel("Account bij het departement").FillAsync("onbekend.persoon");
        await other.GetByRole(AriaRole.Button, new() { Name = "Inloggen bij het departement" }).ClickAsync();
        await other.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang" }).WaitForAsync();
        Assert.Contains("niet (actief) in het gebruikersregister", await other.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(401, (await other.APIRequest.GetAsync("/api/auth/me")).Status);
        Assert.Equal(2, provider.TokensIssued);
    }
}
