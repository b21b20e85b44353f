using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>
/// A flowchart connection: from an activity's outcome port to another activity's "In" port. Read in both of Elsa 3's
/// formats — <c>{"source":{"activity","port"},"target":{"activity","port"}}</c> and the older
/// <c>{"source":"A","target":"B","sourcePort":"Done","targetPort":"In"}</c> that Elsa still reads — and written in the first.
/// </summary>
[JsonConverter(typeof(ConnectionJsonConverter))]
public sealed class Connection
{
    public Endpoint Source { get; set; } = new();
    public Endpoint Target { get; set; } = new();
    public List<JsonElement> Vertices { get; set; } = [];

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

/// <summary>Reads both connection formats (see <see cref="Connection"/>); writes the current one.</summary>
public sealed class ConnectionJsonConverter : JsonConverter<Connection>
{
    /// <summary>A <c>null</c> in the connections list reaches <see cref="Read"/> and is refused there (a JSON error → 400), instead of
    /// becoming a null connection that the validator and the scheduler would trip over (500).</summary>
    public override bool HandleNull => true;

    public override Connection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new JsonException("A connection must not be null.");
        }
        using var doc = JsonDocument.ParseValue(ref reader);
        var el = doc.RootElement;
        if (el.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A connection must be a JSON object.");
        }
        var c = new Connection
        {
            Source = ReadEndpoint(el, "source", "sourcePort"),
            Target = ReadEndpoint(el, "target", "targetPort"),
        };
        foreach (var p in el.EnumerateObject())
        {
            switch (p.Name)
            {
                case "source" or "target" or "sourcePort" or "targetPort":
                    break;
                case "vertices" when p.Value.ValueKind == JsonValueKind.Array:
                    c.Vertices = p.Value.EnumerateArray().Select(v => v.Clone()).ToList();
                    break;
                default:
                    (c.Extra ??= [])[p.Name] = p.Value.Clone();
                    break;
            }
        }
        return c;
    }

    private static Endpoint ReadEndpoint(JsonElement el, string name, string portName)
    {
        if (!el.TryGetProperty(name, out var e))
        {
            return new Endpoint();
        }
        if (e.ValueKind == JsonValueKind.String)
        {
            // The older format: the activity id as a plain string, the port beside it.
            var port = el.TryGetProperty(portName, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            return new Endpoint { Activity = e.GetString() ?? "", Port = port };
        }
        if (e.ValueKind == JsonValueKind.Object)
        {
            return new Endpoint
            {
                Activity = e.TryGetProperty("activity", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() ?? "" : "",
                Port = e.TryGetProperty("port", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null,
            };
        }
        throw new JsonException($"The connection's '{name}' must be an activity id or an object with 'activity' and 'port'.");
    }

    public override void Write(Utf8JsonWriter writer, Connection value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        WriteEndpoint(writer, "source", value.Source);
        WriteEndpoint(writer, "target", value.Target);
        writer.WritePropertyName("vertices");
        writer.WriteStartArray();
        foreach (var v in value.Vertices)
        {
            v.WriteTo(writer);
        }
        writer.WriteEndArray();
        foreach (var (k, v) in value.Extra ?? [])
        {
            writer.WritePropertyName(k);
            v.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    private static void WriteEndpoint(Utf8JsonWriter writer, string name, Endpoint e)
    {
        writer.WritePropertyName(name);
        writer.WriteStartObject();
        writer.WriteString("activity", e.Activity);
        if (e.Port is null) writer.WriteNull("port"); else writer.WriteString("port", e.Port);
        writer.WriteEndObject();
    }
}
