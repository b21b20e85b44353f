namespace ChatArchive.Workflows.Engine.Activities.Attributes;

/// <summary>An activity output: a property the activity sets; recorded in the activity execution record.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
}
