using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>
/// One activity in a definition, the root <c>Elsa.Flowchart</c> included. Inputs live as camelCase
/// properties next to the known ones (<c>"title": {"typeName", "expression"}</c>), so they are kept
/// in <see cref="Properties"/> together with designer metadata; the engine reads them through
/// <see cref="GetInput"/>. Only a flowchart has <see cref="Activities"/> and <see cref="Connections"/>.
/// </summary>
public sealed class ActivityNode
{
    public const string FlowchartType = "Elsa.Flowchart";

    public string Id { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NodeId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    public string Type { get; set; } = "";
    public int Version { get; set; } = 1;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ActivityNode>? Activities { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<Connection>? Connections { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    [JsonIgnore]
    public bool IsFlowchart => Type == FlowchartType;

    public static ActivityNode NewFlowchart(string id) =>
        new() { Id = id, Type = FlowchartType, Version = 1, Activities = [], Connections = [] };

    /// <summary>A flowchart (the root or nested) always has activity and connection lists; any other root (a Sequence) is kept as written.</summary>
    public void Normalize(bool isRoot)
    {
        if (IsFlowchart)
        {
            Activities ??= [];
            Connections ??= [];
        }
        foreach (var child in Activities ?? [])
        {
            child.Normalize(isRoot: false);
        }
    }

    /// <summary>The input stored under the camelCase name of <paramref name="inputName"/>, or null.</summary>
    public WrappedInput? GetInput(string inputName)
    {
        var key = InputKey(inputName);
        if (Properties is null || !Properties.TryGetValue(key, out var el) || el.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return el.Deserialize<WrappedInput>(WorkflowJson.Options);
    }

    public void SetInput(string inputName, WrappedInput input)
    {
        Properties ??= [];
        Properties[InputKey(inputName)] = JsonSerializer.SerializeToElement(input, WorkflowJson.Options);
    }

    public static string InputKey(string inputName) =>
        string.IsNullOrEmpty(inputName) ? inputName : char.ToLowerInvariant(inputName[0]) + inputName[1..];

    /// <summary>Every activity below this one (not itself), depth first.</summary>
    public IEnumerable<ActivityNode> Descendants()
    {
        foreach (var child in Activities ?? [])
        {
            yield return child;
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }
}
