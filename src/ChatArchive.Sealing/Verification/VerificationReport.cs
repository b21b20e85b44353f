using ChatArchive.Sealing.Canonical;

namespace ChatArchive.Sealing.Verification;

/// <summary>The result of a verification run; <see cref="ToJson"/> is the exact output of <c>chatarchive verify --json</c>.</summary>
public sealed record VerificationReport(int Packages, IReadOnlyList<VerificationProblem> Problems)
{
    public bool Valid => Problems.Count == 0;

    /// <summary><c>{"valid":…,"packages":n,"problems":[{"package","file","kind","detail"}]}</c> on one line.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(ms, new System.Text.Json.JsonWriterOptions { Encoder = CanonicalJson.WriterOptions.Encoder }))
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", Valid);
            w.WriteNumber("packages", Packages);
            w.WriteStartArray("problems");
            foreach (var p in Problems)
            {
                w.WriteStartObject();
                w.WriteString("package", p.Package);
                w.WriteOptional("file", p.File);
                w.WriteString("kind", p.Kind);
                w.WriteString("detail", p.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
