using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Ingestion.Tests.Pipeline;

/// <summary>
/// Issue 16: the message fingerprint and the day digest pinned to fixed values. A change to the normalisation or the
/// layout fails here first; it must come with a new <see cref="Fingerprint.Scheme"/> and a migration of stored values.
/// </summary>
public class FingerprintGoldenTests
{
    private static readonly DateTimeOffset At = new(2023, 3, 1, 9, 1, 0, TimeSpan.FromHours(1));

    public static TheoryData<string, string, bool, string> Golden => new()
    {
        { "Anna Jansen", "Ok", false, "832bcb9747218eb18a9c9aff9609493f" },
        { "Anna Jansen", "Eerste regel\r\nTweede\u200E regel", false, "81689e3828dff421e84182f7179f61cd" },
        { "Karel", "", true, "d2fb115134e4b2a2187ea4ca3d806b80" },
        { "Bülent Çelik", "Günaydın 😀", false, "05140d18df4fdda9d5724587128335cc" },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void The_fingerprint_has_its_pinned_value_and_matches_the_scheme_written_out(string sender, string text, bool deleted, string expected)
    {
        var actual = Fingerprint.Of(sender, At, text, deleted).ToString();
        Assert.Equal(expected, actual);
        Assert.Equal(expected, SchemeOne(sender, At, text, deleted));
        Assert.Equal(1, Fingerprint.Scheme);
    }

    /// <summary>Scheme 1 written out again from its description, independently of the production code.</summary>
    private static string SchemeOne(string sender, DateTimeOffset at, string text, bool deleted)
    {
        static string Normalize(string s) => s.Replace("\r\n", "\n").Replace('\r', '\n')
            .Replace("\u200E", "").Replace("\u200F", "").Replace("\uFEFF", "").Replace("\u2068", "").Replace("\u2069", "");
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes(Normalize(sender)));
        bytes.Add(0x1F);
        var ticks = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(ticks, at.UtcTicks);
        bytes.AddRange(ticks);
        bytes.Add(deleted ? (byte)1 : (byte)0);
        bytes.AddRange(Encoding.UTF8.GetBytes(Normalize(text)));
        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())[..16]);
    }

    [Theory]
    [InlineData("Anna Jansen", "Ok", false, 1679311665L, 1448409815L)]
    [InlineData("Anna Jansen", "Eerste regel\r\nTweede\u200E regel", false, 1811665460L, 2000471124L)]
    [InlineData("Karel", "", true, 35104749L, 1202296331L)]
    public void The_day_digest_hash_has_its_pinned_value(string sender, string text, bool deleted, long a, long b)
    {
        Assert.Equal((a, b), DayDigestHash.Parts(sender, At, text, deleted));
    }

    [Fact]
    public void The_day_digest_hash_skips_what_the_fingerprint_normalises()
    {
        Assert.Equal(DayDigestHash.Parts("Anna Jansen", At, "Eerste regel\nTweede regel", false),
            DayDigestHash.Parts("Anna Jansen", At, "Eerste regel\r\nTweede\u200E regel", false));
    }
}
