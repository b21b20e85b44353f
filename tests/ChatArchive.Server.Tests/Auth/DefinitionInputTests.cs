using System.Net;
using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Auth;

/// <summary>
/// Low finding of the security probe: a definition whose connection is null (or has a null source) gave a 500. It is
/// now a Dutch 400 ProblemDetails and nothing is stored, on both providers.
/// </summary>
public sealed class DefinitionInputTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_null_connection_or_connection_source_is_a_Dutch_400_and_stores_nothing(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defnull");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        var shapes = new JsonNode?[]
        {
            null,
            new JsonObject { ["source"] = null, ["target"] = new JsonObject { ["activity"] = "wacht1", ["port"] = "In" } },
            new JsonObject { ["source"] = new JsonObject { ["activity"] = null, ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "wacht1" } },
        };
        for (var i = 0; i < shapes.Length; i++)
        {
            var model = StudioModels.PeriodicReadOut($"Null-verbinding {i}", "42.00:00:00", definitionId: $"bzk-null-verbinding-{i}");
            ((JsonArray)model["root"]!["connections"]!).Add(shapes[i]?.DeepClone());
            using var response = await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(model, publish: false));

            var problem = await ElsaAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Matches("[Vv]erbinding|JSON", problem["detail"]!.GetValue<string>());
            using var stored = await owner.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/bzk-null-verbinding-{i}?versionOptions=Latest");
            Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
        }
    }
}
