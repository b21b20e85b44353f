using System.Net;
using System.Text.RegularExpressions;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Web;

namespace ChatArchive.Server.Tests.Web;

/// <summary>The web application's pages over HTTP: start page, inbox, task page, claim/release with antiforgery, HTML errors, CSP.</summary>
public sealed partial class WebPageTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static async Task<(ServerFixture Server, string TaskId)> StartWithTaskAsync(DatabaseProvider provider, string purpose)
    {
        var server = await ServerFixture.StartAsync(provider, purpose: purpose);
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden minister BZK"), publish: true);
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(definition["definitionId"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");
        var professional = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        var tasks = ElsaAssert.Array(await ElsaAssert.OkObjectAsync(await professional.GetAsync("/api/tasks?voor=rol")), "items");
        return (server, ElsaAssert.Str(Assert.Single(tasks)!["id"]));
    }

    /// <summary>A client that behaves like a browser: signed in through the sign-in page, keeping its cookies, asking for HTML.</summary>
    internal static async Task<HttpClient> BrowserAsync(ServerFixture server, string userName)
    {
        var client = server.CreateAnonymousClient();
        var signIn = await client.GetStringAsync("/aanmelden");
        var field = Regex.Match(signIn, "name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"");
        Assert.True(field.Success, "the sign-in page has an antiforgery field");
        var response = await client.PostAsync("/aanmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value),
            ["userName"] = userName,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        // A browser names the page's origin on every form post (the server refuses cookie writes from other sites).
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Inbox_and_task_page_show_the_team_task_and_a_professional_claims_and_releases_it(DatabaseProvider provider)
    {
        var (server, taskId) = await StartWithTaskAsync(provider, "webinbox");
        await using var _ = server;
        var professional = await BrowserAsync(server, "informatieprofessional.bzk");

        var inbox = await professional.GetStringAsync("/taken");
        Assert.Contains("Taken van mijn team (1)", inbox);
        Assert.Contains($"href=\"/taken/{Uri.EscapeDataString(taskId)}\"", inbox);
        Assert.Contains("Intakegesprek met de bewindspersoon", inbox);

        var page = await professional.GetAsync($"/taken/{taskId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Taak oppakken", html);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        Assert.NotEmpty(token);

        // Without the antiforgery token the form is refused and nothing changes.
        var forged = await professional.PostAsync($"/taken/{taskId}?handler=Claim", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Taken van mijn team (1)", await professional.GetStringAsync("/taken"));

        var claimed = await professional.PostAsync($"/taken/{taskId}?handler=Claim", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        var claimedHtml = await claimed.Content.ReadAsStringAsync();
        Assert.Contains("U heeft de taak opgepakt.", claimedHtml);
        Assert.Contains("Taak vrijgeven", claimedHtml);
        Assert.Contains("Mijn taken (1)", await professional.GetStringAsync("/taken"));
        Assert.Contains("Intakegesprek met de bewindspersoon", await professional.GetStringAsync("/"));

        var releaseToken = WebUtility.HtmlDecode(AntiforgeryField().Match(claimedHtml).Groups[1].Value);
        var released = await professional.PostAsync($"/taken/{taskId}?handler=Release", new FormUrlEncodedContent([new("__RequestVerificationToken", releaseToken)]));
        Assert.Contains("U heeft de taak vrijgegeven", await released.Content.ReadAsStringAsync());
        Assert.Contains("Taken van mijn team (1)", await professional.GetStringAsync("/taken"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Task_of_another_department_is_an_HTML_404_with_a_way_back(DatabaseProvider provider)
    {
        var (server, taskId) = await StartWithTaskAsync(provider, "web404");
        await using var _ = server;
        var jenv = await BrowserAsync(server, "informatieprofessional.jenv");

        var response = await jenv.GetAsync($"/taken/{taskId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Pagina niet gevonden", html);
        Assert.Contains("href=\"/\"", html);
        Assert.DoesNotContain("Intakegesprek", html);
        Assert.DoesNotContain("Taken van mijn team (1)", await jenv.GetStringAsync("/taken"));
        // The API keeps its ProblemDetails.
        var api = await jenv.GetAsync("/api/tasks/" + taskId);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Start_page_offers_studio_to_a_process_owner_and_oversight_to_an_auditor_who_cannot_claim(DatabaseProvider provider)
    {
        var (server, taskId) = await StartWithTaskAsync(provider, "webstart");
        await using var _ = server;
        var owner = await BrowserAsync(server, "procesbeheerder.bzk");
        var auditor = await BrowserAsync(server, "auditor");

        var ownerStart = await owner.GetAsync("/");
        var ownerHtml = await ownerStart.Content.ReadAsStringAsync();
        Assert.Contains("Open de werkprocessen in Studio", ownerHtml);
        // The settings now in force, read from the department's published read-out process (the demo's BZK: monthly, removing).
        Assert.Contains("Huidige instellingen van het uitleesproces", ownerHtml);
        Assert.Matches("<dt>Frequentie van uitlezen</dt>\\s*<dd>elke maand</dd>", ownerHtml);
        Assert.Matches("<dt>Schoonbeleid</dt>\\s*<dd>Verwijderen:", ownerHtml);
        Assert.Matches("<dt>Validatie door</dt>\\s*<dd>(de bewindspersoon zelf|een vertrouwenspersoon)</dd>", ownerHtml);
        Assert.Contains("Mijn open taken", ownerHtml);
        Assert.Equal(WebSetup.ContentSecurityPolicy, ownerStart.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script>", ownerHtml);
        Assert.DoesNotContain(" style=\"", ownerHtml);

        var auditorStart = await auditor.GetStringAsync("/");
        Assert.Contains("nooit de inhoud van berichten", auditorStart);
        Assert.DoesNotContain("Open de werkprocessen in Studio", auditorStart);
        Assert.DoesNotContain("Huidige instellingen van het uitleesproces", auditorStart);
        Assert.Contains("href=\"/dekking\"", auditorStart);
        Assert.Contains("href=\"/auditspoor\"", auditorStart);
        var auditorTask = await auditor.GetStringAsync($"/taken/{taskId}");
        Assert.Contains("U kunt deze taak inzien, niet oppakken.", auditorTask);
        Assert.DoesNotContain("Taak oppakken", auditorTask);
    }

    [Fact]
    public async Task Unknown_page_is_an_HTML_404_and_a_visitor_who_is_not_signed_in_goes_to_the_sign_in_page()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "webanon");
        var anonymous = server.CreateAnonymousClient();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var start = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Contains("/aanmelden", start.Headers.Location!.ToString());

        var professional = await BrowserAsync(server, "informatieprofessional.bzk");
        var missing = await professional.GetAsync("/bestaat-niet");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Pagina niet gevonden", await missing.Content.ReadAsStringAsync());
    }
}
