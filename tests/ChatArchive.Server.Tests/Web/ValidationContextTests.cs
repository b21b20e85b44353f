using System.Globalization;
using System.Net;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The validation page shows each offered message in its conversation: the two messages before and after it (chat order),
/// nothing further away, nothing of another conversation, and an offered neighbour only once (as its own item).
/// Synthetic chat written for this test (fictional people).
/// </summary>
public sealed class ValidationContextTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private const string Birthday = "Gefeliciteerd met je verjaardag, fijne dag met de kinderen!";

    private static readonly string[] Chat =
    [
        "03-02-2024 09:00 - Sanne de Vries: Eerste bericht over de weekplanning.",
        "03-02-2024 09:01 - Sanne de Vries: De nota over de Omgevingswet ligt klaar.",
        "03-02-2024 09:02 - Minister: Ik kijk er vanavond naar.",
        "03-02-2024 09:03 - Sanne de Vries: " + Birthday,
        "03-02-2024 09:04 - Minister: Dank je, lief dat je eraan denkt!",
        "03-02-2024 09:05 - Sanne de Vries: Morgen om tien uur het overleg met de gemeente.",
        "03-02-2024 09:06 - Sanne de Vries: Laatste bericht, de agenda volgt.",
    ];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Officeholder_sees_the_two_messages_before_and_after_an_offered_message_of_that_conversation_only(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "webcontext");
        var id = w.ReadOut.Id;
        await w.IngestAsync(("WhatsApp-chat met Sanne de Vries.txt", Chat), ("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        var queries = w.Server.Services.GetRequiredService<ReadOutQueries>();
        var all = (await queries.MessagesAsync(id, new MessageQuery(PageSize: 100))).Items;
        Assert.Equal(9, all.Count);
        var professional = new Actor("0", ChatArchive.Domain.Registry.Roles.InformationProfessional);
        // Only the birthday wish is private; the rest of both chats is business.
        var birthday = all.Single(m => m.Text == Birthday);
        foreach (var m in all)
        {
            var label = m.Id == birthday.Id ? MessageLabel.Private : MessageLabel.Business;
            await w.Service.DecideAsync(id, new DecisionRequest(DecisionScope.Message, m.Id.ToString(CultureInfo.InvariantCulture), label, null, professional));
        }
        Assert.Equal(ReadOutStage.Offered, (await w.Service.OfferForValidationAsync(id, professional)).Stage);

        var context = await queries.ContextAsync(id, birthday.Id, 2);
        Assert.Equal(["De nota over de Omgevingswet ligt klaar.", "Ik kijk er vanavond naar.", "Dank je, lief dat je eraan denkt!", "Morgen om tien uur het overleg met de gemeente."],
            context.Select(c => c.Text).ToArray());
        Assert.Equal([true, true, false, false], context.Select(c => c.Before).ToArray());
        Assert.Empty(await queries.ContextAsync(id, birthday.Id + 1_000_000, 2));

        var minister = await w.BrowserAsync("bewindspersoon.bzk.1");
        var page = await minister.GetAsync($"/uitlezingen/{id}/valideren");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains(Birthday, html);
        Assert.Contains("Berichten ervoor in dit gesprek", html);
        Assert.Contains("Berichten erna in dit gesprek", html);
        // The window is two either side, in chat order around the offered message.
        var order = new[] { "De nota over de Omgevingswet ligt klaar.", "Ik kijk er vanavond naar.", Birthday, "Dank je, lief dat je eraan denkt!", "Morgen om tien uur het overleg met de gemeente." }
            .Select(t => html.IndexOf(t, StringComparison.Ordinal)).ToArray();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.Order().ToArray(), order);
        Assert.DoesNotContain("Eerste bericht over de weekplanning.", html);
        Assert.DoesNotContain("Laatste bericht, de agenda volgt.", html);
        // Nothing of the other conversation.
        Assert.DoesNotContain("Tante Ria", html);
        Assert.DoesNotContain("lieve tante", html);

        // The professional still cannot open the validation page, another officeholder finds nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await w.BrowserAsync("informatieprofessional.bzk")).GetAsync($"/uitlezingen/{id}/valideren")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await w.BrowserAsync("bewindspersoon.bzk.2")).GetAsync($"/uitlezingen/{id}/valideren")).StatusCode);
    }
}
