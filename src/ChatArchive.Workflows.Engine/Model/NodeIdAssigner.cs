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
        }
    }

    public static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
