using ChatArchive.Server.Elsa.Models;

namespace ChatArchive.Server.Elsa;

/// <summary>
/// The fixed descriptor lists Studio loads with the editor (ELSA-STUDIO-CONTRACT.md "Editor load").
/// They state what this engine really supports: literal inputs only (no script engine, issue 6), one
/// storage for variables, and none of Elsa's optional activation/log/incident/commit strategies.
/// </summary>
public static class DescriptorCatalog
{
    /// <summary>
    /// Literal is the only browsable type. Studio's editor crashes (NoElements) unless one type other than
    /// Literal/Object/Variable/Input exists, so JavaScript is listed as not browsable and is refused on save.
    /// </summary>
    public static readonly IReadOnlyList<ExpressionDescriptorModel> Expressions =
    [
        new("Literal", "Literal", IsSerializable: true, IsBrowsable: true, new Dictionary<string, object>()),
        new("JavaScript", "JavaScript", IsSerializable: true, IsBrowsable: false, new Dictionary<string, object> { ["MonacoLanguage"] = "javascript" }),
    ];

    /// <summary>Variable types the engine can hold as literals.</summary>
    public static readonly IReadOnlyList<VariableDescriptorModel> VariableTypes =
    [
        new("String", "String", "Primitives", "Tekst"),
        new("Int32", "Int32", "Primitives", "Geheel getal"),
        new("Boolean", "Boolean", "Primitives", "Ja/nee"),
        new("DateTimeOffset", "DateTimeOffset", "Primitives", "Tijdstip met tijdzone"),
        new("TimeSpan", "TimeSpan", "Primitives", "Tijdsduur"),
    ];

    /// <summary>Variables live in the instance state, committed with each step.</summary>
    public static readonly IReadOnlyList<StorageDriverDescriptorModel> StorageDrivers =
    [
        new("Workflow", "Werkstroominstantie", 0, Deprecated: false),
    ];

    public static readonly IReadOnlyList<StrategyDescriptorModel> None = [];
}
