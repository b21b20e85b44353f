using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>A flowchart connection: from an activity's outcome port to another activity's "In" port.</summary>
public sealed class Connection
{
    public Endpoint Source { get; set; } = new();
    public Endpoint Target { get; set; } = new();
    public List<JsonElement> Vertices { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Connection() { }

    public Connection(string sourceActivity, string sourcePort, string targetActivity, string targetPort = "In")
    {
        Source = new Endpoint { Activity = sourceActivity, Port = sourcePort };
        Target = new Endpoint { Activity = targetActivity, Port = targetPort };
    }
}

public sealed class Endpoint
{
    public string Activity { get; set; } = "";
    public string? Port { get; set; }
}
