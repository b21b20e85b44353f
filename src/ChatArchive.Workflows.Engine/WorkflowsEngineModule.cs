namespace ChatArchive.Workflows.Engine;

/// <summary>Marker for assembly scanning and the module's identity.</summary>
public static class WorkflowsEngineModule
{
    public const string Name = "Workflows.Engine";
}
