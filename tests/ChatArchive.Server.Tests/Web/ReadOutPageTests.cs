using System.Globalization;
using System.Net;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;
using ChatArchive.Web;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Web;

/// <summary>The read-out pages over HTTP on PostgreSQL and SQLite: upload, review (schonen), validation, findings, checklist.</summary>
public sealed class ReadOutPageTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Upload_page_shows_the_detected_format_and_refuses_a_missing_channel_an_unknown_export_and_a_too_large_file_storing_nothing(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "webupload");
        var id = w.ReadOut.Id;
        var professional = await w.BrowserAsync("informatieprofessional.bzk");
        var url = $"/uitlezingen/{id}/upload";
        var page = await professional.GetStringAsync(url);
        Assert.Contains("Export uploaden", page);
        Assert.Contains("ten hoogste", page);
        var token = ReadOutPageWorld.Token(page);

        var noChannel = await professional.PostAsync(url, ReadOutPageWorld.Files(token, ("file0", "WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.Chat(ReadOutPageWorld.WorkChat), null)));
        Assert.Equal(HttpStatusCode.BadRequest, noChannel.StatusCode);
        Assert.Contains("Kies bij bestand 1", await noChannel.Content.ReadAsStringAsync());

        var unknown = await professional.PostAsync(url, ReadOutPageWorld.Files(token, ("file0", "export.bin", [0x00, 0x01, 0x02, 0xFF, 0xFE], "whatsapp")));
        Assert.True(unknown.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{(int)unknown.StatusCode}");
        Assert.Contains("message-error", await unknown.Content.ReadAsStringAsync());

        var tooLarge = await professional.PostAsync(url, ReadOutPageWorld.Files(token, ("file0", "groot.txt", new byte[400_000], "whatsapp")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("Bestand te groot", await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal(0, (await w.Service.GetAsync(id))!.Uploads);

        var ok = await professional.PostAsync(url, ReadOutPageWorld.Files(token,
            ("file0", "WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.Chat(ReadOutPageWorld.WorkChat), "whatsapp"),
            ("file1", "WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.Chat(ReadOutPageWorld.FamilyChat), "whatsapp")));
        var html = await ok.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("2 bestand(en) ontvangen", html);
        Assert.Contains("WhatsApp-chat met Tante Ria.txt", html);
        Assert.Contains("upload-format", html);
        var state = (await w.Service.GetAsync(id))!;
        Assert.Equal(2, state.Uploads);
        Assert.Equal(ReadOutStage.Uploaded, state.Stage);

        // Another department's professional does not find it; an auditor may not upload.
        var jenv = await w.BrowserAsync("informatieprofessional.jenv");
        Assert.Equal(HttpStatusCode.NotFound, (await jenv.GetAsync(url)).StatusCode);
        var auditor = await w.BrowserAsync("auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync(url)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Professional_reviews_with_filters_and_bulk_decisions_offers_and_the_officeholder_disputes_one_message_with_a_note(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "webreview");
        var id = w.ReadOut.Id;
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var professional = await w.BrowserAsync("informatieprofessional.bzk");
        var url = $"/uitlezingen/{id}/beoordelen";

        var review = await professional.GetStringAsync(url);
        Assert.Contains("0 van 5 berichten beoordeeld", review);
        Assert.Contains(WebUtility.HtmlEncode(ReadOutPageWorld.PrivateText), review);
        Assert.Contains("Voorstel:", review);
        Assert.DoesNotContain("Aanbieden ter validatie</button>", review);
        Assert.Contains("1 berichten gevonden", await professional.GetStringAsync(url + "?zoek=stikstof"));
        Assert.Contains("2 berichten gevonden", await professional.GetStringAsync(url + "?contact=Tante%20Ria"));

        var conversations = await w.Server.Services.GetRequiredService<ReadOutQueries>().ConversationsAsync(id);
        var work = conversations.Single(c => c.Title.Contains("Sanne", StringComparison.Ordinal)).Id.ToString(CultureInfo.InvariantCulture);
        var token = ReadOutPageWorld.Token(review);

        // Without a token nothing changes.
        var forged = await professional.PostAsync(url + "?handler=Decide", new FormUrlEncodedContent([new("scope", "conversation"), new("target", work), new("label", "business")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(5, (await w.Service.GetAsync(id))!.Undecided);
        // A label that does not exist is refused in Dutch, nothing changes.
        var (badStatus, badHtml) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Decide", token, ("scope", "conversation"), ("target", work), ("label", "geheim"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("Kies zakelijk, privé of partijpolitiek", WebUtility.HtmlDecode(badHtml));
        Assert.Equal(5, (await w.Service.GetAsync(id))!.Undecided);

        var (status, html) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Decide", token, ("scope", "conversation"), ("target", work), ("label", "business"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("3 berichten beoordeeld.", html);
        Assert.Contains("3 van 5 berichten beoordeeld", html);
        (status, html) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Decide", ReadOutPageWorld.Token(html), ("scope", "contact"), ("target", "Tante Ria"), ("label", "private"));
        Assert.Contains("5 van 5 berichten beoordeeld", html);
        Assert.Contains("Aanbieden ter validatie</button>", html);
        (status, html) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Offer", ReadOutPageWorld.Token(html));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Aangeboden ter validatie", html);
        Assert.Equal(ReadOutStage.Offered, (await w.Service.GetAsync(id))!.Stage);

        // An auditor sees counts, never text or names; another department does not find the read-out.
        var auditorHtml = await (await w.BrowserAsync("auditor")).GetStringAsync(url);
        Assert.Contains("niet de inhoud van de berichten", auditorHtml);
        Assert.DoesNotContain("verjaardag", auditorHtml);
        Assert.DoesNotContain("Tante Ria", auditorHtml);
        Assert.Equal(HttpStatusCode.NotFound, (await (await w.BrowserAsync("informatieprofessional.jenv")).GetAsync(url)).StatusCode);

        // The officeholder sees only the offered messages; the professional may not validate; another officeholder finds nothing.
        var minister = await w.BrowserAsync("bewindspersoon.bzk.1");
        var validation = $"/uitlezingen/{id}/valideren";
        var offered = await minister.GetStringAsync(validation);
        Assert.Contains(WebUtility.HtmlEncode(ReadOutPageWorld.PrivateText), offered);
        Assert.DoesNotContain("stikstof", offered);
        Assert.Equal(HttpStatusCode.Forbidden, (await minister.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.GetAsync(validation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await w.BrowserAsync("bewindspersoon.bzk.2")).GetAsync(validation)).StatusCode);

        var messages = await w.Server.Services.GetRequiredService<ReadOutQueries>().MessagesAsync(id, new MessageQuery(AwaitingValidation: true));
        Assert.Equal(2, messages.Items.Count);
        var (agreed, disputed) = (messages.Items[0].Id, messages.Items[1].Id);
        var vtoken = ReadOutPageWorld.Token(offered);
        // Niet akkoord without a note: refused, nothing stored.
        (status, html) = await ReadOutPageWorld.PostAsync(minister, validation, vtoken, ($"oordeel-{agreed}", "akkoord"), ($"oordeel-{disputed}", "niet-akkoord"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Er is nog niets opgeslagen", html);
        Assert.Equal(0, (await w.Service.GetAsync(id))!.Disputed);
        (status, html) = await ReadOutPageWorld.PostAsync(minister, validation, vtoken, ($"oordeel-{agreed}", "akkoord"), ($"oordeel-{disputed}", "niet-akkoord"),
            ($"toelichting-{disputed}", "Dit is een zakelijke afspraak."));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("gaan met uw toelichting terug", html);
        Assert.Equal([disputed], await w.Service.ReturnDisputedAsync(id));
        Assert.Contains("Dit is een zakelijke afspraak.", await professional.GetStringAsync(url + "?open=true"));

        // Every page that showed text left a content-read event (review per conversation opened, validation); the auditor's view did not.
        Assert.Contains("stikstofruimte", await professional.GetStringAsync(url + "?gesprek=" + work));
        var reads = new List<ChatArchive.Persistence.Audit.AuditEvent>();
        await foreach (var e in w.Server.Services.GetRequiredService<ChatArchive.Persistence.Audit.IAuditTrail>().ReadAllAsync())
        {
            if (e.Action == ChatArchive.Persistence.Audit.AuditActions.ContentRead) reads.Add(e);
        }
        Assert.Contains(reads, e => e.ObjectId == $"{id}/conversation/{work}");
        Assert.Contains(reads, e => e.ObjectId == $"{id}/validation");
        Assert.DoesNotContain(reads, e => e.Role.Contains(ChatArchive.Domain.Registry.Roles.Auditor, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Findings_are_answered_on_their_page_and_a_departing_officeholder_completes_the_exit_checklist(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "webfindings");
        var id = w.ReadOut.Id;
        var ingest = await w.IngestAsync(("WhatsApp-chat met Tante Ria.txt",
            [.. ReadOutPageWorld.FamilyChat, "10-02-2024 08:20 - Tante Ria turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent."]));
        Assert.NotEmpty(ingest.Findings);
        var professional = await w.BrowserAsync("informatieprofessional.bzk");
        var url = $"/uitlezingen/{id}/bevindingen";
        var page = await professional.GetStringAsync(url);
        foreach (var f in ingest.Findings) Assert.Contains(WebUtility.HtmlEncode(ReadOutWords.Finding(f.Kind)), page);
        // Only findings that need an answer (here: disappearing messages switched on) count as open; informational ones do not.
        var needing = ingest.Findings.Where(f => f.NeedsAnswer).ToList();
        Assert.NotEmpty(needing);
        Assert.True(needing.Count < ingest.Findings.Count, "the export should also give an informational finding");
        var finding = needing[0].Id.ToString(CultureInfo.InvariantCulture);
        var token = ReadOutPageWorld.Token(page);

        var (status, html) = await ReadOutPageWorld.PostAsync(professional, url, token, ("findingId", finding), ("resolution", "besproken"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(needing.Count, (await w.Service.GetAsync(id))!.OpenFindings);
        (status, html) = await ReadOutPageWorld.PostAsync(professional, url, token, ("findingId", finding), ("resolution", "verklaard"), ("note", "Tante zette het zelf aan; besproken."));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Antwoord vastgelegd", html);
        Assert.Contains("Verklaard", html);
        Assert.Equal(needing.Count - 1, (await w.Service.GetAsync(id))!.OpenFindings);
        var auditor = await w.BrowserAsync("auditor");
        var auditorPage = await auditor.GetStringAsync(url);
        Assert.DoesNotContain("Antwoord vastleggen", auditorPage);
        (status, _) = await ReadOutPageWorld.PostAsync(auditor, url, ReadOutPageWorld.Token(auditorPage), ("findingId", finding), ("resolution", "besproken"), ("note", "x"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Tante zette het zelf aan", await professional.GetStringAsync(url));

        var checklist = await w.DepartureChecklistAsync();
        var cl = $"/checklists/{checklist.Id}";
        var minister = await w.BrowserAsync("bewindspersoon.bzk.1");
        var list = await minister.GetStringAsync(cl);
        Assert.Contains("Vertrekchecklist", list);
        Assert.Contains("Zakelijke informatie blijft bij het ministerie", list);
        var ctoken = ReadOutPageWorld.Token(list);
        (status, html) = await ReadOutPageWorld.PostAsync(minister, cl, ctoken, ("punt-prive-gescheiden", "ja"), ("punt-geen-mee", "nee"), ("complete", "true"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("schrijf waarom", html);
        Assert.All((await w.Server.Services.GetRequiredService<ChecklistService>().GetAsync(checklist.Id))!.Items, i => Assert.Null(i.Confirmed));
        (status, html) = await ReadOutPageWorld.PostAsync(minister, cl, ctoken, ("punt-prive-gescheiden", "ja"), ("punt-geen-mee", "ja"), ("complete", "true"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("De checklist is afgerond", html);
        Assert.True((await w.Server.Services.GetRequiredService<ChecklistService>().GetAsync(checklist.Id))!.Completed);

        Assert.Equal(HttpStatusCode.NotFound, (await (await w.BrowserAsync("bewindspersoon.bzk.2")).GetAsync(cl)).StatusCode);
        Assert.Contains("afgerond", await auditor.GetStringAsync(cl));
        Assert.Equal(HttpStatusCode.NotFound, (await (await w.BrowserAsync("informatieprofessional.jenv")).GetAsync(cl)).StatusCode);
    }
}
