using ChatArchive.Workflows.Api.Models;

namespace ChatArchive.Workflows.Api;

/// <summary>
/// The fixed descriptor lists Studio loads with the editor (ELSA-STUDIO-CONTRACT.md "Editor load"). They state what
/// this engine really supports: Literal, JavaScript (Jint, sandboxed) and Liquid (Fluid) inputs, one storage for
/// variables, and none of Elsa's optional activation/log/incident/commit strategies. C# is not offered: the engine
/// refuses it (arbitrary .NET code on the archive server is not acceptable).
/// </summary>
public static class DescriptorCatalog
{
    /// <summary>
    /// The expression types a process owner picks in the editor. Studio's editor crashes (NoElements) unless one type
    /// other than Literal/Object/Variable/Input exists; JavaScript and Liquid are such types and the engine runs them.
    /// </summary>
    public static readonly IReadOnlyList<ExpressionDescriptorModel> Expressions =
    [
        new("Literal", "Literal", IsSerializable: true, IsBrowsable: true, new Dictionary<string, object>()),
        new("JavaScript", "JavaScript", IsSerializable: true, IsBrowsable: true, new Dictionary<string, object> { ["MonacoLanguage"] = "javascript" }),
        new("Liquid", "Liquid", IsSerializable: true, IsBrowsable: true, new Dictionary<string, object> { ["MonacoLanguage"] = "liquid" }),
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
