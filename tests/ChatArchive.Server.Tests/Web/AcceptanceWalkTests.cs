using System.Globalization;
using System.Net;
using System.Text;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The acceptance walk of the people's web application: what the issue's lines ask that the journey and the earlier
/// page tests did not show — a review and a validation done with the keyboard alone (Tab, Space, arrow keys, Enter and
/// the review's shortcuts, in focus order), a finding answered in the browser, the upload's Dutch refusals, the 403 and
/// 404 pages with their way back, a message of another department or officeholder, the auditor on every page of a
/// read-out, and the cookies' attributes. Every screen passes axe-core (WCAG 2.1 AA). Synthetic chats written for these
/// tests (fictional people).
/// </summary>
public sealed class AcceptanceWalkTests
{
    private static readonly Actor Professional = new("0", Roles.InformationProfessional);
    private const string Note = "Dit gaat over het werkbezoek van volgende week.";

    private static Task ScreenAsync(IPage page, string screen) =>
        AxeCheck.AssertAccessibleAsync(page, screen, Artifacts.Folder("screenshots"), $"wandeling-{screen}.png");

    /// <summary>The focused element: its accessible name (label, aria-label or text), the message or verdict it belongs to, and whether its focus is drawn.</summary>
    internal sealed record Focused(string Name, string Item, bool Visible, bool Ring);

    private static async Task<Focused> FocusedAsync(IPage page) =>
        System.Text.Json.JsonSerializer.Deserialize<Focused>(await page.EvaluateAsync<string>(FocusedScript), System.Text.Json.JsonSerializerOptions.Web)!;

    private const string FocusedScript = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return JSON.stringify({ name: '', item: '', visible: false, ring: false });
          const label = el.labels && el.labels.length ? el.labels[0].innerText : null;
          const name = (label || el.getAttribute('aria-label') || el.innerText || el.value || '').trim();
          const item = el.closest('.validation-item, li.message');
          const s = getComputedStyle(el);
          const ring = (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none';
          return JSON.stringify({ name, item: item ? item.id : '', visible: el.checkVisibility(), ring });
        }
        """;

    /// <summary>Presses Tab until the element named <paramref name="name"/> has focus; every element passed has visible focus.</summary>
    private static async Task<List<Focused>> TabToAsync(IPage page, string name, int most = 80)
    {
        var passed = new List<Focused>();
        for (var i = 0; i < most; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var now = await FocusedAsync(page);
            if (now.Name.Length == 0) continue; // the browser's own chrome between the end and the start of the page
            Assert.True(now.Visible && now.Ring, $"focus on '{now.Name}' is not visible (WCAG 2.4.7)");
            passed.Add(now);
            if (now.Name == name) return passed;
        }
        Assert.Fail($"Tab never reached '{name}'; passed: {string.Join(" | ", passed.Select(p => p.Name))}");
        return passed;
    }

    [Fact]
    public async Task A_review_and_a_validation_are_completed_with_the_keyboard_alone_in_focus_order()
    {
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "walkkeyboard", kestrel: true);
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var id = w.ReadOut.Id;
        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress);
        var page = browser.Page;
        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen");
        await page.GetByText("0 van 5 berichten beoordeeld").WaitForAsync();

        // The first Tab reaches the skip link; Enter goes to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Naar de inhoud", (await FocusedAsync(page)).Name);
        await page.Keyboard.PressAsync("Enter");

        // j to the first message; the professional reads it and presses z (business) or p (private); focus moves on by itself.
        await page.Keyboard.PressAsync("j");
        for (var decided = 1; decided <= 5; decided++)
        {
            await page.WaitForFunctionAsync("() => document.activeElement?.closest('li.message')?.querySelector('button[data-key]') != null");
            var message = await page.EvaluateAsync<string>("() => document.activeElement.closest('li.message').innerText");
            await page.Keyboard.PressAsync(message.Contains("contact: Tante Ria", StringComparison.Ordinal) ? "p" : "z");
            await page.GetByText($"{decided} van 5 berichten beoordeeld").WaitForAsync();
        }
        await ScreenAsync(page, "toetsenbord-beoordeeld");
        await TabToAsync(page, "Aanbieden ter validatie");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("Aangeboden ter validatie:").WaitForAsync();
        await ScreenAsync(page, "toetsenbord-aangeboden");
        var state = (await w.Service.GetAsync(id))!;
        Assert.Equal((ReadOutStage.Offered, 2L), (state.Stage, state.AwaitingValidation));

        // The officeholder: from the top of the page, Tab into the first verdict and agree (Space); Tab on to the second,
        // the arrow key chooses Niet akkoord, Tab to its note, type it; Tab to the form's button and press Enter.
        await page.Context.ClearCookiesAsync();
        await StudioBrowser.SignInAsync(page, "bewindspersoon.bzk.1");
        await page.GotoAsync($"/uitlezingen/{id}/valideren");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Valideren" }).WaitForAsync();
        await ScreenAsync(page, "toetsenbord-valideren");
        var items = page.Locator("fieldset.validation-item");
        Assert.Equal(2, await items.CountAsync());
        var (first, second) = ((await items.Nth(0).GetAttributeAsync("id"))!, (await items.Nth(1).GetAttributeAsync("id"))!);

        var walk = await TabToAsync(page, "Akkoord");
        Assert.Equal(first, walk[^1].Item);
        await page.Keyboard.PressAsync("Space");
        walk.AddRange(await TabToAsync(page, "Akkoord"));
        Assert.Equal(second, walk[^1].Item);
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal(("Niet akkoord", second), ((await FocusedAsync(page)).Name, (await FocusedAsync(page)).Item));
        await page.Keyboard.PressAsync("Tab");
        var noteField = await FocusedAsync(page);
        Assert.Equal(("Toelichting (verplicht bij Niet akkoord)", second), (noteField.Name, noteField.Item));
        walk.Add(noteField);
        await page.Keyboard.TypeAsync(Note);
        walk.AddRange(await TabToAsync(page, "Oordeel versturen"));
        // Focus order follows reading order: the first message's controls, then the second's, then the form's button.
        var order = walk.Where(f => f.Item.Length > 0).Select(f => f.Item).Distinct().ToList();
        Assert.Equal([first, second], order);
        Assert.Equal("", walk[^1].Item);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("gaan met uw toelichting terug").WaitForAsync();
        await ScreenAsync(page, "toetsenbord-gevalideerd");

        state = (await w.Service.GetAsync(id))!;
        Assert.Equal((0L, 1L), (state.AwaitingValidation, state.Disputed));
        var returned = await w.Service.ReturnDisputedAsync(id);
        var disputed = (await w.Server.Services.GetRequiredService<ReadOutQueries>().MessagesAsync(id, new MessageQuery(PageSize: 100))).Items
            .Single(m => m.Id == Assert.Single(returned));
        Assert.Equal((false, Note), (disputed.ValidationAgrees, disputed.ValidationNote));
        Assert.Equal("bericht-" + disputed.Id.ToString(CultureInfo.InvariantCulture), second);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_finding_is_answered_in_the_browser_and_the_auditor_reads_the_answer_without_any_message_text()
    {
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "walkfindings", kestrel: true);
        var ingest = await w.IngestAsync(("WhatsApp-chat met Tante Ria.txt",
            [.. ReadOutPageWorld.FamilyChat, "10-02-2024 08:20 - Tante Ria turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent."]));
        var finding = ingest.Findings.First(f => f.NeedsAnswer);
        var open = (await w.Service.GetAsync(w.ReadOut.Id))!.OpenFindings;
        const string answer = "Besproken met de minister; tijdelijke berichten staan weer uit.";
        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress);
        var page = browser.Page;
        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await page.GotoAsync($"/uitlezingen/{w.ReadOut.Id}/bevindingen");
        var section = page.Locator($"section.finding:has(#bevinding-{finding.Id})");
        await section.GetByText("nog te beantwoorden").WaitForAsync();
        // Every finding is named in Dutch (no code such as "date-order-assumed") and no command-line option is offered.
        foreach (var heading in await page.Locator("section.finding h2").AllInnerTextsAsync())
        {
            Assert.DoesNotMatch("^[a-z]+(-[a-z]+)+", heading);
        }
        Assert.DoesNotContain("--", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await ScreenAsync(page, "bevindingen-open");

        // No choice: refused in Dutch, nothing stored.
        await section.GetByLabel("Toelichting").FillAsync(answer);
        await section.GetByRole(AriaRole.Button, new() { Name = "Antwoord vastleggen" }).ClickAsync();
        await page.GetByText("Kies wat er met de bevinding is gedaan").WaitForAsync();
        Assert.Equal(open, (await w.Service.GetAsync(w.ReadOut.Id))!.OpenFindings);
        await ScreenAsync(page, "bevindingen-geweigerd");

        section = page.Locator($"section.finding:has(#bevinding-{finding.Id})");
        await section.GetByLabel("Verklaard").CheckAsync();
        await section.GetByLabel("Toelichting").FillAsync(answer);
        await section.GetByRole(AriaRole.Button, new() { Name = "Antwoord vastleggen" }).ClickAsync();
        await page.GetByText("Antwoord vastgelegd").WaitForAsync();
        section = page.Locator($"section.finding:has(#bevinding-{finding.Id})");
        Assert.Contains("Antwoord: Verklaard", await section.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(answer, await section.InnerTextAsync(), StringComparison.Ordinal);
        await ScreenAsync(page, "bevindingen-beantwoord");
        Assert.Equal(open - 1, (await w.Service.GetAsync(w.ReadOut.Id))!.OpenFindings);
        var stored = (await w.Server.Services.GetRequiredService<ReadOutQueries>().FindingsAsync(w.ReadOut.Id)).Single(f => f.Id == finding.Id);
        Assert.Equal((FindingResolution.Explained, answer), (stored.Resolution, stored.AnswerNote));

        // The auditor reads the answer, has no form, and sees no message text or contact name.
        await page.Context.ClearCookiesAsync();
        await StudioBrowser.SignInAsync(page, "auditor");
        await page.GotoAsync($"/uitlezingen/{w.ReadOut.Id}/bevindingen");
        await page.GetByText(answer).WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Antwoord vastleggen" }).CountAsync());
        AssertNoContent(await page.ContentAsync(), "auditor: bevindingen");
        await ScreenAsync(page, "bevindingen-auditor");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task The_upload_refuses_a_too_large_file_and_an_unknown_format_in_Dutch_with_and_without_javascript_storing_nothing()
    {
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "walkupload", kestrel: true);
        var id = w.ReadOut.Id;
        var folder = Directory.CreateTempSubdirectory("chatarchive-walk-").FullName;
        var large = Path.Combine(folder, "WhatsApp-chat met Sanne de Vries.txt");
        await File.WriteAllTextAsync(large, string.Concat(Enumerable.Repeat(string.Join("\n", ReadOutPageWorld.WorkChat) + "\n", 1500)));
        Assert.True(new FileInfo(large).Length > 200_000);
        var unknown = Path.Combine(folder, "export.txt");
        await File.WriteAllTextAsync(unknown, "Dit is geen export van een chatapp, alleen een aantekening.\nTweede regel zonder datum.\n");

        // Without JavaScript the server refuses: the too large upload on a page of its own, with a way back; a file no reader
        // recognises on the upload page, saying what to do there (no command-line option). Screenshots only: axe-core needs
        // JavaScript, so the same pages are checked with it below.
        await using (var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress, javaScript: false))
        {
            var page = browser.Page;
            var screenshots = Artifacts.Folder("screenshots");
            await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
            await page.GotoAsync($"/uitlezingen/{id}/upload");
            await page.SetInputFilesAsync("#file0", large);
            await page.SelectOptionAsync("#channel0", "whatsapp");
            await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Bestand te groot" }).WaitForAsync();
            await page.GetByText("Er is niets opgeslagen").WaitForAsync();
            await Screenshot.SaveAsync(page, Path.Combine(screenshots, "wandeling-upload-te-groot-zonder-js.png"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Terug naar uw taken" }).ClickAsync();
            await page.WaitForURLAsync(u => u.EndsWith("/taken", StringComparison.Ordinal));

            await page.GotoAsync($"/uitlezingen/{id}/upload");
            await page.SetInputFilesAsync("#file0", unknown);
            await page.SelectOptionAsync("#channel0", "whatsapp");
            await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
            await AssertUnknownRefusedAsync(page);
            await Screenshot.SaveAsync(page, Path.Combine(screenshots, "wandeling-upload-onbekend-formaat-zonder-js.png"));
            Assert.Empty(browser.Errors);
        }

        // With JavaScript: the too large selection is refused before anything is sent; the unknown file through the page's
        // upload script; the server's own 413 page through the browser's plain form post (the script's check bypassed).
        await using (var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress))
        {
            var page = browser.Page;
            await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
            await page.GotoAsync($"/uitlezingen/{id}/upload");
            var posts = HtmxBrowserTests.Posts.Watch(page);
            await page.SetInputFilesAsync("#file0", large);
            await page.SelectOptionAsync("#channel0", "whatsapp");
            await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
            await page.GetByText("De gekozen bestanden zijn samen groter dan het maximum").WaitForAsync();
            await ScreenAsync(page, "upload-te-groot-js");
            Assert.Empty(posts.Seen);

            await page.SetInputFilesAsync("#file0", unknown);
            await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
            await AssertUnknownRefusedAsync(page);
            await ScreenAsync(page, "upload-onbekend-formaat");

            await page.GotoAsync($"/uitlezingen/{id}/upload");
            await page.SetInputFilesAsync("#file0", large);
            await page.SelectOptionAsync("#channel0", "whatsapp");
            await page.EvaluateAsync("() => document.querySelector('form.upload-form').submit()");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Bestand te groot" }).WaitForAsync();
            await ScreenAsync(page, "upload-te-groot");
            Assert.Empty(browser.Errors);
        }
        Assert.Equal(0, (await w.Service.GetAsync(id))!.Uploads);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Forbidden_and_not_found_pages_say_so_in_Dutch_with_a_way_back_and_the_auditor_sees_counts_only()
    {
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "walkerrors", kestrel: true);
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var id = w.ReadOut.Id;
        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress);
        var page = browser.Page;

        // An officeholder has no list of read-outs: 403, the way back to the start page.
        await StudioBrowser.SignInAsync(page, "bewindspersoon.bzk.1");
        var response = await page.GotoAsync("/uitlezingen");
        Assert.Equal(403, response!.Status);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang" }).WaitForAsync();
        await ScreenAsync(page, "403");
        await page.GetByRole(AriaRole.Link, new() { Name = "Terug naar de startpagina" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/");

        // A professional of another department: the read-out does not exist for them (404), nothing of it shown.
        await page.Context.ClearCookiesAsync();
        await StudioBrowser.SignInAsync(page, "informatieprofessional.jenv");
        response = await page.GotoAsync($"/uitlezingen/{id}/beoordelen");
        Assert.Equal(404, response!.Status);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Pagina niet gevonden" }).WaitForAsync();
        AssertNoContent(await page.ContentAsync(), "jenv: 404");
        await ScreenAsync(page, "404-ander-departement");
        await page.GetByRole(AriaRole.Link, new() { Name = "Naar uw taken" }).ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/taken", StringComparison.Ordinal));

        // The auditor: the review page with counts only, the upload page is 403.
        await page.Context.ClearCookiesAsync();
        await StudioBrowser.SignInAsync(page, "auditor");
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen");
        await page.GetByText("niet de inhoud van de berichten").WaitForAsync();
        AssertNoContent(await page.ContentAsync(), "auditor: beoordelen");
        await ScreenAsync(page, "auditor-beoordelen");
        Assert.Equal(403, (await page.GotoAsync($"/uitlezingen/{id}/upload"))!.Status);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang" }).WaitForAsync();
        Assert.Empty(browser.Errors);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_auditor_never_sees_message_text_on_any_page_of_an_offered_read_out_with_findings(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "walkauditor");
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt",
            [.. ReadOutPageWorld.FamilyChat, "10-02-2024 08:20 - Tante Ria turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent."]));
        var id = w.ReadOut.Id;
        await OfferAsync(w, id);
        var checklist = await w.DepartureChecklistAsync();
        var conversation = (await w.Server.Services.GetRequiredService<ReadOutQueries>().ConversationsAsync(id)).First().Id;
        var auditor = await w.BrowserAsync("auditor");

        string[] pages =
        [
            "/", "/taken", "/uitlezingen", "/uitlezingen?status=Offered", "/dekking", $"/checklists/{checklist.Id}",
            $"/uitlezingen/{id}/beoordelen", $"/uitlezingen/{id}/beoordelen?gesprek={conversation}", $"/uitlezingen/{id}/beoordelen?contact=Tante%20Ria",
            $"/uitlezingen/{id}/beoordelen?zoek=verjaardag", $"/uitlezingen/{id}/beoordelen?open=true&bijzonder=true", $"/uitlezingen/{id}/bevindingen",
            $"/uitlezingen/{id}/valideren", $"/uitlezingen/{id}/upload", $"/uitlezingen/{id}/upload?handler=Stand",
        ];
        var shown = 0;
        foreach (var url in pages)
        {
            var response = await auditor.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"{url}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK) shown++;
            AssertNoContent(await response.Content.ReadAsStringAsync(), "auditor: " + url);
        }
        Assert.True(shown >= 10, $"the auditor opened {shown} pages");
        // The professional's same review page does show the text (the check above can fail).
        Assert.Contains("stikstofruimte", await (await w.BrowserAsync("informatieprofessional.bzk")).GetStringAsync($"/uitlezingen/{id}/beoordelen"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_message_of_another_department_or_another_officeholder_is_not_found_and_nothing_changes(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "walkmessages");
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var bzk = w.ReadOut.Id;
        var jenv = await JenvReadOutAsync(w);
        var queries = w.Server.Services.GetRequiredService<ReadOutQueries>();
        var jenvMessage = (await queries.MessagesAsync(jenv, new MessageQuery())).Items[0];
        var jenvConversation = jenvMessage.ConversationId;
        var bzkMessage = (await queries.MessagesAsync(bzk, new MessageQuery())).Items[0];

        // JenV's professional finds none of BZK's read-out pages, and cannot decide on it.
        var jenvPro = await w.BrowserAsync("informatieprofessional.jenv");
        foreach (var url in new[] { "upload", "beoordelen", $"beoordelen?gesprek={bzkMessage.ConversationId}", "bevindingen" })
        {
            var response = await jenvPro.GetAsync($"/uitlezingen/{bzk}/{url}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            AssertNoContent(await response.Content.ReadAsStringAsync(), "jenv: " + url);
        }
        // The validation page is refused by role first (the permission table), the same for a read-out that does not exist:
        // the answer says nothing about BZK's read-out.
        var validation = await jenvPro.GetAsync($"/uitlezingen/{bzk}/valideren");
        Assert.Equal(HttpStatusCode.Forbidden, validation.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await jenvPro.GetAsync("/uitlezingen/987654321/valideren")).StatusCode);
        AssertNoContent(await validation.Content.ReadAsStringAsync(), "jenv: valideren");
        var jenvToken = ReadOutPageWorld.Token(await jenvPro.GetStringAsync($"/uitlezingen/{jenv}/beoordelen"));
        var (status, _) = await ReadOutPageWorld.PostAsync(jenvPro, $"/uitlezingen/{bzk}/beoordelen?handler=Decide", jenvToken,
            ("scope", "message"), ("target", bzkMessage.Id.ToString(CultureInfo.InvariantCulture)), ("label", "business"));
        Assert.Equal(HttpStatusCode.NotFound, status);

        // BZK's professional names JenV's message or conversation on BZK's own read-out: not found there, nothing shown or changed.
        var bzkPro = await w.BrowserAsync("informatieprofessional.bzk");
        var review = await bzkPro.GetStringAsync($"/uitlezingen/{bzk}/beoordelen?gesprek={jenvConversation}");
        Assert.Contains("0 berichten gevonden", review, StringComparison.Ordinal);
        Assert.DoesNotContain("Handhaving", review, StringComparison.Ordinal);
        string html;
        (status, html) = await ReadOutPageWorld.PostAsync(bzkPro, $"/uitlezingen/{bzk}/beoordelen?handler=Decide", ReadOutPageWorld.Token(review),
            ("scope", "message"), ("target", jenvMessage.Id.ToString(CultureInfo.InvariantCulture)), ("label", "private"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("hoort niet bij uitlezing", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        (status, _) = await ReadOutPageWorld.PostAsync(bzkPro, $"/uitlezingen/{bzk}/beoordelen?handler=Decide", ReadOutPageWorld.Token(review),
            ("scope", "conversation"), ("target", jenvConversation.ToString(CultureInfo.InvariantCulture)), ("label", "private"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(5, (await w.Service.GetAsync(bzk))!.Undecided);
        Assert.Equal(3, (await w.Service.GetAsync(jenv))!.Undecided);

        // Offered: another officeholder of BZK, BZK's trustee (the definition names the officeholder) and JenV's officeholder
        // find no validation; a verdict posted for it is not stored. The officeholder's own page refuses JenV's message.
        await OfferAsync(w, bzk);
        var offered = (await queries.MessagesAsync(bzk, new MessageQuery(AwaitingValidation: true))).Items;
        Assert.Equal(2, offered.Count);
        var mine = await w.BrowserAsync("bewindspersoon.bzk.1");
        var own = await mine.GetStringAsync($"/uitlezingen/{bzk}/valideren");
        foreach (var other in new[] { "bewindspersoon.bzk.2", "vertrouwenspersoon.bzk", "bewindspersoon.jenv.1" })
        {
            var client = await w.BrowserAsync(other);
            var response = await client.GetAsync($"/uitlezingen/{bzk}/valideren");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            AssertNoContent(await response.Content.ReadAsStringAsync(), other);
            (status, _) = await ReadOutPageWorld.PostAsync(client, $"/uitlezingen/{bzk}/valideren?handler=Een&bericht={offered[0].Id}", ReadOutPageWorld.Token(await client.GetStringAsync("/")),
                ($"oordeel-{offered[0].Id}", "akkoord"));
            Assert.Equal(HttpStatusCode.NotFound, status);
        }
        (status, html) = await ReadOutPageWorld.PostAsync(mine, $"/uitlezingen/{bzk}/valideren?handler=Een&bericht={jenvMessage.Id}", ReadOutPageWorld.Token(own),
            ($"oordeel-{jenvMessage.Id}", "akkoord"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("wacht niet (meer) op uw oordeel", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal((2L, 0L), ((await w.Service.GetAsync(bzk))!.AwaitingValidation, (await w.Service.GetAsync(bzk))!.Disputed));
    }

    [Fact]
    public async Task Sign_in_and_antiforgery_cookies_are_HttpOnly_and_SameSite_Strict_in_the_browser_and_Secure_over_TLS()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "walkcookies");
        await using (var browser = await WebBrowserPage.OpenAsync(server.BaseAddress))
        {
            await StudioBrowser.SignInAsync(browser.Page, "informatieprofessional.bzk");
            await browser.Page.GotoAsync("/taken");
            var cookies = await browser.Page.Context.CookiesAsync();
            var signIn = Assert.Single(cookies, c => c.Name == AuthSchemes.CookieName);
            var antiforgery = Assert.Single(cookies, c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
            foreach (var c in new[] { signIn, antiforgery })
            {
                Assert.True(c.HttpOnly, c.Name + " HttpOnly");
                Assert.Equal(SameSiteAttribute.Strict, c.SameSite);
            }
            await ScreenAsync(browser.Page, "taken-na-aanmelden");
        }

        // Over TLS every cookie the pages set carries Secure as well.
        await using var tls = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "walkcookiestls");
        var client = tls.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/"), AllowAutoRedirect = false, HandleCookies = false });
        var signInPage = await client.GetAsync("/aanmelden");
        var setCookies = signInPage.Headers.GetValues("Set-Cookie").ToList();
        var html = await signInPage.Content.ReadAsStringAsync();
        var field = System.Text.RegularExpressions.Regex.Match(html, "name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/aanmelden")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value), ["userName"] = "informatieprofessional.bzk", ["returnUrl"] = "/",
            }),
        };
        post.Headers.Add("Origin", "https://localhost");
        post.Headers.Add("Cookie", string.Join("; ", setCookies.Select(c => c.Split(';')[0])));
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        setCookies.AddRange(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains(setCookies, c => c.StartsWith(AuthSchemes.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains(setCookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        foreach (var c in setCookies)
        {
            var attributes = c.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.True(attributes.Contains("secure") && attributes.Contains("httponly") && attributes.Contains("samesite=strict"), c.Split('=')[0] + ": " + string.Join("; ", attributes));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_review_shows_each_messages_attachments_by_name_and_says_when_the_export_left_the_file_out(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "walkattachments");
        string[] chat =
        [
            .. ReadOutPageWorld.WorkChat,
            "02-02-2024 13:20 - Sanne de Vries: IMG-20240202-WA0003.jpg (bestand bijgevoegd)",
            "02-02-2024 13:21 - Sanne de Vries: Kaart-gebieden.pdf (bestand bijgevoegd)",
        ];
        // The phone's zip: the chat and the photo; the map was not exported with it.
        var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var entry = archive.CreateEntry("WhatsApp-chat met Sanne de Vries.txt").Open()) await entry.WriteAsync(ReadOutPageWorld.Chat(chat));
            await using (var entry = archive.CreateEntry("IMG-20240202-WA0003.jpg").Open()) await entry.WriteAsync(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0, 1, 0xFF, 0xD9 });
        }
        zip.Position = 0;
        await w.Service.RegisterUploadsAsync(w.ReadOut.Id, [new ExportUpload("WhatsApp-chat met Sanne de Vries.zip", "whatsapp", zip)], Professional);
        await w.Service.IngestAsync(w.ReadOut.Id);
        await w.Service.SuggestAsync(w.ReadOut.Id, w.ReadOut.Policy);

        var html = WebUtility.HtmlDecode(await (await w.BrowserAsync("informatieprofessional.bzk")).GetStringAsync($"/uitlezingen/{w.ReadOut.Id}/beoordelen"));
        Assert.Contains("<p class=\"message-attachments\">Bijlage: IMG-20240202-WA0003.jpg</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"message-attachments\">Bijlage: Kaart-gebieden.pdf (niet in de export)</p>", html, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "class=\"message-attachments\""));
        // Staff with an overview see counts, not attachments.
        Assert.DoesNotContain("IMG-20240202-WA0003.jpg", await (await w.BrowserAsync("auditor")).GetStringAsync($"/uitlezingen/{w.ReadOut.Id}/beoordelen"), StringComparison.Ordinal);
    }

    private static async Task AssertUnknownRefusedAsync(IPage page)
    {
        var alert = page.Locator(".message-error[role=alert]");
        await alert.WaitForAsync();
        var refusal = await alert.InnerTextAsync();
        Assert.Contains("is niet herkend", refusal, StringComparison.Ordinal);
        Assert.Contains("Er is niets opgeslagen.", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("--format", refusal, StringComparison.Ordinal);
    }

    /// <summary>No message text, sender or contact name of the tests' chats in <paramref name="html"/>.</summary>
    private static void AssertNoContent(string html, string where)
    {
        var text = WebUtility.HtmlDecode(html);
        foreach (var line in ReadOutPageWorld.WorkChat.Concat(ReadOutPageWorld.FamilyChat))
        {
            var body = line[(line.IndexOf(": ", line.IndexOf(" - ", StringComparison.Ordinal), StringComparison.Ordinal) + 2)..];
            Assert.False(text.Contains(body, StringComparison.Ordinal), $"{where} shows a message text");
        }
        foreach (var name in new[] { "Sanne de Vries", "Tante Ria", "verjaardag", "stikstofruimte" })
        {
            Assert.False(text.Contains(name, StringComparison.OrdinalIgnoreCase), $"{where} shows '{name}'");
        }
    }

    /// <summary>Decides the work chat business and the family chat private, and offers the read-out.</summary>
    private static async Task OfferAsync(ReadOutPageWorld w, long id)
    {
        var conversations = await w.Server.Services.GetRequiredService<ReadOutQueries>().ConversationsAsync(id);
        var work = conversations.Single(c => c.Messages == 3).Id.ToString(CultureInfo.InvariantCulture);
        await w.Service.DecideAsync(id, new DecisionRequest(DecisionScope.Conversation, work, MessageLabel.Business, null, Professional));
        await w.Service.DecideAsync(id, new DecisionRequest(DecisionScope.Contact, "Tante Ria", MessageLabel.Private, null, Professional));
        Assert.Equal(ReadOutStage.Offered, (await w.Service.OfferForValidationAsync(id, Professional)).Stage);
    }

    /// <summary>A read-out of JenV's first officeholder with one work chat of three messages, read in.</summary>
    private static async Task<long> JenvReadOutAsync(ReadOutPageWorld w)
    {
        var department = await w.Server.DepartmentAsync("JenV");
        long officeholder;
        await using (var db = w.Server.CreateDbContext())
        {
            officeholder = await db.Set<Officeholder>().Where(o => o.DepartmentId == department.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }
        var policy = new DepartmentPolicy(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true);
        var ro = await w.Service.CreateAsync(new CreateReadOut(new StepKey("wf-web-walk-jenv", "uitlezing"), officeholder, "whatsapp", policy, Roles.Officeholder, Professional));
        string[] chat =
        [
            "05-02-2024 10:00 - Joost Bakker: De Handhaving meldt dat het rapport over de gevangeniscapaciteit vrijdag komt.",
            "05-02-2024 10:04 - Minister: Graag een samenvatting vooraf.",
            "06-02-2024 16:30 - Joost Bakker: Samenvatting staat in de map van het kabinet.",
        ];
        await w.Service.RegisterUploadsAsync(ro.Id, [new ExportUpload("WhatsApp-chat met Joost Bakker.txt", "whatsapp", new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", chat) + "\n")))], Professional);
        await w.Service.IngestAsync(ro.Id);
        await w.Service.SuggestAsync(ro.Id, ro.Policy);
        return ro.Id;
    }
}
