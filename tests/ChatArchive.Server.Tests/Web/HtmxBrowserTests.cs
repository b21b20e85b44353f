using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// Claim and release on the task page, and review decisions (one message, bulk per contact and per conversation), in
/// Debian's Chromium both ways: with JavaScript htmx posts the form and replaces only the changed part (no page load,
/// the page's Content-Security-Policy enforced, no violation reported); without JavaScript the same forms post and the
/// whole page returns. Each way the stored state is checked, not only the text on the screen.
/// </summary>
public sealed class HtmxBrowserTests
{
    /// <summary>The form posts the page made: whether each was a page load (navigation) and whether htmx sent it.</summary>
    internal sealed class Posts
    {
        public List<(string Url, bool Navigation, bool Htmx)> Seen { get; } = [];

        public static Posts Watch(IPage page)
        {
            var posts = new Posts();
            page.Request += (_, r) =>
            {
                if (r.Method == "POST" && !r.Url.Contains("/aanmelden", StringComparison.Ordinal))
                {
                    posts.Seen.Add((r.Url, r.IsNavigationRequest, r.Headers.TryGetValue("hx-request", out var hx) && hx == "true"));
                }
            };
            return posts;
        }
    }

    internal const string Marker = "() => window.__zelfdePagina === true";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Claim_and_release_replace_only_the_task_status_with_htmx_and_post_the_whole_page_without_javascript(bool javaScript)
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "webhtmxtask" + (javaScript ? "js" : "nojs"));
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden minister BZK"), publish: true);
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(definition["definitionId"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");

        await using var browser = await WebBrowserPage.OpenAsync(server.BaseAddress, javaScript, enforceCsp: true);
        var page = browser.Page;
        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await page.GotoAsync("/taken");
        await page.GetByRole(AriaRole.Link, new() { Name = "Intakegesprek met de bewindspersoon" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak oppakken" }).WaitForAsync();
        var taskUrl = page.Url;
        if (javaScript) await page.EvaluateAsync("() => { window.__zelfdePagina = true; }");
        var posts = Posts.Watch(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Taak oppakken" }).ClickAsync();
        await page.GetByText("U heeft de taak opgepakt.").WaitForAsync();
        await page.GetByText("Opgepakt door u").WaitForAsync();
        var claimed = await TaskStatusAsync(server, instanceId);
        Assert.Equal(("Claimed", true), (claimed.Status, claimed.ClaimedBy is not null));
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, $"web-htmx-taak-opgepakt-{(javaScript ? "js" : "zonder-js")}.png"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Taak vrijgeven" }).ClickAsync();
        await page.GetByText("U heeft de taak vrijgegeven").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Taak oppakken" }).WaitForAsync();
        Assert.Equal("Open", (await TaskStatusAsync(server, instanceId)).Status);

        Assert.Equal(2, posts.Seen.Count);
        Assert.All(posts.Seen, p => Assert.Contains("handler=", p.Url, StringComparison.Ordinal));
        if (javaScript)
        {
            // htmx sent both, neither loaded a page: the page the marker was set on is still the one shown.
            Assert.All(posts.Seen, p => Assert.Equal((false, true), (p.Navigation, p.Htmx)));
            Assert.True(await page.EvaluateAsync<bool>(Marker));
            Assert.Equal(taskUrl, page.Url);
        }
        else
        {
            Assert.All(posts.Seen, p => Assert.Equal((true, false), (p.Navigation, p.Htmx)));
        }
        Assert.Empty(browser.Errors);
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Review_decisions_one_message_and_bulk_replace_only_the_review_part_with_htmx_and_post_the_whole_page_without_javascript(bool javaScript)
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "webhtmxreview" + (javaScript ? "js" : "nojs"), kestrel: true);
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var id = w.ReadOut.Id;
        Assert.Equal(5, (await w.Service.GetAsync(id))!.Undecided);
        var conversations = await w.Server.Services.GetRequiredService<ReadOutQueries>().ConversationsAsync(id);
        var work = conversations.Single(c => c.Messages == 3).Id;

        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress, javaScript, enforceCsp: true);
        var page = browser.Page;
        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen?gesprek={work}");
        await page.GetByText("0 van 5 berichten beoordeeld").WaitForAsync();
        if (javaScript) await page.EvaluateAsync("() => { window.__zelfdePagina = true; }");
        var posts = Posts.Watch(page);

        // One message of the work chat: accept its suggestion.
        await page.Locator(".message-list > li.message--open").First.GetByRole(AriaRole.Button, new() { Name = "Voorstel accepteren" }).ClickAsync();
        await page.GetByText("1 van 5 berichten beoordeeld").WaitForAsync();
        await page.GetByText("1 bericht beoordeeld.").WaitForAsync();
        Assert.Equal(4, (await w.Service.GetAsync(id))!.Undecided);

        // Bulk per contact (the contact filter is a GET; the decision is the post).
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen?contact=Tante%20Ria");
        if (javaScript) await page.EvaluateAsync("() => { window.__zelfdePagina = true; }");
        await page.SelectOptionAsync("#bulk-contact", "private");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toepassen op dit contact" }).ClickAsync();
        await page.GetByText("3 van 5 berichten beoordeeld").WaitForAsync();
        Assert.Equal(2, (await w.Service.GetAsync(id))!.Undecided);

        // Bulk per conversation: the rest of the work chat.
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen");
        if (javaScript) await page.EvaluateAsync("() => { window.__zelfdePagina = true; }");
        var bulk = page.Locator($"form.bulk-form:has(#bulk-gesprek-{work})");
        await bulk.Locator("select").SelectOptionAsync("business");
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Toepassen" }).ClickAsync();
        await page.GetByText("5 van 5 berichten beoordeeld").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanbieden ter validatie" }).WaitForAsync();
        Assert.Equal(0, (await w.Service.GetAsync(id))!.Undecided);
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, $"web-htmx-beoordeeld-{(javaScript ? "js" : "zonder-js")}.png"));

        Assert.Equal(3, posts.Seen.Count);
        if (javaScript)
        {
            Assert.All(posts.Seen, p => Assert.Equal((false, true), (p.Navigation, p.Htmx)));
            Assert.True(await page.EvaluateAsync<bool>(Marker));
        }
        else
        {
            Assert.All(posts.Seen, p => Assert.Equal((true, false), (p.Navigation, p.Htmx)));
        }
        Assert.Empty(browser.Errors);
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<(string Status, string? ClaimedBy)> TaskStatusAsync(ServerFixture server, string instanceId)
    {
        await using var db = server.CreateDbContext();
        var row = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Set<ChatArchive.Persistence.Workflows.HumanTaskRow>().Where(t => t.InstanceId == instanceId));
        return (row.Status, row.ClaimedBy);
    }
}
