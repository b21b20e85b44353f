using System.Text;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Descriptors;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>
/// Workflows usable as activities (Elsa's <c>options.usableAsActivity</c>): every published definition of a department with that
/// option is an activity type of that department. Its descriptor is built as Elsa builds a WorkflowDefinitionActivity's: type name =
/// the definition's name in PascalCase, category <c>options.activityCategory</c> or "Workflows", the definition's inputs and outputs as
/// synthetic inputs and outputs, its outcomes as flow ports, and the definition id, version id and version as construction properties
/// (Studio copies them onto the node it drops on the canvas). Another department never sees (or can use) the type.
/// </summary>
public sealed class WorkflowActivityCatalog(IWorkflowDefinitionStore store)
{
    /// <summary>Elsa's default toolbox category for a workflow used as an activity.</summary>
    public const string DefaultCategory = "Workflows";

    /// <summary>The descriptors of the workflows <paramref name="scope"/> may use as activities, by type name (own department first).</summary>
    public async Task<IReadOnlyDictionary<string, ActivityDescriptor>> ForScopeAsync(TenantScope scope, CancellationToken ct = default)
    {
        var result = new Dictionary<string, ActivityDescriptor>(StringComparer.Ordinal);
        var published = await store.ListPublishedAsync(ct);
        // The department's own workflows win over a government-wide template with the same type name.
        foreach (var d in published.Where(d => IsUsableAsActivity(d) && scope.CanRead(d.TenantId)).OrderBy(d => d.TenantId is null ? 1 : 0))
        {
            result.TryAdd(TypeNameOf(d), Describe(d));
        }
        return result;
    }

    /// <summary>
    /// The published workflow <paramref name="scope"/> uses as activity type <paramref name="typeName"/> (own department first), or null.
    /// Elsa finds a node's workflow this way: its JSON reader builds the node from the activity type's descriptor, whose constructor sets
    /// the workflow definition id (and version id) of the registered workflow over the ones in the file.
    /// </summary>
    public async Task<WorkflowDefinition?> FindByTypeAsync(string typeName, TenantScope scope, CancellationToken ct = default) =>
        (await store.ListPublishedAsync(ct)).Where(d => IsUsableAsActivity(d) && scope.CanRead(d.TenantId) && TypeNameOf(d) == typeName)
        .OrderBy(d => d.TenantId is null ? 1 : 0).FirstOrDefault();

    /// <summary>True when the definition carries <c>options.usableAsActivity</c> (or, in older Elsa files, a top-level <c>usableAsActivity</c>).</summary>
    public static bool IsUsableAsActivity(WorkflowDefinition d) =>
        d.Options?.UsableAsActivity == true
        || d.Extra?.TryGetValue("usableAsActivity", out var flag) == true && flag.ValueKind == JsonValueKind.True;

    /// <summary>Elsa's type name: the definition's name in PascalCase (<see cref="Pascalize"/>).</summary>
    public static string TypeNameOf(WorkflowDefinition d) => Pascalize(d.Name);

    /// <summary>A name in PascalCase as Elsa forms type and accessor names: spaces and underscores dropped, the letter after them upper case.</summary>
    public static string Pascalize(string? text)
    {
        var name = text?.Trim() ?? "";
        var sb = new StringBuilder(name.Length);
        var upper = true;
        foreach (var ch in name)
        {
            if (ch is ' ' or '_')
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
            upper = false;
        }
        return sb.ToString();
    }

    public static ActivityDescriptor Describe(WorkflowDefinition d)
    {
        var typeName = TypeNameOf(d);
        var ports = new List<PortDescriptor> { new("Root", "Root", PortDescriptor.Embedded, IsBrowsable: false) };
        // Without outcomes of its own the activity completes with "Done", like any other activity in a flowchart.
        ports.AddRange((d.Outcomes.Count > 0 ? d.Outcomes : [Activity.DoneOutcome]).Select(o => new PortDescriptor(o, o)));
        return new ActivityDescriptor
        {
            TypeName = typeName,
            Namespace = "",
            Name = typeName,
            Version = d.Version,
            Category = string.IsNullOrWhiteSpace(d.Options?.ActivityCategory) ? DefaultCategory : d.Options.ActivityCategory!,
            DisplayName = d.Name,
            Description = d.Description,
            Kind = "Action",
            IsBrowsable = d.IsPublished,
            Inputs = d.Inputs.Select((i, n) => new InputDescriptor
            {
                Name = i.Name,
                TypeName = i.Type,
                DisplayName = string.IsNullOrWhiteSpace(i.DisplayName) ? i.Name : i.DisplayName,
                Description = i.Description,
                Category = i.Category,
                Order = n,
                UiHint = string.IsNullOrWhiteSpace(i.UiHint) ? Activities.Attributes.UiHints.SingleLine : i.UiHint,
                IsSynthetic = true,
                StorageDriverType = i.Extra?.TryGetValue("storageDriverType", out var driver) == true && driver.ValueKind == JsonValueKind.String ? driver.GetString() : null,
            }).ToList(),
            Outputs = d.Outputs.Select((o, n) => new OutputDescriptor
            {
                Name = Text(o, "name") ?? "",
                TypeName = Text(o, "type") ?? "Object",
                DisplayName = Text(o, "displayName") ?? Text(o, "name") ?? "",
                Description = Text(o, "description"),
                Order = n,
                IsSynthetic = true,
            }).Where(o => o.Name.Length > 0).ToList(),
            Ports = ports,
            CustomProperties = new Dictionary<string, JsonElement>
            {
                ["RootType"] = JsonSerializer.SerializeToElement("WorkflowDefinitionActivity"),
                ["WorkflowDefinitionId"] = JsonSerializer.SerializeToElement(d.DefinitionId),
                ["WorkflowDefinitionVersionId"] = JsonSerializer.SerializeToElement(d.Id),
            },
            ConstructionProperties = new Dictionary<string, JsonElement>
            {
                ["WorkflowDefinitionId"] = JsonSerializer.SerializeToElement(d.DefinitionId),
                ["WorkflowDefinitionVersionId"] = JsonSerializer.SerializeToElement(d.Id),
                ["Version"] = JsonSerializer.SerializeToElement(d.Version),
            },
        };
    }

    /// <summary>The definition id a node of a workflow-as-activity type points at (<c>workflowDefinitionId</c>), or null for any other node.</summary>
    public static string? ReferencedDefinitionId(ActivityNode node) => NodeText(node, "workflowDefinitionId");

    /// <summary>The version id the node was pinned to when it was placed (<c>workflowDefinitionVersionId</c>), or null.</summary>
    public static string? ReferencedVersionId(ActivityNode node) => NodeText(node, "workflowDefinitionVersionId");

    private static string? NodeText(ActivityNode node, string key)
    {
        if (node.Properties is null)
        {
            return null;
        }
        if (!node.Properties.TryGetValue(key, out var el) && !node.Properties.TryGetValue(char.ToUpperInvariant(key[0]) + key[1..], out el))
        {
            return null;
        }
        return el.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(el.GetString()) ? el.GetString() : null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// The definitions a published <paramref name="definition"/> would use through workflow-as-activity nodes, followed through their
    /// published versions: the path back to <paramref name="definition"/> when it would (indirectly) use itself, else null.
    /// </summary>
    public async Task<IReadOnlyList<string>?> FindCycleAsync(WorkflowDefinition definition, TenantScope scope, CancellationToken ct = default)
    {
        var path = new List<string> { definition.Name };
        var visited = new HashSet<string>(StringComparer.Ordinal);
        return await VisitAsync(definition, definition.DefinitionId, scope, path, visited, ct);
    }

    private async Task<IReadOnlyList<string>?> VisitAsync(WorkflowDefinition current, string origin, TenantScope scope, List<string> path, HashSet<string> visited,
        CancellationToken ct)
    {
        foreach (var referenced in References(current))
        {
            if (referenced == origin)
            {
                return [.. path, path[0]];
            }
            if (!visited.Add(referenced))
            {
                continue;
            }
            var next = await store.FindAsync(referenced, VersionOptions.Published, ct);
            if (next is null || !scope.CanRead(next.TenantId))
            {
                continue;
            }
            path.Add(next.Name);
            if (await VisitAsync(next, origin, scope, path, visited, ct) is { } cycle)
            {
                return cycle;
            }
            path.RemoveAt(path.Count - 1);
        }
        return null;
    }

    /// <summary>The definition ids of every workflow-as-activity node in the definition (nested flowcharts and embedded slots included).</summary>
    public static IEnumerable<string> References(WorkflowDefinition d) =>
        Walk(d.Root).Select(ReferencedDefinitionId).OfType<string>().Distinct(StringComparer.Ordinal);

    private static IEnumerable<ActivityNode> Walk(ActivityNode node)
    {
        yield return node;
        foreach (var (slot, child) in Runtime.ActivityTree.Embedded(node))
        {
            if (slot == Runtime.ActivityTree.StartSlot)
            {
                continue;
            }
            foreach (var n in Walk(child))
            {
                yield return n;
            }
        }
    }
}
