using System.Net;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Demo;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// <c>/uitlezingen</c>: the department's read-outs (the demo's, made by the real read-out service) with state,
/// officeholder, period and counts and a link to the step each is in; filter by state; paged; another department's
/// read-outs never listed; officeholders get the 403 page; an unknown state is a Dutch 400; never message text.
/// </summary>
public sealed class ReadOutListTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    /// <summary>Production mode (PostgreSQL) needs the raw-export vault key and the archive key; embedded mode makes its own.</summary>
    internal static Dictionary<string, string?> SealingKeys() => new()
    {
        ["ChatArchive:Sealing:VaultKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["ChatArchive:Sealing:ArchiveKeyPem"] = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_list_shows_the_departments_read_outs_with_state_and_counts_and_filters_by_state(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "webreadoutlist", settings: SealingKeys());
        var made = await server.Services.GetRequiredService<DemoReadOuts>().SeedAsync(CancellationToken.None);
        var sealedOne = made["verzegeld"];
        var offered = made["validatie"];
        var finding = made["bevinding"];
        string sealedHolder;
        await using (var db = server.CreateDbContext())
        {
            sealedHolder = (await db.Set<Officeholder>().SingleAsync(o => o.Id == sealedOne.OfficeholderId)).DisplayName;
        }

        var bzk = await WebPageTests.BrowserAsync(server, "informatieprofessional.bzk");
        var list = WebUtility.HtmlDecode(await bzk.GetStringAsync("/uitlezingen"));
        // BZK's three demo read-outs, newest first, each linked to its step; FIN's two are not listed.
        Assert.Contains($"href=\"/uitlezingen/{finding.Id}/beoordelen\">Beoordelen", list);
        Assert.Contains($"href=\"/uitlezingen/{offered.Id}/beoordelen\">Validatie volgen", list);
        Assert.Contains($"href=\"/uitlezingen/{sealedOne.Id}/beoordelen\">Pakket en besluiten bekijken", list);
        Assert.DoesNotContain($"/uitlezingen/{made["beoordelen"].Id}/", list);
        Assert.DoesNotContain($"/uitlezingen/{made["te-laat"].Id}/", list);
        Assert.True(list.IndexOf($"/uitlezingen/{finding.Id}/", StringComparison.Ordinal) < list.IndexOf($"/uitlezingen/{sealedOne.Id}/", StringComparison.Ordinal), "newest first");
        Assert.Contains(sealedHolder, list);
        Assert.Contains("Verzegeld", list);
        Assert.Contains("Aangeboden ter validatie", list);
        Assert.Contains($"{finding.OpenFindings} van {finding.Findings}", list);
        Assert.Contains(" t/m ", list);
        // The demo read-outs run the real workflow, whose appointment step plans each one: the list names the planned moment
        // as such; a read-out without one would show its creation date as "aangemaakt", never as "gepland".
        foreach (var ro in new[] { finding, offered, sealedOne })
        {
            Assert.Contains($"{(ro.PlannedAt is null ? "aangemaakt" : "gepland")} <time datetime=\"{WebTime.Iso(ro.PlannedAt ?? ro.CreatedAt)}\"", list);
        }
        // Counts only: the demo's message texts are never on this page.
        Assert.DoesNotContain("de kat eten geven", list);

        var onlyOffered = WebUtility.HtmlDecode(await bzk.GetStringAsync("/uitlezingen?status=Offered"));
        Assert.Contains($"/uitlezingen/{offered.Id}/", onlyOffered);
        Assert.DoesNotContain($"/uitlezingen/{sealedOne.Id}/", onlyOffered);
        Assert.DoesNotContain($"/uitlezingen/{finding.Id}/", onlyOffered);
        Assert.Contains("<option value=\"Offered\" selected=\"selected\">", onlyOffered);
        Assert.Contains("Geen uitlezingen met de status gepland", WebUtility.HtmlDecode(await bzk.GetStringAsync("/uitlezingen?status=Planned")));

        // Past the last page: nothing listed, a way back to page 1.
        var beyond = WebUtility.HtmlDecode(await bzk.GetStringAsync("/uitlezingen?pagina=3"));
        Assert.Contains("Geen uitlezingen op deze pagina.", beyond);
        Assert.Contains("href=\"/uitlezingen\">Vorige pagina", beyond);

        // An unknown state: a Dutch refusal, nothing listed.
        var wrong = await bzk.GetAsync("/uitlezingen?status=Bestaatniet");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var wrongHtml = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("Deze status bestaat niet.", wrongHtml);
        Assert.DoesNotContain($"/uitlezingen/{sealedOne.Id}/", wrongHtml);

        // FIN's professional: FIN's two, the overdue one with the upload step.
        var fin = WebUtility.HtmlDecode(await (await WebPageTests.BrowserAsync(server, "informatieprofessional.fin")).GetStringAsync("/uitlezingen"));
        Assert.Contains($"href=\"/uitlezingen/{made["te-laat"].Id}/upload\">Export uploaden", fin);
        Assert.Contains("nog geen berichten", fin);
        Assert.Contains("gepland <time", fin);
        Assert.DoesNotContain($"/uitlezingen/{sealedOne.Id}/", fin);

        // An auditor sees every department's read-outs, with links to the overview (no upload).
        var auditor = WebUtility.HtmlDecode(await (await WebPageTests.BrowserAsync(server, "auditor")).GetStringAsync("/uitlezingen"));
        Assert.Contains($"/uitlezingen/{sealedOne.Id}/beoordelen", auditor);
        Assert.Contains($"/uitlezingen/{made["te-laat"].Id}/beoordelen", auditor);
        Assert.DoesNotContain("/upload", auditor);

        // The officeholder has no list (the matrix): the HTML 403 page; the start page does not offer it.
        var minister = await WebPageTests.BrowserAsync(server, "bewindspersoon.bzk.2");
        Assert.Equal(HttpStatusCode.Forbidden, (await minister.GetAsync("/uitlezingen")).StatusCode);
        Assert.DoesNotContain("href=\"/uitlezingen\"", await minister.GetStringAsync("/"));
        Assert.Contains("href=\"/uitlezingen\"", await bzk.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_list_opens_from_the_start_page_in_the_browser_and_passes_axe()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "webreadoutlistbrowser", settings: SealingKeys());
        var made = await server.Services.GetRequiredService<DemoReadOuts>().SeedAsync(CancellationToken.None);

        await using var browser = await WebBrowserPage.OpenAsync(server.BaseAddress);
        var page = browser.Page;

        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Alle uitlezingen van uw departement, met hun status en aantallen" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Uitlezingen", Exact = true }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = $"Validatie volgen (uitlezing {made["validatie"].Id})" }).WaitForAsync();
        await AxeCheck.AssertAccessibleAsync(page, "uitlezingen", screenshots, "web-uitlezingen-01-lijst.png");

        await page.GetByLabel("Status").SelectOptionAsync("Sealed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter toepassen" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("status=Sealed"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Pakket en besluiten bekijken" }).CountAsync());
        await AxeCheck.AssertAccessibleAsync(page, "uitlezingen verzegeld", screenshots, "web-uitlezingen-02-verzegeld.png");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Pakket en besluiten bekijken (uitlezing {made["verzegeld"].Id})" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains($"/uitlezingen/{made["verzegeld"].Id}/beoordelen"));
        Assert.Empty(browser.Errors);
    }
}
