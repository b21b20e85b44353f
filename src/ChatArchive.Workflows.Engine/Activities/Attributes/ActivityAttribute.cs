namespace ChatArchive.Workflows.Engine.Activities.Attributes;

/// <summary>
/// Marks a class as a workflow activity. The descriptor Studio shows is generated from this and the
/// property attributes, so the toolbox always matches the code (ARCHITECTURE.md "Workflow engine").
/// Type name = <c>{Namespace}.{Name}</c>, e.g. <c>Elsa.Delay</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string name) : Attribute
{
    public string Namespace { get; } = @namespace;
    public string Name { get; } = name;
    public string Category { get; init; } = "Algemeen";
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public int Version { get; init; } = 1;
    public ActivityKind Kind { get; init; } = ActivityKind.Action;
    public bool IsBrowsable { get; init; } = true;
    public bool IsStart { get; init; }
    public bool IsTerminal { get; init; }
    public bool IsContainer { get; init; }
}

/// <summary>Elsa's activity kinds; a Trigger can start an instance (Cron).</summary>
public enum ActivityKind
{
    Action,
    Trigger,
    Job,
    Task,
}
