using System.Globalization;
using System.Net;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Tests.Web;
using ChatArchive.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Audit;

/// <summary>
/// Decisions, offers and validations made in the web pages are audit events, as the same actions through the API are:
/// who (user id, role, department), which read-out, the outcome (a refusal shown on the page is "failed"); a post the
/// permission matrix refuses (a professional validating) or one without antiforgery token changed nothing and leaves no event. No message text or contact
/// name in any event. On PostgreSQL and SQLite.
/// </summary>
public sealed class AuditPageWritesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Review_decisions_offer_and_validation_in_the_pages_are_audit_events(DatabaseProvider provider)
    {
        // The node's chainer leaves events written in their writes' transactions alone (a read of the trail chains them).
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "auditpages",
            settings: new Dictionary<string, string?> { [AuditJournal.StagedChainIntervalKey] = "00:10:00" });
        var id = w.ReadOut.Id;
        var ro = id.ToString(CultureInfo.InvariantCulture);
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", ReadOutPageWorld.WorkChat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var professional = await w.BrowserAsync("informatieprofessional.bzk");
        var url = $"/uitlezingen/{id}/beoordelen";
        var review = await professional.GetStringAsync(url);
        var work = (await w.Server.Services.GetRequiredService<ReadOutQueries>().ConversationsAsync(id))
            .Single(c => c.Title.Contains("Sanne", StringComparison.Ordinal)).Id.ToString(CultureInfo.InvariantCulture);

        // No token: refused before the page ran, nothing changed, nothing recorded.
        var forged = await professional.PostAsync(url + "?handler=Decide", new FormUrlEncodedContent([new("scope", "conversation"), new("target", work), new("label", "business")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(await EventsAsync(w, AuditActions.ReviewDecision));

        var token = ReadOutPageWorld.Token(review);
        var (status, html) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Decide", token, ("scope", "conversation"), ("target", work), ("label", "geheim"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, html) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Decide", token, ("scope", "conversation"), ("target", work), ("label", "business"));
        Assert.Equal(HttpStatusCode.OK, status);
        (status, html) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Decide", ReadOutPageWorld.Token(html), ("scope", "contact"), ("target", "Tante Ria"), ("label", "private"));
        Assert.Equal(HttpStatusCode.OK, status);
        (status, html) = await ReadOutPageWorld.PostAsync(professional, url + "?handler=Offer", ReadOutPageWorld.Token(html));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ReadOutStage.Offered, (await w.Service.GetAsync(id))!.Stage);

        // The successful writes' events were committed in the writes' own transactions (the refused decision committed
        // nothing: its event goes the ordinary way).
        Assert.Equal(new[] { AuditActions.ReviewDecision, AuditActions.ReviewDecision, AuditActions.OfferForValidation }, await StagedAsync(w));

        var decisions = await EventsAsync(w, AuditActions.ReviewDecision);
        Assert.Empty(await StagedAsync(w)); // chained by the read
        Assert.Equal(new[] { AuditOutcomes.Failed, AuditOutcomes.Success, AuditOutcomes.Success }, decisions.Select(e => e.Outcome));
        Assert.All(decisions, e =>
        {
            Assert.Equal(("read-out", ro, "BZK"), (e.ObjectType, e.ObjectId, e.Department));
            Assert.Contains(ChatArchive.Domain.Registry.Roles.InformationProfessional, e.Role, StringComparison.Ordinal);
        });
        var offer = Assert.Single(await EventsAsync(w, AuditActions.OfferForValidation));
        Assert.Equal((ro, AuditOutcomes.Success, decisions[0].Actor), (offer.ObjectId, offer.Outcome, offer.Actor));

        // The officeholder validates; the professional may not (403: denied).
        var minister = await w.BrowserAsync("bewindspersoon.bzk.1");
        var validation = $"/uitlezingen/{id}/valideren";
        var offered = await minister.GetStringAsync(validation);
        var messages = await w.Server.Services.GetRequiredService<ReadOutQueries>().MessagesAsync(id, new MessageQuery(AwaitingValidation: true));
        var verdicts = messages.Items.Select(m => ($"oordeel-{m.Id}", "akkoord")).ToArray();
        var professionalToken = ReadOutPageWorld.Token(await professional.GetStringAsync(url));
        (status, _) = await ReadOutPageWorld.PostAsync(professional, validation, professionalToken, verdicts);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _) = await ReadOutPageWorld.PostAsync(minister, validation, ReadOutPageWorld.Token(offered), verdicts);
        Assert.Equal(HttpStatusCode.OK, status);
        // The professional's post is refused by the permission matrix before the page runs: it changed nothing and is not a
        // validation event; the officeholder's is.
        var validation1 = Assert.Single(await EventsAsync(w, AuditActions.Validation));
        Assert.Equal(AuditOutcomes.Success, validation1.Outcome);
        Assert.NotEqual(decisions[0].Actor, validation1.Actor);
        Assert.Contains(ChatArchive.Domain.Registry.Roles.Officeholder, validation1.Role, StringComparison.Ordinal);

        var all = new List<AuditEvent>();
        await foreach (var e in w.Server.Services.GetRequiredService<IAuditTrail>().ReadAllAsync()) all.Add(e);
        foreach (var e in all)
        {
            var text = string.Join("|", e.Actor, e.Role, e.Department, e.Action, e.ObjectType, e.ObjectId, e.Outcome);
            foreach (var secret in new[] { "Tante Ria", "Sanne", "verjaardag", "stikstof" }) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        Assert.Empty(AuditChain.Verify(all, [new AuditAnchor(all[^1].Sequence, all[^1].Hash, DateTimeOffset.UtcNow)]));
        Assert.Contains(("/Uitlezingen/Bevindingen", ""), AuditPageWritesFilter.Recorded);
    }

    private static async Task<List<string>> StagedAsync(ReadOutPageWorld w)
    {
        await using var conn = ChatArchive.Persistence.DatabaseSetup.CreateConnection(w.Server.Database);
        await conn.OpenAsync();
        await using var cmd = ChatArchive.Persistence.DbCommands.Create(conn, null, "SELECT action FROM audit_staged WHERE outcome = 'success' ORDER BY id");
        await using var r = await cmd.ExecuteReaderAsync();
        var actions = new List<string>();
        while (await r.ReadAsync()) actions.Add(r.GetString(0));
        return actions;
    }

    private static async Task<List<AuditEvent>> EventsAsync(ReadOutPageWorld w, string action)
    {
        var page = await w.Server.Services.GetRequiredService<IAuditTrail>().QueryAsync(new AuditQuery(Action: action, PageSize: 100));
        return [.. page.Items.OrderBy(e => e.Sequence)];
    }
}
