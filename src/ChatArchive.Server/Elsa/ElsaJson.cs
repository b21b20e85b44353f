using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Server.Elsa;

/// <summary>
/// JSON as Elsa Studio reads it (ELSA-STUDIO-CONTRACT.md "JSON rules"): camelCase names exactly (Studio's
/// System.Text.Json is case-sensitive), enums as strings, nulls written (lists are never null: the models
/// initialise them). Kept local to /elsa/api so other APIs keep their own settings.
/// </summary>
public static class ElsaJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>200 with the Elsa serialisation.</summary>
    public static IResult Ok<T>(T value) => Results.Json(value, Options);
}
