using System.Text.Json.Nodes;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>
/// The file form of a definition (workflows/*.json, Studio export): the Elsa JSON without the fields that
/// belong to one stored version (id, version, createdAt, isLatest, isPublished, tenantId). Importing a file
/// and exporting it again gives the same JSON (issue 6 §5: "export round-trips back to the same JSON").
/// </summary>
public static class WorkflowDefinitionExporter
{
    private static readonly string[] VersionFields = ["id", "version", "createdAt", "isLatest", "isPublished", "tenantId"];

    public static JsonObject ToFileNode(WorkflowDefinition definition)
    {
        var copy = definition.Clone();
        copy.Normalize();
        NodeIdAssigner.Assign(copy);
        var node = System.Text.Json.JsonSerializer.SerializeToNode(copy, WorkflowJson.Options)!.AsObject();
        foreach (var f in VersionFields)
        {
            node.Remove(f);
        }
        return node;
    }

    public static string Export(WorkflowDefinition definition) =>
        ToFileNode(definition).ToJsonString(WorkflowJson.Indented) + "\n";

    /// <summary>Reads a file; a missing definitionId is taken from <paramref name="fallbackDefinitionId"/> (the file name).</summary>
    public static WorkflowDefinition Import(string json, string fallbackDefinitionId)
    {
        WorkflowDefinition d;
        try
        {
            d = WorkflowJson.Deserialize<WorkflowDefinition>(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Validation,
                $"Het bestand voor '{fallbackDefinitionId}' is geen geldige workflow-JSON (regel {ex.LineNumber + 1}). Herstel het bestand of exporteer het opnieuw uit Studio.");
        }
        if (string.IsNullOrWhiteSpace(d.DefinitionId))
        {
            d.DefinitionId = fallbackDefinitionId;
        }
        d.Normalize();
        return d;
    }
}
