using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>
/// The server assigns every activity, the root included, a unique non-null nodeId
/// (ELSA-STUDIO-CONTRACT.md: "or the editor crashes"). The id is the path of activity ids,
/// as in elsa-examples ("Workflow1:flow1:start1"), so it is stable across saves and exports.
/// Missing or duplicate activity ids are replaced by fresh ones first.
/// </summary>
public static class NodeIdAssigner
{
    public const string RootPrefix = "Workflow1";

    public static void Assign(WorkflowDefinition definition)
    {
        var root = definition.Root;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(root.Id))
        {
            root.Id = NewId();
        }
        seen.Add(root.Id);
        root.NodeId = $"{RootPrefix}:{root.Id}";
        AssignChildren(root, seen);
    }

    private static void AssignChildren(ActivityNode parent, HashSet<string> seen)
    {
        foreach (var child in parent.Activities ?? [])
        {
            if (string.IsNullOrWhiteSpace(child.Id) || !seen.Add(child.Id))
            {
                // Connections that named a duplicate id keep pointing at the first activity with that id.
                child.Id = NewId();
                seen.Add(child.Id);
            }
            child.NodeId = $"{parent.NodeId}:{child.Id}";
            AssignChildren(child, seen);
            AssignSlots(child, seen);
        }
    }

    /// <summary>Activities embedded in a slot (If's then/else, Switch's default and cases, SendEmail's error) are stored as JSON: give them node ids too.</summary>
    private static void AssignSlots(ActivityNode parent, HashSet<string> seen)
    {
        if (parent.Properties is null)
        {
            return;
        }
        foreach (var slot in new[] { "then", "else", "default", "error", "unmatchedStatusCode", "failedToConnect", "timeout" })
        {
            if (parent.Properties.TryGetValue(slot, out var el) && IsActivity(el))
            {
                parent.Properties[slot] = Assign(el, parent, seen);
            }
        }
        // Switch's cases and SendHttpRequest's expected status codes hold an activity each.
        foreach (var listName in new[] { "cases", "expectedStatusCodes" })
        {
            if (parent.Properties.TryGetValue(listName, out var cases) && cases.ValueKind == JsonValueKind.Array
                && cases.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("activity", out var a) && IsActivity(a)))
            {
                var list = JsonNode.Parse(cases.GetRawText())!.AsArray();
                foreach (var c in list.OfType<JsonObject>())
                {
                    if (c["activity"] is JsonObject a && a.ContainsKey("type"))
                    {
                        c["activity"] = JsonNode.Parse(Assign(JsonSerializer.SerializeToElement(a), parent, seen).GetRawText());
                    }
                }
                parent.Properties[listName] = JsonSerializer.SerializeToElement(list);
            }
        }
    }

    private static bool IsActivity(JsonElement el) => el.ValueKind == JsonValueKind.Object && el.TryGetProperty("type", out _);

    private static JsonElement Assign(JsonElement el, ActivityNode parent, HashSet<string> seen)
    {
        var child = el.Deserialize<ActivityNode>(WorkflowJson.Options)!;
        if (string.IsNullOrWhiteSpace(child.Id) || !seen.Add(child.Id))
        {
            child.Id = NewId();
            seen.Add(child.Id);
        }
        child.NodeId = $"{parent.NodeId}:{child.Id}";
        AssignChildren(child, seen);
        AssignSlots(child, seen);
        return JsonSerializer.SerializeToElement(child, WorkflowJson.Options);
    }

    public static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
