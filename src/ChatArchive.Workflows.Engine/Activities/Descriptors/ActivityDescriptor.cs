using System.Text.Json;

namespace ChatArchive.Workflows.Engine.Activities.Descriptors;

/// <summary>The descriptor shape of elsa-examples/GET-descriptors-activities.json.</summary>
public sealed record ActivityDescriptor
{
    public required string TypeName { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public int Version { get; init; } = 1;
    public required string Category { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];
    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];
    public string Kind { get; init; } = "Action";
    public IReadOnlyList<PortDescriptor> Ports { get; init; } = [];
    public IReadOnlyDictionary<string, JsonElement> CustomProperties { get; init; } = new Dictionary<string, JsonElement>();
    public IReadOnlyDictionary<string, JsonElement> ConstructionProperties { get; init; } = new Dictionary<string, JsonElement>();
    public bool IsContainer { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsStart { get; init; }
    public bool IsTerminal { get; init; }
}
