namespace ChatArchive.Workflows.Engine.Activities.Descriptors;

/// <summary>An outcome port; <c>Type</c> is "Flow" for flowchart outcomes (contract: output ports are the Flow ports).</summary>
public sealed record PortDescriptor(string Name, string DisplayName, string Type = "Flow", bool IsBrowsable = true);
