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
    private static Task AssertAccessibleAsync(IPage page, string screen, string screenshots) =>
        AxeCheck.AssertAccessibleAsync(page, screen, screenshots, $"web-{screen}.png");

    [Fact]
    public async Task Professional_signs_in_sees_the_inbox_opens_and_claims_a_task_and_every_screen_passes_axe()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "webbrowser");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden minister BZK"), publish: true);
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(definition["definitionId"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");

        await using var browser = await WebBrowserPage.OpenAsync(server.BaseAddress);
        var page = browser.Page;

        await page.GotoAsync("/");
        Assert.Contains("/aanmelden", page.Url);
        await StudioBrowser.ChooseDevelopmentUserAsync(page, "informatieprofessional.bzk");
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

        Assert.Empty(browser.Errors);
    }
}
