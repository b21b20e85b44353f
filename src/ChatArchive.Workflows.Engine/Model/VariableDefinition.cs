using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>A workflow variable as Studio's variables tab writes it; <see cref="Value"/> is the initial literal.</summary>
public sealed class VariableDefinition
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string TypeName { get; set; } = "String";
    public bool IsArray { get; set; }
    /// <summary>Elsa writes the initial value as text or as a JSON value (number, boolean, object); kept as text.</summary>
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Value { get; set; }
    public string? StorageDriverTypeName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
