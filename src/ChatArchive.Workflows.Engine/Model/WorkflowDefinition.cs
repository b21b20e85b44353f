using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>
/// One version of a workflow definition in Elsa 3's JSON model
/// (ELSA-STUDIO-CONTRACT.md "Workflow definition shape"; elsa-examples/GET-workflow-definitions-by-definition-id.json).
/// <see cref="Id"/> is the version id, <see cref="DefinitionId"/> groups the versions.
/// <see cref="TenantId"/> is the department code; null means the government-wide template set.
/// Properties this model does not know are kept in <see cref="Extra"/> so a save round-trips.
/// </summary>
public sealed class WorkflowDefinition
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public string MaterializerName { get; set; } = "Json";
    public string ProviderName { get; set; } = "Default";
    public bool IsReadonly { get; set; }
    public bool IsSystem { get; set; }
    public string? TenantId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string ToolVersion { get; set; } = "3.8.0.0";
    public List<VariableDefinition> Variables { get; set; } = [];
    public List<InputDefinition> Inputs { get; set; } = [];
    public List<JsonElement> Outputs { get; set; } = [];
    public List<string> Outcomes { get; set; } = [];
    public Dictionary<string, JsonElement> CustomProperties { get; set; } = [];
    public WorkflowOptions Options { get; set; } = new();
    public ActivityNode Root { get; set; } = ActivityNode.NewFlowchart("Flowchart1");

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>True when the workflow declares an output definition named <paramref name="name"/> (Studio's output tab: <c>{"name": …}</c>).</summary>
    public bool HasOutput(string name) => Outputs.Any(o => o.ValueKind == JsonValueKind.Object && o.TryGetProperty("name", out var n)
        && n.ValueKind == JsonValueKind.String && n.GetString() == name);

    /// <summary>A deep copy through JSON (the model is mutable; stores and services hand out copies).</summary>
    public WorkflowDefinition Clone() => WorkflowJson.Deserialize<WorkflowDefinition>(WorkflowJson.Serialize(this));

    /// <summary>Fills lists Studio must never see as null (contract: "every list an array").</summary>
    public void Normalize()
    {
        Variables ??= [];
        Inputs ??= [];
        Outputs ??= [];
        Outcomes ??= [];
        CustomProperties ??= [];
        Options ??= new();
        Root ??= ActivityNode.NewFlowchart("Flowchart1");
        Root.Normalize(isRoot: true);
    }
}
