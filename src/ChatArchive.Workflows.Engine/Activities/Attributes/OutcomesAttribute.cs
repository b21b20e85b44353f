namespace ChatArchive.Workflows.Engine.Activities.Attributes;

/// <summary>
/// The named outcomes (flow ports) an activity can complete with; connections start from them.
/// Without this attribute a non-terminal activity has the single outcome "Done" (contract: "a Done port is added").
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OutcomesAttribute(params string[] outcomes) : Attribute
{
    public IReadOnlyList<string> Outcomes { get; } = outcomes;
}
