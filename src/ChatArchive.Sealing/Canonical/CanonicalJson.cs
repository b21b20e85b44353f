using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatArchive.Sealing.Canonical;

/// <summary>
/// The one writer configuration for every JSON file inside a package: fixed property order (the code writes
/// them in order), two-space indentation, "\n" line ends, no BOM, relaxed escaping so Dutch text stays readable.
/// Same content therefore always gives the same bytes, on every OS.
/// </summary>
public static class CanonicalJson
{
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(writer);
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Instants as UTC with a "Z", to the tick, so equal instants serialise alike whatever offset they came with.</summary>
    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static void WriteOptional(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }
}
