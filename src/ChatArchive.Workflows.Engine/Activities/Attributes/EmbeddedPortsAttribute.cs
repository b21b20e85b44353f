namespace ChatArchive.Workflows.Engine.Activities.Attributes;

/// <summary>
/// Slots that hold one embedded activity each (Elsa's <c>[Port]</c> properties of type IActivity, e.g. If's Then and Else): the
/// descriptor lists them as ports of type "Embedded", and the definition stores the activity under the camelCase slot name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EmbeddedPortsAttribute(params string[] ports) : Attribute
{
    public IReadOnlyList<string> Ports { get; } = ports;
}
