using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>
/// Elsa's HttpEndpoint workflows over the server's own route <c>/workflows/{path}</c>: a process owner publishes
/// "POST /workflows/meldingen/{id} → WriteHttpResponse 201 'melding ontvangen'" in Studio's JSON; a user of the department gets
/// the workflow's answer, a user of another department and an anonymous caller do not (404 and 401), an anonymous caller of a
/// definition the administrator listed gets the answer, a body over the limit is 413, and a cross-site write carried only by the
/// sign-in cookie counts as anonymous.
/// </summary>
public sealed class HttpWorkflowEndpointTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static JsonObject Endpoint(string name, string definitionId, string path = "meldingen/{id}", string reply = "melding ontvangen")
    {
        var model = StudioModels.NewDefinition(name);
        model["definitionId"] = definitionId;
        var endpoint = StudioModels.Activity("ep1", "Melding", "Elsa.HttpEndpoint", 0, 0,
            ("path", "String", path), ("supportedMethods", "String[]", "[\"POST\"]"));
        endpoint["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        var answer = StudioModels.Activity("antwoord1", "Antwoord", "Elsa.WriteHttpResponse", 250, 0,
            ("statusCode", "HttpStatusCode", "Created"), ("contentType", "String", "text/plain"), ("content", "Object", reply));
        model["root"] = new JsonObject
        {
            ["id"] = "flow1", ["type"] = "Elsa.Flowchart", ["version"] = 1,
            ["activities"] = new JsonArray { endpoint, answer },
            ["connections"] = new JsonArray { StudioModels.Connection("ep1", "Done", "antwoord1") },
        };
        return model;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_departments_user_gets_the_workflows_answer_others_are_refused_and_anonymous_only_when_listed(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "httpwf", settings: new Dictionary<string, string?>
        {
            ["ChatArchive:Workflows:Http:AnonymousDefinitions:0"] = "bzk-melding-open",
        });
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        using (var saved = await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(Endpoint("Melding ontvangen", "bzk-melding"), publish: true)))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        var professional = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        using (var answer = await professional.PostAsync("/workflows/meldingen/42", Json("""{"onderwerp":"test"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            Assert.Equal("melding ontvangen", await answer.Content.ReadAsStringAsync());
        }

        // Another department: the endpoint does not exist for them.
        var other = await server.CreateClientForUserAsync("informatieprofessional.jenv");
        using (var refused = await other.PostAsync("/workflows/meldingen/42", Json("{}")))
        {
            var problem = await ElsaAssert.ProblemAsync(refused, HttpStatusCode.NotFound);
            Assert.Contains("workflow", problem["detail"]!.GetValue<string>());
        }

        // Nobody signed in: asked to sign in, and no instance is started.
        using var anonymous = server.CreateAnonymousClient();
        using (var refused = await anonymous.PostAsync("/workflows/meldingen/42", Json("{}")))
        {
            var problem = await ElsaAssert.ProblemAsync(refused, HttpStatusCode.Unauthorized);
            Assert.Contains("Meld u aan", problem["detail"]!.GetValue<string>());
        }

        // A body over the limit (1 MB by default) is refused before any workflow runs.
        using (var tooLarge = await professional.PostAsync("/workflows/meldingen/43", Json("\"" + new string('x', 1_100_000) + "\"")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }

        // The administrator listed 'bzk-melding-open' for anonymous use: its endpoint answers without sign-in.
        var open = Endpoint("Open melding", "bzk-melding-open", path: "open/{id}", reply: "open melding ontvangen");
        using (var saved = await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(open, publish: true)))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }
        using (var answer = await anonymous.PostAsync("/workflows/open/7", Json("{}")))
        {
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            Assert.Equal("open melding ontvangen", await answer.Content.ReadAsStringAsync());
        }

        // Exactly two instances ran: the department's request and the anonymous one on the listed definition.
        var list = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/workflow-instances", new JsonObject
        {
            ["page"] = 0, ["pageSize"] = 15, ["definitionIds"] = new JsonArray("bzk-melding", "bzk-melding-open"),
        }));
        Assert.Equal(2, list["totalCount"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_cross_site_write_carried_only_by_the_sign_in_cookie_counts_as_anonymous(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, kestrel: true, purpose: "httpwfcsrf");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        using (var saved = await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(Endpoint("Melding ontvangen", "bzk-melding"), publish: true)))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }
        var cookie = await server.SignInCookieAsync("informatieprofessional.bzk");
        var jar = new CookieContainer();
        jar.Add(server.BaseAddress, cookie);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/workflows/meldingen/1") { Content = Json("{}") };
        crossSite.Headers.Add("Origin", "https://kwaadwillend.example");
        using (var refused = await browser.SendAsync(crossSite))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var sameSite = new HttpRequestMessage(HttpMethod.Post, "/workflows/meldingen/2") { Content = Json("{}") };
        sameSite.Headers.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
        using (var answer = await browser.SendAsync(sameSite))
        {
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            Assert.Equal("melding ontvangen", await answer.Content.ReadAsStringAsync());
        }
    }
}
