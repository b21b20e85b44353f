using System.Globalization;
using System.Text.Json;
using ChatArchive.Sealing.Canonical;

namespace ChatArchive.Sealing.Chain;

/// <summary>
/// What a seal asserts (issue 5 §3): this package, its tag manifest's SHA-256, and the hash of the previous seal of the
/// same officeholder and channel. The statement's bytes are signed; their SHA-256 is the seal hash the next seal chains to.
/// </summary>
public sealed record SealStatement(
    string PackageId,
    string OfficeholderId,
    string Channel,
    long Sequence,
    string ReadOutId,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateTimeOffset SealedAt,
    string SealedBy,
    string TagManifestSha256,
    string PreviousSealSha256,
    string KeyId)
{
    public const string Format = "chatarchive-seal/1";

    /// <summary>The "previous seal" of the first package of a chain.</summary>
    public static readonly string Genesis = new('0', 64);

    public byte[] ToBytes() => CanonicalJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("packageId", PackageId);
        w.WriteString("officeholderId", OfficeholderId);
        w.WriteString("channel", Channel);
        w.WriteNumber("sequence", Sequence);
        w.WriteString("readOutId", ReadOutId);
        w.WriteString("periodStart", CanonicalJson.Date(PeriodStart));
        w.WriteString("periodEnd", CanonicalJson.Date(PeriodEnd));
        w.WriteString("sealedAt", CanonicalJson.Instant(SealedAt));
        w.WriteString("sealedBy", SealedBy);
        w.WriteString("tagManifestSha256", TagManifestSha256);
        w.WriteString("previousSealSha256", PreviousSealSha256);
        w.WriteString("keyId", KeyId);
        w.WriteEndObject();
    });

    /// <summary>Parses a statement; null when it is not one (the verifier reports that).</summary>
    public static SealStatement? TryParse(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != Format) return null;
            string S(string n) => r.GetProperty(n).GetString() ?? throw new FormatException(n);
            return new SealStatement(
                S("packageId"), S("officeholderId"), S("channel"), r.GetProperty("sequence").GetInt64(), S("readOutId"),
                DateOnly.ParseExact(S("periodStart"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(S("periodEnd"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(S("sealedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                S("sealedBy"), S("tagManifestSha256"), S("previousSealSha256"), S("keyId"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
