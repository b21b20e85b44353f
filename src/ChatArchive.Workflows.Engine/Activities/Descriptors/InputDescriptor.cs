namespace ChatArchive.Workflows.Engine.Activities.Descriptors;

/// <summary>One input of an activity descriptor; <see cref="Name"/> is the PascalCase property name.</summary>
public sealed record InputDescriptor
{
    public required string Name { get; init; }
    public required string TypeName { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public int Order { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsSynthetic { get; init; }
    public bool IsWrapped { get; init; } = true;
    public required string UiHint { get; init; }
    public string? Category { get; init; }
    public string? DefaultValue { get; init; }
    public string DefaultSyntax { get; init; } = "Literal";
    public bool IsReadOnly { get; init; }
    public bool IsSensitive { get; init; }
    public string? StorageDriverType { get; init; }
    public UiSpecifications? UiSpecifications { get; init; }
}

/// <summary><c>{"dropdown":{"selectList":{"items":[{"text","value"}]}}}</c></summary>
public sealed record UiSpecifications(DropdownSpecification? Dropdown);

public sealed record DropdownSpecification(SelectList SelectList);

public sealed record SelectList(IReadOnlyList<SelectListItem> Items);

public sealed record SelectListItem(string Text, string Value);
