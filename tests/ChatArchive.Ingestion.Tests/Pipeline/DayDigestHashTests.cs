using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Ingestion.Tests.Pipeline;

public class DayDigestHashTests
{
    private static readonly DateTimeOffset At = new(2024, 2, 1, 9, 1, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Carriage_returns_and_invisible_marks_do_not_change_the_day_hash()
    {
        Assert.Equal(DayDigestHash.Parts("Sanne de Vries", At, "Regel een\nRegel twee", false),
            DayDigestHash.Parts("Sanne de Vries", At, "Regel een\r\n\u200ERegel twee", false));
    }

    [Fact]
    public void Sender_time_text_and_tombstone_each_change_the_day_hash_and_parts_stay_31_bits()
    {
        var parts = new[]
        {
            DayDigestHash.Parts("Sanne de Vries", At, "Ok", false),
            DayDigestHash.Parts("Sanne de Vriës", At, "Ok", false),
            DayDigestHash.Parts("Sanne de Vries", At.AddMinutes(1), "Ok", false),
            DayDigestHash.Parts("Sanne de Vries", At, "Ok!", false),
            DayDigestHash.Parts("Sanne de Vries", At, "Ok", true),
        };
        Assert.Equal(parts.Length, parts.Distinct().Count());
        Assert.All(parts, p => Assert.InRange(p.A, 0, int.MaxValue));
        Assert.All(parts, p => Assert.InRange(p.B, 0, int.MaxValue));
    }
}
