using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>Government-wide templates: visible read-only in every department and copied into it to tailor (issue 6 §3).</summary>
public sealed class TemplateEndpointTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static async Task<string> AddTemplateAsync(ServerFixture server, string name)
    {
        var model = StudioModels.PeriodicReadOut(name, "P1M").Deserialize<WorkflowDefinition>(WorkflowJson.Options)!;
        var result = await server.Services.GetRequiredService<IWorkflowDefinitionService>().SaveAsync(model, publish: true, TenantScope.Templates);
        Assert.True(result.Saved, string.Join("; ", result.ValidationErrors.Select(e => e.Message)));
        return result.Definition.DefinitionId;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Template_is_listed_read_only_for_a_department_without_edit_links(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "tplread");
        var templateId = await AddTemplateAsync(server, "Sjabloon periodiek uitlezen");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        var list = await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=100");
        var row = ElsaAssert.Array(list, "items").Single(i => ElsaAssert.Str(i!["definitionId"]) == templateId)!;
        Assert.True(row["isReadonly"]!.GetValue<bool>());

        var definition = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{templateId}?versionOptions=Latest");
        Assert.True(definition["isReadonly"]!.GetValue<bool>());
        Assert.DoesNotContain(ElsaAssert.Array(definition, "links"), l => ElsaAssert.Str(l!["rel"]) == "publish");

        // Saving over the template from a department does not change it.
        definition["name"] = "Door BZK aangepast";
        var response = await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(definition, true));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        var still = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{templateId}?versionOptions=Latest");
        Assert.Equal("Sjabloon periodiek uitlezen", ElsaAssert.Str(still["name"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Copied_template_becomes_an_editable_definition_of_the_department(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "tplcopy");
        var templateId = await AddTemplateAsync(server, "Sjabloon periodiek uitlezen");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        var body = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync($"/elsa/api/workflow-definitions/{templateId}/copy-to-department",
            new JsonObject { ["name"] = "Periodiek uitlezen BZK" }));

        var copy = body["workflowDefinition"]!.AsObject();
        var copyId = ElsaAssert.Str(copy["definitionId"]);
        Assert.NotEqual(templateId, copyId);
        Assert.Equal("Periodiek uitlezen BZK", ElsaAssert.Str(copy["name"]));
        Assert.False(copy["isReadonly"]!.GetValue<bool>());
        Assert.Contains(ElsaAssert.Array(copy, "links"), l => ElsaAssert.Str(l!["rel"]) == "publish");
        var wait = copy["root"]!["activities"]!.AsArray().Single(a => ElsaAssert.Str(a!["id"]) == "wacht1")!;
        Assert.Equal("P1M", ElsaAssert.Str(wait["timeSpan"]!["expression"]!["value"]));

        var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");
        await ElsaAssert.ProblemAsync(await jenv.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{copyId}?versionOptions=Latest"), HttpStatusCode.NotFound);
        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/workflow-definitions/bestaat-niet/copy-to-department", new JsonObject()), HttpStatusCode.NotFound);
    }
}
