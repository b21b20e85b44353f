using System.Net;
using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>The fixed descriptor lists the Studio editor loads (ELSA-STUDIO-CONTRACT.md "Editor load", "On opening tabs").</summary>
public sealed class DescriptorEndpointTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "descriptors");
        _owner = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Expression_descriptors_offer_literal_javascript_and_liquid_and_never_csharp()
    {
        var body = await ElsaAssert.OkObjectAsync(await _owner.GetAsync("/elsa/api/descriptors/expression-descriptors"));
        var items = ElsaAssert.Array(body, "items");
        var literal = items.Single(i => ElsaAssert.Str(i!["type"]) == "Literal")!.AsObject();
        ElsaAssert.HasCamelCaseProperties(literal, "type", "displayName", "isSerializable", "isBrowsable", "properties");
        Assert.True(literal["isBrowsable"]!.GetValue<bool>());
        // The editor crashes unless a type other than Literal/Object/Variable/Input exists; the engine runs JavaScript and Liquid.
        var others = items.Where(i => ElsaAssert.Str(i!["type"]) is not ("Literal" or "Object" or "Variable" or "Input")).Select(i => ElsaAssert.Str(i!["type"])).ToList();
        Assert.Equal(["JavaScript", "Liquid"], others.Order().ToList());
        Assert.All(items, i => Assert.True(i!["isBrowsable"]!.GetValue<bool>()));
        Assert.Equal("javascript", ElsaAssert.Str(items.Single(i => ElsaAssert.Str(i!["type"]) == "JavaScript")!["properties"]!["MonacoLanguage"]));
        Assert.Equal(items.Count, body["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/elsa/api/descriptors/workflow-activation-strategies")]
    [InlineData("/elsa/api/descriptors/log-persistence-strategies")]
    [InlineData("/elsa/api/descriptors/incident-strategies")]
    [InlineData("/elsa/api/descriptors/commit-strategies/workflows")]
    [InlineData("/elsa/api/descriptors/commit-strategies/activities")]
    [InlineData("/elsa/api/features/installed")]
    public async Task Optional_strategy_and_feature_lists_are_empty_arrays_not_null(string path)
    {
        var body = await ElsaAssert.OkObjectAsync(await _owner.GetAsync(path));
        Assert.Empty(ElsaAssert.Array(body, "items"));
        Assert.Equal(0, body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Variable_types_list_string_as_a_primitive()
    {
        var body = await ElsaAssert.OkObjectAsync(await _owner.GetAsync("/elsa/api/descriptors/variables"));
        var s = ElsaAssert.Array(body, "items").Single(i => ElsaAssert.Str(i!["typeName"]) == "String")!.AsObject();
        ElsaAssert.HasCamelCaseProperties(s, "typeName", "displayName", "category", "description");
        Assert.Equal("Primitives", ElsaAssert.Str(s["category"]));
    }

    [Fact]
    public async Task Storage_drivers_have_type_name_priority_and_deprecated()
    {
        var body = await ElsaAssert.OkObjectAsync(await _owner.GetAsync("/elsa/api/descriptors/storage-drivers"));
        var driver = Assert.Single(ElsaAssert.Array(body, "items"))!.AsObject();
        ElsaAssert.HasCamelCaseProperties(driver, "typeName", "displayName", "priority", "deprecated");
        Assert.False(driver["deprecated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Studio_api_without_a_token_is_refused()
    {
        var response = await _server.CreateAnonymousClient().GetAsync("/elsa/api/descriptors/expression-descriptors");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Information_professional_gets_no_studio_access()
    {
        var client = await _server.CreateClientForUserAsync("informatieprofessional.bzk");
        var problem = await ElsaAssert.ProblemAsync(await client.GetAsync("/elsa/api/descriptors/variables"), HttpStatusCode.Forbidden);
        Assert.Contains("procesbeheerder", ElsaAssert.Str(problem["detail"]));
    }

    [Fact]
    public async Task Tenant_header_of_another_department_is_refused_with_a_dutch_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/elsa/api/descriptors/variables");
        request.Headers.Add("X-Tenant-Id", "JenV");
        var problem = await ElsaAssert.ProblemAsync(await _owner.SendAsync(request), HttpStatusCode.Forbidden);
        Assert.Contains("BZK", ElsaAssert.Str(problem["detail"]));
        Assert.Contains("JenV", ElsaAssert.Str(problem["detail"]));
    }

    [Fact]
    public async Task A_published_workflow_usable_as_activity_is_in_the_toolbox_of_its_own_department_only()
    {
        var model = StudioModels.NewDefinition("Controle op volledigheid");
        model["options"] = new JsonObject { ["usableAsActivity"] = true, ["activityCategory"] = "Controles" };
        model["inputs"] = new JsonArray(new JsonObject { ["name"] = "Kanaal", ["type"] = "String", ["displayName"] = "Kanaal" });
        model["outcomes"] = new JsonArray("Volledig", "Onvolledig");
        var saved = await _owner.SaveAsync(model, publish: true);

        var items = ElsaAssert.Array(await ElsaAssert.OkObjectAsync(await _owner.GetAsync("/elsa/api/descriptors/activities")), "items");
        var own = items.Single(i => ElsaAssert.Str(i!["typeName"]) == "ControleOpVolledigheid")!.AsObject();
        Assert.Equal("Controles", ElsaAssert.Str(own["category"]));
        Assert.True(own["isBrowsable"]!.GetValue<bool>());
        Assert.Equal("Kanaal", ElsaAssert.Str(own["inputs"]![0]!["name"]));
        Assert.Equal(["Volledig", "Onvolledig"], own["ports"]!.AsArray().Where(p => ElsaAssert.Str(p!["type"]) == "Flow").Select(p => ElsaAssert.Str(p!["name"])));
        Assert.Equal(ElsaAssert.Str(saved["definitionId"]), ElsaAssert.Str(own["constructionProperties"]!["WorkflowDefinitionId"]));
        // A nested flowchart can be dropped from the toolbox now.
        Assert.True(items.Single(i => ElsaAssert.Str(i!["typeName"]) == "Elsa.Flowchart")!["isBrowsable"]!.GetValue<bool>());

        var other = await _server.CreateClientForUserAsync("procesbeheerder.jenv");
        var theirs = ElsaAssert.Array(await ElsaAssert.OkObjectAsync(await other.GetAsync("/elsa/api/descriptors/activities")), "items");
        Assert.DoesNotContain(theirs, i => ElsaAssert.Str(i!["typeName"]) == "ControleOpVolledigheid");
        Assert.Contains(theirs, i => ElsaAssert.Str(i!["typeName"]) == "Elsa.WriteLine");
    }

    [Fact]
    public async Task Output_converters_are_an_empty_list_for_known_types_and_a_dutch_400_otherwise()
    {
        var body = await ElsaAssert.OkObjectAsync(await _owner.GetAsync("/elsa/api/descriptors/output-converters?sourceType=String&destinationType=Object"));
        Assert.Empty(ElsaAssert.Array(body, "items"));

        var missing = await ElsaAssert.ProblemAsync(await _owner.GetAsync("/elsa/api/descriptors/output-converters?sourceType=String"), HttpStatusCode.BadRequest);
        Assert.Contains("destinationType", ElsaAssert.Str(missing["detail"]));
        var unknown = await ElsaAssert.ProblemAsync(
            await _owner.GetAsync("/elsa/api/descriptors/output-converters?sourceType=Systeem.Onbekend&destinationType=String"), HttpStatusCode.BadRequest);
        Assert.Contains("'Systeem.Onbekend' kent deze server niet", ElsaAssert.Str(unknown["detail"]));
    }
}
