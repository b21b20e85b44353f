using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The web application in Debian's Chromium: sign in, start page, inbox, task page, claim, a 404 — each screen checked
/// by axe-core (WCAG 2.1 AA rules, no violations) and saved as a screenshot artifact.
/// </summary>
public sealed class WebBrowserTests
{
    private static string AxeScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "web", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("axe-core is missing: scripts/test.sh installs web/node_modules (scripts/lib/ensure-web-assets.sh).");
    }

    private static async Task AssertAccessibleAsync(IPage page, string screen, string screenshots)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"web-{screen}.png"), FullPage = true });
        await page.AddScriptTagAsync(new() { Path = AxeScript() });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });" +
            " return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')); }");
        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"axe-core on {screen}: {string.Join(" | ", violations)}");
    }

    [Fact]
    public async Task Professional_signs_in_sees_the_inbox_opens_and_claims_a_task_and_every_screen_passes_axe()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "webbrowser");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden minister BZK"), publish: true);
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(definition["definitionId"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        // CSP is bypassed only so the test can inject axe-core; the pages themselves load no inline script.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), BypassCSP = true, Locale = "nl-NL" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync("/");
        Assert.Contains("/aanmelden", page.Url);
        await page.SelectOptionAsync("#userName", "informatieprofessional.bzk");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/aanmelden"));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mijn open taken" }).WaitForAsync();
        await AssertAccessibleAsync(page, "01-start", screenshots);

        await page.GetByRole(AriaRole.Link, new() { Name = "Taken", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Taken van mijn team (1)" }).WaitForAsync();
        await AssertAccessibleAsync(page, "02-taken", screenshots);

        await page.GetByRole(AriaRole.Link, new() { Name = "Intakegesprek met de bewindspersoon" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak oppakken" }).WaitForAsync();
        await AssertAccessibleAsync(page, "03-taak", screenshots);

        await page.GetByRole(AriaRole.Button, new() { Name = "Taak oppakken" }).ClickAsync();
        await page.GetByText("U heeft de taak opgepakt.").WaitForAsync();
        await AssertAccessibleAsync(page, "04-taak-opgepakt", screenshots);

        await page.GotoAsync("/taken/bestaat-niet");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Pagina niet gevonden" }).WaitForAsync();
        await AssertAccessibleAsync(page, "05-niet-gevonden", screenshots);

        Assert.Empty(errors);
    }
}
