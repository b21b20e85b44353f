using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>A workflow input (a value given when an instance starts, with a default a process owner can change).</summary>
public sealed class InputDefinition
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "String";
    public bool IsArray { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public string? UiHint { get; set; }
    public JsonElement? DefaultValue { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
