using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>Small helpers for calling /elsa/api as Studio does.</summary>
public static class ElsaClient
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body) =>
        client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Saves (and optionally publishes) a model; returns the saved workflowDefinition.</summary>
    public static async Task<JsonObject> SaveAsync(this HttpClient client, JsonObject model, bool publish = false)
    {
        var body = await ElsaAssert.OkObjectAsync(await client.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(model, publish)));
        return body["workflowDefinition"]!.AsObject();
    }

    public static async Task<string> ExecuteAsync(this HttpClient client, string definitionId, string versionOptions = "Published")
    {
        var response = await client.PostJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute",
            new JsonObject { ["correlationId"] = null, ["triggerActivityId"] = null, ["versionOptions"] = versionOptions, ["input"] = null });
        await ElsaAssert.OkObjectAsync(response);
        return Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id"));
    }

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path) =>
        await ElsaAssert.OkObjectAsync(await client.GetAsync(path));

    public static Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string path) =>
        client.PostAsync(path, JsonContent.Create(new { }));
}
