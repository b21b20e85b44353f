using System.Net;
using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>
/// The Studio API as its own project: typed endpoints show their parameters and bodies in the OpenAPI document, and the
/// small read routes Studio 3.8's client calls (property options, one installed feature, package version) answer.
/// </summary>
public sealed class StudioApiDocumentTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "studioapidoc");
        _owner = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task OpenApi_document_shows_the_parameters_bodies_and_answers_of_the_Studio_routes()
    {
        var doc = JsonNode.Parse(await (await _owner.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!.AsObject();
        var paths = doc["paths"]!.AsObject();

        var list = paths["/elsa/api/workflow-definitions"]!["get"]!;
        var names = list["parameters"]!.AsArray().Select(p => ElsaAssert.Str(p!["name"])).ToList();
        Assert.Contains("Page", names);
        Assert.Contains("PageSize", names);
        Assert.Contains("versionOptions", names);
        Assert.NotNull(list["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(paths["/elsa/api/workflow-definitions"]!["post"]!["requestBody"]);

        foreach (var (path, method) in new[]
        {
            ("/elsa/api/bulk-actions/publish/workflow-definitions/by-definition-ids", "post"),
            ("/elsa/api/bulk-actions/retract/workflow-definitions/by-definition-ids", "post"),
            ("/elsa/api/bulk-actions/delete/workflow-definitions/by-definition-id", "post"),
            ("/elsa/api/bulk-actions/cancel/workflow-instances", "post"),
            ("/elsa/api/workflow-instances/{id}/cancel", "post"),
            ("/elsa/api/workflow-definition-versions/{id}", "delete"),
            ("/elsa/api/workflow-definitions/{id}/revert/{version}", "post"),
            ("/elsa/api/workflow-definitions/{definitionId}/export", "get"),
            ("/elsa/api/workflow-definitions/import", "post"),
            ("/elsa/api/tasks/{taskId}/complete", "post"),
        })
        {
            Assert.True(paths[path]?[method] is JsonObject, $"{method.ToUpperInvariant()} {path} is missing from the OpenAPI document");
        }
        Assert.NotNull(paths["/elsa/api/bulk-actions/cancel/workflow-instances"]!["post"]!["requestBody"]);
    }

    [Fact]
    public async Task Property_options_return_the_inputs_own_dropdown_and_unknown_names_are_Dutch_404s()
    {
        var activities = ElsaAssert.Array(await _owner.GetObjectAsync("/elsa/api/descriptors/activities"), "items");
        var (type, input) = activities
            .SelectMany(a => a!["inputs"]!.AsArray().Select(i => (Type: ElsaAssert.Str(a["typeName"]), Input: i!.AsObject())))
            .First(x => x.Input["uiSpecifications"]?["dropdown"] is JsonObject);

        var options = await ElsaAssert.OkObjectAsync(await _owner.PostJsonAsync(
            $"/elsa/api/descriptors/activities/{type}/options/{ElsaAssert.Str(input["name"])}", new JsonObject { ["context"] = new JsonObject() }));
        Assert.Equal(input["uiSpecifications"]!["dropdown"]!.ToJsonString(), options["items"]!["dropdown"]!.ToJsonString());

        var noType = await ElsaAssert.ProblemAsync(await _owner.PostJsonAsync("/elsa/api/descriptors/activities/Acme.Niets/options/x", new JsonObject()), HttpStatusCode.NotFound);
        Assert.Contains("Acme.Niets", noType["detail"]!.GetValue<string>());
        var noInput = await ElsaAssert.ProblemAsync(await _owner.PostJsonAsync($"/elsa/api/descriptors/activities/{type}/options/bestaatNiet", new JsonObject()), HttpStatusCode.NotFound);
        Assert.Contains(ElsaAssert.Str(input["name"]), noInput["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_absent_feature_is_a_Dutch_404_and_the_package_version_matches_the_tool_version_of_saved_definitions()
    {
        var feature = await ElsaAssert.ProblemAsync(await _owner.GetAsync("/elsa/api/features/installed/Elsa.RealTimeWorkflowUpdates"), HttpStatusCode.NotFound);
        Assert.Contains("Elsa.RealTimeWorkflowUpdates", feature["detail"]!.GetValue<string>());
        Assert.Empty(ElsaAssert.Array(await _owner.GetObjectAsync("/elsa/api/features/installed"), "items"));

        var version = ElsaAssert.Str((await _owner.GetObjectAsync("/elsa/api/package/version"))["packageVersion"]);
        var saved = await _owner.SaveAsync(StudioModels.Intake("Versiecontrole"));
        Assert.StartsWith(version, ElsaAssert.Str(saved["toolVersion"]));

        var stranger = await _server.CreateClientForUserAsync("informatieprofessional.bzk");
        await ElsaAssert.ProblemAsync(await stranger.GetAsync("/elsa/api/package/version"), HttpStatusCode.Forbidden);
    }
}
