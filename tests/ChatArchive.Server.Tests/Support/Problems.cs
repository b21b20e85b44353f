using System.Net;
using System.Text.Json;

namespace ChatArchive.Server.Tests.Support;

/// <summary>Reads ProblemDetails answers (RFC 9457) in tests.</summary>
public static class Problems
{
    /// <summary>Asserts a ProblemDetails answer with <paramref name="status"/> and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }

    /// <summary>Asserts a 400 validation problem and returns its messages per field.</summary>
    public static async Task<Dictionary<string, string[]>> AssertValidationAsync(HttpResponseMessage response)
    {
        var json = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        return json.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray(), StringComparer.Ordinal);
    }
}
