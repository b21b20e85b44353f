using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>Waits (by polling the API, never by sleeping a fixed time) until an instance reaches a sub-status.</summary>
public static class InstanceWait
{
    public static async Task<JsonObject> UntilAsync(HttpClient client, string instanceId, string subStatus, TimeSpan? timeout = null)
    {
        var limit = Stopwatch.StartNew();
        JsonObject state;
        do
        {
            state = await client.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}/execution-state");
            if (ElsaAssert.Str(state["subStatus"]) == subStatus) return state;
            await Task.Delay(100);
        }
        while (limit.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)));
        throw new Xunit.Sdk.XunitException($"instance {instanceId} did not reach {subStatus}: {state.ToJsonString()}");
    }
}
