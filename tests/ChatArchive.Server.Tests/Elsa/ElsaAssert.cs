using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>Assertions on the JSON shapes of ELSA-STUDIO-CONTRACT.md.</summary>
public static class ElsaAssert
{
    public static async Task<JsonObject> OkObjectAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Every property name camelCase, every listed property present (Studio reads case-sensitively).</summary>
    public static void HasCamelCaseProperties(JsonObject obj, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.True(obj.ContainsKey(name), $"missing \"{name}\" in {obj.ToJsonString()}");
        }
        foreach (var (key, _) in obj)
        {
            Assert.True(char.IsLower(key[0]), $"\"{key}\" is not camelCase in {obj.ToJsonString()}");
        }
    }

    /// <summary>The named property is a JSON array (never null or missing).</summary>
    public static JsonArray Array(JsonObject obj, string name)
    {
        Assert.True(obj.TryGetPropertyValue(name, out var node) && node is JsonArray, $"\"{name}\" is not an array in {obj.ToJsonString()}");
        return (JsonArray)node!;
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), "a problem must say what to do: " + text);
        return problem;
    }

    public static string Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new Xunit.Sdk.XunitException("not a string: " + node?.ToJsonString());
}
