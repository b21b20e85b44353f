using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Workflows.Api.Models;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Api;

/// <summary>
/// A definition as Studio receives it: the engine's Elsa JSON plus links. Studio makes the editor read-only
/// without a "publish" link or with isLatest false (contract "Workflow definition shape"), so a template seen
/// from a department, and any definition seen by a read-only user, carry no edit links and isReadonly true.
/// </summary>
public static class DefinitionJson
{
    public static JsonObject ToStudio(WorkflowDefinition definition, StudioTenant tenant)
    {
        var json = JsonSerializer.SerializeToNode(definition, WorkflowJson.Options)!.AsObject();
        var writable = IsWritable(definition.TenantId, tenant);
        json["isReadonly"] = definition.IsReadonly || !writable;
        json["links"] = JsonSerializer.SerializeToNode(Links(definition.DefinitionId, writable), ElsaJson.Options);
        return json;
    }

    public static WorkflowDefinitionSummaryModel ToStudio(WorkflowDefinitionSummary s, StudioTenant tenant)
    {
        var writable = IsWritable(s.TenantId, tenant);
        return new WorkflowDefinitionSummaryModel(s.Id, s.DefinitionId, s.Name, s.Description, s.Version, s.ToolVersion, s.IsLatest,
            s.IsPublished, s.MaterializerName, s.IsMaterializerAvailable, s.CreatedAt, s.IsReadonly || !writable, Links(s.DefinitionId, writable));
    }

    /// <summary>Government-wide templates (tenant null) are read-only in a department: copy them first.</summary>
    public static bool IsWritable(string? definitionTenant, StudioTenant tenant) =>
        tenant.MayWrite && definitionTenant is not null && string.Equals(definitionTenant, tenant.Department, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Links of the definition list. Studio enables "publish selected", "retract selected", "delete selected" and import by
    /// these rels (Elsa's own hrefs); a read-only user gets none, so the list is read-only.
    /// </summary>
    public static IReadOnlyList<Link> ListLinks(bool writable) => !writable ? [] :
    [
        new Link("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST"),
        new Link("/bulk-actions/retract/workflow-definitions/by-definition-ids", "bulk-retract", "POST"),
        new Link("/bulk-actions/delete/workflow-definitions/by-definition-id", "bulk-delete-by-definition-id", "POST"),
        new Link("/bulk-actions/delete/workflow-definitions/by-id", "bulk-delete-by-id", "POST"),
        new Link("/workflow-definitions/import", "import", "POST"),
        new Link("/workflow-definitions/import-files", "import-files", "POST"),
        new Link("/workflow-definitions", "create", "POST"),
    ];

    public static IReadOnlyList<Link> Links(string definitionId, bool writable)
    {
        var id = Uri.EscapeDataString(definitionId);
        var self = new Link($"/workflow-definitions/{id}", "self", "GET");
        if (!writable) return [self];
        return
        [
            self,
            new Link($"/workflow-definitions/{id}/publish", "publish", "POST"),
            new Link($"/workflow-definitions/{id}/retract", "retract", "POST"),
            new Link($"/workflow-definitions/{id}", "delete", "DELETE"),
        ];
    }
}
