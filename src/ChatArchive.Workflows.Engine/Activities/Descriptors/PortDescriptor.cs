namespace ChatArchive.Workflows.Engine.Activities.Descriptors;

/// <summary>An outcome port; <c>Type</c> is "Flow" for flowchart outcomes (contract: output ports are the Flow ports).</summary>
public sealed record PortDescriptor(string Name, string DisplayName, string Type = "Flow", bool IsBrowsable = true)
{
    public const string Flow = "Flow";

    /// <summary>A slot holding one embedded activity (If's Then/Else), not a flowchart outcome.</summary>
    public const string Embedded = "Embedded";
}
