namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>Elsa's instance status names (Studio filters on them).</summary>
public enum WorkflowStatus
{
    Running,
    Finished,
}

public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
}
