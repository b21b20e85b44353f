using System.Globalization;
using System.Net;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// What the acceptance journey needs beyond the earlier pages: a validation verdict and a checklist item saved one at a
/// time (htmx replaces only that part with JavaScript under the strict CSP; without JavaScript the same button posts the
/// page), the review's bulk decision per current filter (one transaction, on both providers), the upload page's state
/// while the workflow reads the export in (htmx polling, or a refresh link without JavaScript), and the exit checklist
/// of the published departure workflow (kind "vertrek") showing the final read-out section.
/// </summary>
public sealed class JourneyGapTests
{
    private static readonly Actor Professional = new("0", Roles.InformationProfessional);

    /// <summary>Reads in both chats, decides the work chat business and the family chat private, offers the read-out.</summary>
    private static async Task<ReadOutPageWorld> OfferedAsync(DatabaseProvider provider, string purpose)
    {
        var w = await ReadOutPageWorld.CreateAsync(provider, purpose, kestrel: true);
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var conversations = await w.Server.Services.GetRequiredService<ReadOutQueries>().ConversationsAsync(w.ReadOut.Id);
        var work = conversations.Single(c => c.Messages == 3).Id.ToString(CultureInfo.InvariantCulture);
        await w.Service.DecideAsync(w.ReadOut.Id, new DecisionRequest(DecisionScope.Conversation, work, MessageLabel.Business, null, Professional));
        await w.Service.DecideAsync(w.ReadOut.Id, new DecisionRequest(DecisionScope.Contact, "Tante Ria", MessageLabel.Private, null, Professional));
        Assert.Equal(ReadOutStage.Offered, (await w.Service.OfferForValidationAsync(w.ReadOut.Id, Professional)).Stage);
        return w;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Validation_verdicts_are_saved_one_message_at_a_time_with_htmx_and_without_javascript(bool javaScript)
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var w = await OfferedAsync(DatabaseProvider.Sqlite, "journeyvalidate" + (javaScript ? "js" : "nojs"));
        var id = w.ReadOut.Id;
        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress, javaScript, enforceCsp: true);
        var page = browser.Page;
        await StudioBrowser.SignInAsync(page, "bewindspersoon.bzk.1");
        await page.GotoAsync($"/uitlezingen/{id}/valideren");
        if (javaScript) await page.EvaluateAsync("() => { window.__zelfdePagina = true; }");
        var posts = HtmxBrowserTests.Posts.Watch(page);
        var items = page.Locator("fieldset.validation-item");
        Assert.Equal(2, await items.CountAsync());

        // The second message (the reply): Niet akkoord without a note is refused at that message; nothing is stored.
        var reply = items.Nth(1);
        var replyId = (await reply.GetAttributeAsync("id"))!;
        await reply.GetByLabel("Niet akkoord", new() { Exact = true }).CheckAsync();
        await reply.GetByRole(AriaRole.Button, new() { Name = "Oordeel over dit bericht opslaan" }).ClickAsync();
        await page.Locator($"#{replyId}").GetByText("Schrijf bij Niet akkoord waarom").WaitForAsync();
        var state = (await w.Service.GetAsync(id))!;
        Assert.Equal((2L, 0L), (state.AwaitingValidation, state.Disputed));

        // With the note it is saved on its own; the read-out waits for the other verdict.
        reply = page.Locator($"#{replyId}");
        await reply.GetByLabel("Niet akkoord", new() { Exact = true }).CheckAsync();
        await reply.GetByLabel("Toelichting (verplicht bij Niet akkoord)").FillAsync("Dit hoort bij het werk.");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Oordeel over dit bericht opslaan" }).ClickAsync();
        if (javaScript) await page.Locator($"#{replyId}").GetByText("is opgeslagen").WaitForAsync();
        else await page.GetByText("1 oordeel(en) opgeslagen").WaitForAsync();
        state = (await w.Service.GetAsync(id))!;
        Assert.Equal((ReadOutStage.Offered, 1L), (state.Stage, state.AwaitingValidation));

        // The first message: Akkoord, saved on its own; that finishes the validation (one disputed message goes back).
        var first = page.Locator("fieldset.validation-item").First;
        await first.GetByLabel("Akkoord", new() { Exact = true }).CheckAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Oordeel over dit bericht opslaan" }).ClickAsync();
        await page.GetByText("gaan met uw toelichting terug").WaitForAsync();
        state = (await w.Service.GetAsync(id))!;
        Assert.Equal((0L, 1L), (state.AwaitingValidation, state.Disputed));
        // A screenshot only: axe-core cannot be injected under the enforced CSP (the journey test runs it on these pages).
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, $"journey-valideren-per-bericht-{(javaScript ? "js" : "zonder-js")}.png"));

        Assert.Equal(3, posts.Seen.Count);
        Assert.All(posts.Seen, p => Assert.Contains("handler=Een", p.Url, StringComparison.Ordinal));
        if (javaScript)
        {
            Assert.All(posts.Seen, p => Assert.Equal((false, true), (p.Navigation, p.Htmx)));
            Assert.True(await page.EvaluateAsync<bool>(HtmxBrowserTests.Marker));
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
    public async Task Checklist_items_are_confirmed_one_by_one_with_htmx_and_without_javascript(bool javaScript)
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "journeychecklist" + (javaScript ? "js" : "nojs"), kestrel: true);
        var checklist = await w.DepartureChecklistAsync();
        var checklists = w.Server.Services.GetRequiredService<ChecklistService>();
        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress, javaScript, enforceCsp: true);
        var page = browser.Page;
        await StudioBrowser.SignInAsync(page, "bewindspersoon.bzk.1");
        await page.GotoAsync($"/checklists/{checklist.Id}");
        await page.GetByText("0 van 2 punten beantwoord").WaitForAsync();
        if (javaScript) await page.EvaluateAsync("() => { window.__zelfdePagina = true; }");
        var posts = HtmxBrowserTests.Posts.Watch(page);

        // Niet gedaan without a reason is refused at that item; nothing is stored.
        var first = page.Locator("#punt-prive-gescheiden");
        await first.GetByLabel("Niet gedaan", new() { Exact = true }).CheckAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Dit punt vastleggen" }).ClickAsync();
        await page.Locator("#punt-prive-gescheiden").GetByText("Schrijf waarom het niet is gedaan").WaitForAsync();
        Assert.All((await checklists.GetAsync(checklist.Id))!.Items, i => Assert.Null(i.Confirmed));

        // With a reason: saved, the count follows; then the second item.
        first = page.Locator("#punt-prive-gescheiden");
        await first.GetByLabel("Niet gedaan", new() { Exact = true }).CheckAsync();
        await first.GetByLabel("Waarom niet (verplicht bij Niet gedaan)").FillAsync("Het tweede toestel wordt volgende week geleverd.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Dit punt vastleggen" }).ClickAsync();
        await page.Locator("#punt-prive-gescheiden").GetByText("Opgeslagen: niet gedaan.").WaitForAsync();
        await page.GetByText("1 van 2 punten beantwoord").WaitForAsync();
        var second = page.Locator("#punt-geen-mee");
        await second.GetByLabel("Gedaan", new() { Exact = true }).CheckAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Dit punt vastleggen" }).ClickAsync();
        await page.Locator("#punt-geen-mee").GetByText("Opgeslagen: gedaan.").WaitForAsync();
        await page.GetByText("2 van 2 punten beantwoord").WaitForAsync();
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, $"journey-checklist-per-punt-{(javaScript ? "js" : "zonder-js")}.png"));

        var stored = (await checklists.GetAsync(checklist.Id))!;
        Assert.False(stored.Completed);
        Assert.Equal(new bool?[] { false, true }, stored.Items.Select(i => i.Confirmed).ToArray());
        Assert.Equal("Het tweede toestel wordt volgende week geleverd.", stored.Items[0].Reason);
        Assert.Equal(3, posts.Seen.Count);
        Assert.All(posts.Seen, p => Assert.Contains("handler=Punt", p.Url, StringComparison.Ordinal));
        if (javaScript)
        {
            Assert.All(posts.Seen, p => Assert.Equal((false, true), (p.Navigation, p.Htmx)));
            Assert.True(await page.EvaluateAsync<bool>(HtmxBrowserTests.Marker));
        }
        else
        {
            Assert.All(posts.Seen, p => Assert.Equal((true, false), (p.Navigation, p.Htmx)));
        }

        // Completing keeps the answers given one by one.
        await page.GetByLabel("Alle punten zijn beantwoord: checklist afronden").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await page.GetByText("De checklist is afgerond").WaitForAsync();
        stored = (await checklists.GetAsync(checklist.Id))!;
        Assert.True(stored.Completed);
        Assert.Equal(new bool?[] { false, true }, stored.Items.Select(i => i.Confirmed).ToArray());
        Assert.Empty(browser.Errors);
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bulk_per_current_filter_decides_every_open_message_the_filter_finds_in_one_transaction(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "journeybulkfilter");
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var id = w.ReadOut.Id;
        var client = await w.BrowserAsync("informatieprofessional.bzk");

        // The page offers the bulk only with a filter, naming how many open messages it would decide.
        var unfiltered = await client.GetStringAsync($"/uitlezingen/{id}/beoordelen");
        Assert.DoesNotContain("id=\"bulk-filter\"", unfiltered, StringComparison.Ordinal);
        var filtered = await client.GetStringAsync($"/uitlezingen/{id}/beoordelen?zoek=tante");
        Assert.Contains("Label voor alle 2 open berichten die dit filter vindt", filtered, StringComparison.Ordinal);

        // Without a filter the post is refused in Dutch and nothing changes.
        var (status, html) = await ReadOutPageWorld.PostAsync(client, $"/uitlezingen/{id}/beoordelen?handler=Decide", ReadOutPageWorld.Token(unfiltered),
            ("scope", "filter"), ("target", "filter"), ("label", "private"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Kies eerst een filter", html, StringComparison.Ordinal);
        Assert.Equal(5, (await w.Service.GetAsync(id))!.Undecided);

        // Text search "tante": the birthday wish and the reply, both private, in one post; the work chat stays open.
        (status, html) = await ReadOutPageWorld.PostAsync(client, $"/uitlezingen/{id}/beoordelen?handler=Decide", ReadOutPageWorld.Token(filtered),
            ("scope", "filter"), ("target", "filter"), ("label", "private"), ("zoek", "tante"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2 berichten beoordeeld.", html, StringComparison.Ordinal);
        var state = (await w.Service.GetAsync(id))!;
        Assert.Equal(3, state.Undecided);
        var family = await w.Server.Services.GetRequiredService<ReadOutQueries>().MessagesAsync(id, new MessageQuery(Contact: "Tante Ria"));
        Assert.All(family.Items, m => Assert.Equal(MessageLabel.Private, m.Label));

        // The service refuses the whole set when one chosen message was decided meanwhile: nothing half-written.
        var work = await w.Server.Services.GetRequiredService<ReadOutQueries>().MessagesAsync(id, new MessageQuery(Undecided: true));
        var mixed = string.Join(",", work.Items.Select(m => m.Id).Append(family.Items[0].Id));
        var refused = await Assert.ThrowsAsync<ReadOutException>(() =>
            w.Service.DecideAsync(id, new DecisionRequest(DecisionScope.Messages, mixed, MessageLabel.Business, null, Professional)));
        Assert.Equal(ReadOutProblem.OutOfOrder, refused.Problem);
        Assert.Equal(3, (await w.Service.GetAsync(id))!.Undecided);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_page_polls_while_the_workflow_reads_in_and_shows_the_summary_afterwards_also_without_javascript(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "journeyuploadstate");
        var id = w.ReadOut.Id;
        var client = await w.BrowserAsync("informatieprofessional.bzk");
        await w.Service.RegisterUploadsAsync(id, [
            new ExportUpload("WhatsApp-chat met Sanne de Vries.txt", "whatsapp", new MemoryStream(ReadOutPageWorld.Chat(ReadOutPageWorld.WorkChat))),
            new ExportUpload("WhatsApp-chat met Tante Ria.txt", "whatsapp", new MemoryStream(ReadOutPageWorld.Chat(ReadOutPageWorld.FamilyChat))),
        ], Professional);

        // Uploaded, not yet read in: progress text, a refresh link for a browser without JavaScript, htmx polling.
        var response = await client.GetAsync($"/uitlezingen/{id}/upload");
        var waiting = await response.Content.ReadAsStringAsync();
        Assert.Contains("De werkstroom leest de export in (2 bestanden ontvangen, nog geen berichten ingelezen)", waiting, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"utrecht-link\" href=\"/uitlezingen/{id}/upload\">Vernieuwen</a>", waiting, StringComparison.Ordinal);
        Assert.Contains($"hx-get=\"/uitlezingen/{id}/upload?handler=Stand\" hx-trigger=\"every 2s\"", waiting, StringComparison.Ordinal);
        // The strict CSP of these pages: scripts from this site only, none inline, no eval.
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", waiting, StringComparison.Ordinal);

        // The polled part alone (no layout), still polling.
        var part = await client.GetStringAsync($"/uitlezingen/{id}/upload?handler=Stand");
        Assert.StartsWith("<section id=\"upload-stand\"", part.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", part, StringComparison.Ordinal);
        Assert.Contains("hx-trigger=\"every 2s\"", part, StringComparison.Ordinal);

        // Read in, no findings to answer, suggestions not yet stored (the workflow's next step): the counts are already right
        // (they come from the ingested messages, not from the suggestions), and the part keeps polling until the review can start.
        await w.Service.IngestAsync(id);
        Assert.Equal(ReadOutStage.Ingested, (await w.Service.GetAsync(id))!.Stage);
        foreach (var ingested in new[] { await client.GetStringAsync($"/uitlezingen/{id}/upload"), await client.GetStringAsync($"/uitlezingen/{id}/upload?handler=Stand") })
        {
            AssertCounts(ingested, messages: 5, conversations: 2);
            Assert.Contains("suggesties worden gemaakt", ingested, StringComparison.Ordinal);
            Assert.Contains($"hx-get=\"/uitlezingen/{id}/upload?handler=Stand\" hx-trigger=\"every 2s\"", ingested, StringComparison.Ordinal);
            Assert.DoesNotContain("Naar de beoordeling", ingested, StringComparison.Ordinal);
        }

        // Suggested: the same counts, the way to the review, and the polling stops.
        await w.Service.SuggestAsync(id, w.ReadOut.Policy);
        foreach (var done in new[] { await client.GetStringAsync($"/uitlezingen/{id}/upload"), await client.GetStringAsync($"/uitlezingen/{id}/upload?handler=Stand") })
        {
            AssertCounts(done, messages: 5, conversations: 2);
            Assert.DoesNotContain("hx-trigger", done, StringComparison.Ordinal);
            Assert.DoesNotContain("suggesties worden gemaakt", done, StringComparison.Ordinal);
            Assert.Contains($"href=\"/uitlezingen/{id}/beoordelen\">Naar de beoordeling</a>", done, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Upload_page_stops_polling_and_points_to_the_findings_while_the_workflow_waits_for_their_answer(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "journeyuploadfindings");
        var id = w.ReadOut.Id;
        var client = await w.BrowserAsync("informatieprofessional.bzk");
        // Disappearing messages switched on: a finding the professional must answer before the workflow suggests labels.
        await w.Service.RegisterUploadsAsync(id, [
            new ExportUpload("WhatsApp-chat met Tante Ria.txt", "whatsapp", new MemoryStream(ReadOutPageWorld.Chat([.. ReadOutPageWorld.FamilyChat,
                "10-02-2024 08:20 - Tante Ria turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent."]))),
        ], Professional);
        await w.Service.IngestAsync(id);
        var state = (await w.Service.GetAsync(id))!;
        Assert.Equal(ReadOutStage.Ingested, state.Stage);
        Assert.True(state.OpenFindings > 0, "the export should give a finding that needs an answer");

        var html = await client.GetStringAsync($"/uitlezingen/{id}/upload?handler=Stand");
        AssertCounts(html, messages: 2, conversations: 1);
        Assert.DoesNotContain("hx-trigger", html, StringComparison.Ordinal);
        Assert.DoesNotContain("suggesties worden gemaakt", html, StringComparison.Ordinal);
        Assert.Contains("Beantwoord eerst de bevindingen", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/uitlezingen/{id}/bevindingen\">Bevindingen beantwoorden</a>", html, StringComparison.Ordinal);
    }

    /// <summary>The state part's "Ingelezen berichten" and "Gesprekken".</summary>
    private static void AssertCounts(string html, int messages, int conversations)
    {
        Assert.Matches(new System.Text.RegularExpressions.Regex($"<dt>Ingelezen berichten</dt>\\s*<dd>{messages}</dd>"), html);
        Assert.Matches(new System.Text.RegularExpressions.Regex($"<dt>Gesprekken</dt>\\s*<dd>{conversations}</dd>"), html);
    }

    [Fact]
    public async Task The_exit_checklist_of_the_published_departure_workflow_shows_the_final_read_out_section()
    {
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "journeyvertrek");
        // The published departure workflow's Checklist step names its kind "vertrek" (workflows/departure.json).
        var checklist = await w.Server.Services.GetRequiredService<ChecklistService>().CreateAsync(new CreateChecklist(new StepKey("wf-web-vertrek-nl", "vertrek"),
            w.Minister, "vertrek", "Vertrek: informatie scheiden en achterlaten", ReadOutPageWorld.Departure, Roles.Officeholder, Professional));
        var client = await w.BrowserAsync("bewindspersoon.bzk.1");
        var html = await client.GetStringAsync($"/checklists/{checklist.Id}");
        Assert.Contains("<h2 class=\"utrecht-heading-2\" id=\"laatste-uitlezing\">Laatste uitlezing</h2>", html, StringComparison.Ordinal);
        Assert.Contains("De laatste uitlezing is nog niet gepland", html, StringComparison.Ordinal);
        // An onboarding checklist has no such section.
        var intake = await w.Server.Services.GetRequiredService<ChecklistService>().CreateAsync(new CreateChecklist(new StepKey("wf-web-aantreden", "aantreden"),
            w.Minister, "aantreden", "Aantreden", ReadOutPageWorld.Departure, Roles.Officeholder, Professional));
        Assert.DoesNotContain("Laatste uitlezing", await client.GetStringAsync($"/checklists/{intake.Id}"), StringComparison.Ordinal);
    }
}
