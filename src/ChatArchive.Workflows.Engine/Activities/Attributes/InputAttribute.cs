namespace ChatArchive.Workflows.Engine.Activities.Attributes;

/// <summary>An activity input: a public settable property filled from the definition (literal or variable).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }

    /// <summary>One of <see cref="UiHints"/>; derived from the property type when null.</summary>
    public string? UIHint { get; init; }

    /// <summary>Choices for a dropdown: "value" or "value|text".</summary>
    public string[]? Options { get; init; }

    /// <summary>Default as the literal text Studio shows ("P6W", "True").</summary>
    public string? DefaultValue { get; init; }

    public string? Category { get; init; }
    public int Order { get; init; } = -1;
    public bool IsBrowsable { get; init; } = true;
    public bool Required { get; init; }

    /// <summary>
    /// False for an input Studio stores as a plain value instead of <c>{"typeName","expression"}</c>, such as the variable
    /// reference of <c>Elsa.SetVariable</c> (Elsa's descriptor <c>isWrapped</c>).
    /// </summary>
    public bool IsWrapped { get; init; } = true;

    /// <summary>The descriptor's <c>typeName</c> when it differs from the property's type (e.g. "Object" for a string property holding any value).</summary>
    public string? TypeName { get; init; }
}
