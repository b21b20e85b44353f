using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>
/// The one JSON dialect of the engine: camelCase, enums as strings, case-sensitive
/// (ELSA-STUDIO-CONTRACT.md "JSON rules": Studio reads with System.Text.Json without case-insensitivity).
/// </summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);

    /// <summary>Indented, for the workflows/ files and exports a person reads.</summary>
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            PropertyNameCaseInsensitive = false,
            WriteIndented = indented,
            // Dutch text (é, ë) stays readable in the files.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.Converters.Add(new JsonStringEnumConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? Indented : Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("JSON is null.");
}
