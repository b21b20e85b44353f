using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Server.Tests.Web;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// The coverage pages in Debian's Chromium on the demo data (cabinet Rutte IV): the auditor sees every department,
/// narrows to one and to one officeholder, opens the printable CIO Rijk table (print stylesheet applied); the process
/// owner sees only the own department. Every screen passes axe-core (WCAG 2.1 AA) and is saved as a screenshot.
/// </summary>
public sealed class DekkingBrowserTests
{
    private static Task AssertAccessibleAsync(IPage page, string screen, string screenshots) =>
        AxeCheck.AssertAccessibleAsync(page, screen, screenshots, $"web-dekking-{screen}.png");

    [Fact]
    public async Task Auditor_and_process_owner_read_the_coverage_report_and_its_printable_table_and_every_screen_passes_axe()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "dekkingbrowser");
        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), BypassCSP = true, Locale = "nl-NL" });
        context.SetDefaultTimeout((float)StudioBrowser.StepTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await StudioBrowser.SignInAsync(page, "auditor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dekking", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dekking: wat is veiliggesteld" }).WaitForAsync();
        await page.FillAsync("#peildatum", "2024-09-16");
        await page.ClickAsync("form.filter-form button[type=submit]");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Samenvatting op 16 september 2024 (alle departementen)" }).WaitForAsync();
        var departments = await page.Locator("section table.coverage-table").CountAsync();
        Assert.Equal(12, departments);
        await AssertAccessibleAsync(page, "01-alle-departementen", screenshots);

        await page.SelectOptionAsync("#departement", "BZK");
        await page.ClickAsync("form.filter-form button[type=submit]");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Samenvatting op 16 september 2024 (BZK)" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("section table.coverage-table").CountAsync());
        var rows = await page.Locator("table.coverage-table tbody tr").CountAsync();
        Assert.True(rows > 0, "BZK has appointments in the demo");
        await AssertAccessibleAsync(page, "02-departement", screenshots);

        var first = page.Locator("table.coverage-table tbody tr th a").First;
        var function = (await first.InnerTextAsync()).Trim();
        await first.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("bewindspersoon="));
        Assert.Equal(1, await page.Locator("table.coverage-table tbody tr").CountAsync());
        Assert.Equal(function, (await page.Locator("table.coverage-table tbody tr th a").InnerTextAsync()).Trim());
        await AssertAccessibleAsync(page, "03-bewindspersoon", screenshots);

        await page.GetByRole(AriaRole.Link, new() { Name = "Alle bewindspersonen" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Afdrukbare versie (tabel CIO Rijk-rapportage 2024)" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Rapport veiligstelling zakelijke informatie bewindspersonen" }).WaitForAsync();
        var headers = await page.Locator("table.print-table").First.Locator("thead th").AllInnerTextsAsync();
        Assert.Equal(["Functie", "aanstelling van", "aanstelling tot", "veiliggestelde chat", "veiliggestelde e-mail", "veiliggestelde sociale media"],
            headers.Select(h => h.Trim()));
        await AssertAccessibleAsync(page, "04-afdrukken", screenshots);
        Assert.True(await page.Locator(".print-back").IsVisibleAsync());
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".print-back").IsVisibleAsync(), "the print stylesheet hides the way back on paper");
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, "web-dekking-05-afdruk.png"));
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The process owner: own department only, no choice of department, another one refused.
        await context.ClearCookiesAsync();
        await StudioBrowser.SignInAsync(page, "procesbeheerder.bzk");
        await page.GotoAsync("/dekking?peildatum=2024-09-16");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Samenvatting op 16 september 2024 (BZK)" }).WaitForAsync();
        Assert.Equal(0, await page.Locator("#departement").CountAsync());
        Assert.Equal(rows, await page.Locator("table.coverage-table tbody tr").CountAsync());
        await AssertAccessibleAsync(page, "06-procesbeheerder", screenshots);
        var refused = await page.GotoAsync("/dekking?departement=FIN");
        Assert.Equal(403, refused!.Status);
        await page.GetByText("U ziet alleen de dekking van uw eigen departement (BZK).").WaitForAsync();

        Assert.Empty(errors);
    }
}
