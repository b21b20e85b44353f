namespace ChatArchive.Workflows.Api.Models;

/// <summary>An expression type Studio offers for inputs (only Literal is browsable: no script engine, issue 6).</summary>
public sealed record ExpressionDescriptorModel(string Type, string DisplayName, bool IsSerializable, bool IsBrowsable, IReadOnlyDictionary<string, object> Properties);

/// <summary>Shape shared by activation, log-persistence, incident and commit strategy lists.</summary>
public sealed record StrategyDescriptorModel(string TypeName, string DisplayName, string? Description);

/// <summary>A type a workflow variable may have.</summary>
public sealed record VariableDescriptorModel(string TypeName, string DisplayName, string Category, string? Description);

/// <summary>Where variable values are kept.</summary>
public sealed record StorageDriverDescriptorModel(string TypeName, string DisplayName, double Priority, bool Deprecated);

/// <summary>An installed Elsa feature (the list is empty on this server).</summary>
public sealed record FeatureDescriptorModel(string Name, string Namespace, string FullName, string DisplayName, string? Description);

/// <summary>Response of GET /package/version.</summary>
public sealed record PackageVersionResponse(string PackageVersion);

/// <summary>Response of POST /descriptors/activities/{type}/options/{property}: the input's UI specifications.</summary>
public sealed record ActivityOptionsResponse(IReadOnlyDictionary<string, object?> Items);

/// <summary>One output converter (Elsa's OutputConverterDescriptor); this server has none to offer.</summary>
public sealed record OutputConverterDescriptorModel(string Id, string SourceTypeName, string ResultTypeName, string DisplayName, string? Description,
    System.Text.Json.JsonElement? SettingsSchema);

/// <summary>Response of GET /descriptors/output-converters: <c>{"items":[…]}</c> (no count, as Elsa's).</summary>
public sealed record OutputConvertersResponse(IReadOnlyList<OutputConverterDescriptorModel> Items);
