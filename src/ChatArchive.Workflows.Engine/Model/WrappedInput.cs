using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>
/// An activity input as stored on the activity node:
/// <c>{"typeName","expression":{"type":"Literal","value":"…"},"memoryReference":null}</c>.
/// Expression types: Literal and Object (a JSON text), Variable (value = variable name or id), JavaScript (sandboxed);
/// C# is refused (<see cref="ExpressionTypes.CSharpRefused"/>).
/// </summary>
public sealed class WrappedInput
{
    public string TypeName { get; set; } = "String";
    public InputExpression? Expression { get; set; }
    public JsonElement? MemoryReference { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public static WrappedInput Literal(string typeName, string? value) =>
        new() { TypeName = typeName, Expression = new InputExpression { Type = ExpressionTypes.Literal, Value = value } };
}

public sealed class InputExpression
{
    public string Type { get; set; } = ExpressionTypes.Literal;

    /// <summary>Studio writes literal values as strings; booleans as "True"/"False".</summary>
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Value { get; set; }
}

public static class ExpressionTypes
{
    public const string Literal = "Literal";
    public const string Object = "Object";
    public const string Variable = "Variable";
    public const string JavaScript = "JavaScript";
    public const string Liquid = "Liquid";
    public const string CSharp = "CSharp";
    public static readonly IReadOnlyList<string> Supported = [Literal, Object, Variable, JavaScript];

    /// <summary>Why a C# expression is refused (a deliberate difference from Elsa, docs/notes/engine.md).</summary>
    public static string CSharpRefused(string field, string activity) =>
        $"Het veld '{field}' van activiteit '{activity}' gebruikt een C#-expressie. Die worden op deze server niet uitgevoerd: C# kan willekeurige .NET-code " +
        "op de archiefserver draaien (bestanden, netwerk, andere gegevens), en dat is voor een archief met overheidsberichten niet aanvaardbaar. " +
        "Gebruik JavaScript of Liquid; die draaien afgeschermd.";
}

/// <summary>Reads any JSON value as a string (numbers, booleans, objects as their JSON text); writes a string.</summary>
public sealed class LooseStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.True: return "True";
            case JsonTokenType.False: return "False";
            default:
                using (var doc = JsonDocument.ParseValue(ref reader))
                {
                    var el = doc.RootElement;
                    // Elsa's Variable expression may carry {"id": "..."}; keep the id.
                    if (el.ValueKind == JsonValueKind.Object && el.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        return id.GetString();
                    }
                    return el.GetRawText();
                }
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue(); else writer.WriteStringValue(value);
    }
}
