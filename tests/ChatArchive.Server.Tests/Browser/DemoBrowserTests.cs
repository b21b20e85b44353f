using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Demo;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Server.Tests.Web;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.HumanTasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// The demo as a newcomer opens it (embedded mode, the demo read-outs made at start-up by running the departments'
/// published read-out workflows): each demo user who has a part in them signs in with the development sign-in in
/// Debian's Chromium and finds the demo's content on the start page, in the inbox, in the list of read-outs and in the
/// coverage report. Every screen is saved as a screenshot. The time from the server's start until the demo read-outs
/// were ready goes to the test output (not asserted).
/// </summary>
public sealed class DemoBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_demo_user_signs_in_and_sees_the_demo_read_outs_on_the_start_page_inbox_read_outs_and_coverage()
    {
        var screenshots = Artifacts.Folder("screenshots");
        var settings = ReadOutListTests.SealingKeys();
        // As the README's run command starts it: the demo read-outs are made by the server's own start-up.
        settings[DemoDataSettings.ReadOutsKey] = "true";
        var clock = Stopwatch.StartNew();
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "demobrowser", settings: settings);
        var started = clock.Elapsed;
        // Waits for the start-up's run (one at a time) and, being idempotent, returns the same read-outs.
        var made = await server.Services.GetRequiredService<DemoReadOuts>().SeedAsync(CancellationToken.None);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server started in {started.TotalSeconds:F1} s; demo read-outs ready {clock.Elapsed.TotalSeconds:F1} s after the start began; load average {File.ReadAllText("/proc/loadavg")[..14]}"));
        Assert.Equal(DemoReadOuts.Keys.Order(StringComparer.Ordinal), made.Keys.Order(StringComparer.Ordinal));

        var tasks = server.Services.GetRequiredService<IHumanTaskService>();
        async Task<string> OpenTaskAsync(string key)
        {
            var open = await tasks.ListAsync(new HumanTaskQuery { InstanceId = made[key].WorkflowInstanceId, Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed] });
            return Assert.Single(open.Items).Id;
        }
        var findingsTask = await OpenTaskAsync("bevinding");
        var validationTask = await OpenTaskAsync("validatie");
        var reviewTask = await OpenTaskAsync("beoordelen");
        var uploadTask = await OpenTaskAsync("te-laat");

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var errors = new List<string>();

        async Task<IPage> SignInAsync(string userName)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "nl-NL" });
            context.SetDefaultTimeout((float)StudioBrowser.StepTimeout.TotalMilliseconds);
            var page = await context.NewPageAsync();
            page.PageError += (_, e) => errors.Add($"{userName}: {e}");
            await StudioBrowser.SignInAsync(page, userName);
            return page;
        }

        async Task<string> OpenAsync(IPage page, string path, string screen, string? selector = null)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path}: HTTP {response?.Status}");
            await Screenshot.SaveAsync(page, Path.Combine(screenshots, $"demo-{screen}.png"));
            return await page.Locator(selector ?? "main").InnerTextAsync();
        }

        static int TeamOpen(string start)
        {
            var count = Regex.Match(start, @"Alle taken van u en uw team \((\d+) open\)");
            Assert.True(count.Success, "the start page counts the team's open tasks");
            return int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        async Task<int> LinksAsync(IPage page, string taskId) => await page.Locator($"main a[href='/taken/{taskId}']").CountAsync();

        // The BZK information professional: the findings task waits, the read-outs list shows the BZK cycles, the findings page the missing messages.
        var proBzk = await SignInAsync("informatieprofessional.bzk");
        Assert.True(TeamOpen(await OpenAsync(proBzk, "/", "01-ip-bzk-start")) >= 1);
        await OpenAsync(proBzk, "/taken", "02-ip-bzk-taken");
        Assert.True(await LinksAsync(proBzk, findingsTask) >= 1, "the findings task is in the BZK inbox");
        Assert.Equal(0, await LinksAsync(proBzk, reviewTask));
        var listBzk = await OpenAsync(proBzk, "/uitlezingen", "03-ip-bzk-uitlezingen", "main table tbody");
        Assert.Contains("Verzegeld", listBzk);
        Assert.Contains("Ingelezen", listBzk);
        Assert.Contains("Aangeboden ter validatie", listBzk);
        Assert.DoesNotContain("In beoordeling", listBzk);
        var findingsPage = await OpenAsync(proBzk, $"/uitlezingen/{made["bevinding"].Id}/bevindingen", "04-ip-bzk-bevindingen");
        Assert.Matches(@"Bevindingen \([1-9]\d* open van \d+\)", findingsPage);

        // The FIN information professional: the review and the overdue upload wait; the review page shows the suggestions.
        var proFin = await SignInAsync("informatieprofessional.fin");
        Assert.True(TeamOpen(await OpenAsync(proFin, "/", "05-ip-fin-start")) >= 2);
        await OpenAsync(proFin, "/taken", "06-ip-fin-taken");
        Assert.True(await LinksAsync(proFin, reviewTask) >= 1, "the review task is in the FIN inbox");
        Assert.True(await LinksAsync(proFin, uploadTask) >= 1, "the overdue upload task is in the FIN inbox");
        Assert.Equal(0, await LinksAsync(proFin, findingsTask));
        var listFin = await OpenAsync(proFin, "/uitlezingen", "07-ip-fin-uitlezingen", "main table tbody");
        Assert.Contains("In beoordeling", listFin);
        Assert.Contains("Gepland", listFin);
        Assert.DoesNotContain("Verzegeld", listFin);
        var reviewPage = await OpenAsync(proFin, $"/uitlezingen/{made["beoordelen"].Id}/beoordelen", "08-ip-fin-beoordelen");
        Assert.Contains("Voorjaarsnota", reviewPage);

        // The BZK officeholder with a set offered for validation: the task is theirs, the validation page shows the marked messages.
        var minister = await SignInAsync("bewindspersoon.bzk.2");
        Assert.True(TeamOpen(await OpenAsync(minister, "/", "09-bewindspersoon-start")) >= 1);
        await OpenAsync(minister, "/taken", "10-bewindspersoon-taken");
        Assert.True(await LinksAsync(minister, validationTask) >= 1, "the validation task is in the officeholder's inbox");
        var validation = await OpenAsync(minister, $"/uitlezingen/{made["validatie"].Id}/valideren", "11-bewindspersoon-valideren");
        Assert.Contains("de kat eten geven", validation);

        // The process owners: their department's read-outs and the coverage report with the sealed package.
        var ownerBzk = await SignInAsync("procesbeheerder.bzk");
        Assert.Contains("Open de werkprocessen in Studio", await OpenAsync(ownerBzk, "/", "12-pb-bzk-start"));
        Assert.Contains("Verzegeld", await OpenAsync(ownerBzk, "/uitlezingen", "13-pb-bzk-uitlezingen", "main table tbody"));
        var sealedOne = made["verzegeld"];
        var coverage = await OpenAsync(ownerBzk, $"/dekking?bewindspersoon={sealedOne.OfficeholderId}", "14-pb-bzk-dekking");
        Assert.Contains("WhatsApp: 5 september 2023", coverage);
        Assert.Matches(@"\([1-9]\d* verzegelde pakketten\)", coverage);

        var ownerFin = await SignInAsync("procesbeheerder.fin");
        Assert.Contains("In beoordeling", await OpenAsync(ownerFin, "/uitlezingen", "15-pb-fin-uitlezingen", "main table tbody"));
        var coverageFin = await OpenAsync(ownerFin, "/dekking", "16-pb-fin-dekking");
        Assert.Contains("Beleid van FIN", coverageFin);
        Assert.DoesNotContain("Beleid van BZK", coverageFin);

        // The auditor: every department's waiting tasks and the coverage, never message text.
        var auditor = await SignInAsync("auditor");
        await OpenAsync(auditor, "/taken", "17-auditor-taken");
        Assert.True(await LinksAsync(auditor, findingsTask) >= 1, "the auditor sees BZK's findings task");
        Assert.True(await LinksAsync(auditor, reviewTask) >= 1, "the auditor sees FIN's review task");
        Assert.Matches(@"\([1-9]\d* verzegelde pakketten\)", await OpenAsync(auditor, $"/dekking?bewindspersoon={sealedOne.OfficeholderId}", "18-auditor-dekking"));

        Assert.Empty(errors);
        Assert.Equal(ReadOutStage.Sealed, sealedOne.Stage);
    }
}
