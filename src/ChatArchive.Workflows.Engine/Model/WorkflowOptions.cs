using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>The <c>options</c> object of an Elsa definition; the engine reads none of it but keeps it.</summary>
public sealed class WorkflowOptions
{
    public string? ActivationStrategyType { get; set; }
    public bool? UsableAsActivity { get; set; }
    public bool AutoUpdateConsumingWorkflows { get; set; }
    public string? ActivityCategory { get; set; }
    public string? IncidentStrategyType { get; set; }
    public string? CommitStrategyName { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
