using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Ingestion.Tests.Pipeline;

public class FingerprintTests
{
    private static readonly DateTimeOffset At = new(2023, 3, 1, 9, 1, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Line_endings_and_invisible_marks_do_not_change_a_message_identity()
    {
        Assert.Equal(Fingerprint.Of("Anna Jansen", At, "Eerste regel\nTweede regel", false), Fingerprint.Of("Anna Jansen", At, "Eerste regel\r\nTweede\u200E regel", false));
    }

    [Fact]
    public void Sender_instant_text_and_tombstone_each_change_the_identity()
    {
        var baseline = Fingerprint.Of("Anna Jansen", At, "Ok", false);
        Assert.NotEqual(baseline, Fingerprint.Of("Anna Janssen", At, "Ok", false));
        Assert.NotEqual(baseline, Fingerprint.Of("Anna Jansen", At.AddMinutes(1), "Ok", false));
        Assert.NotEqual(baseline, Fingerprint.Of("Anna Jansen", At, "Ok.", false));
        Assert.NotEqual(baseline, Fingerprint.Of("Anna Jansen", At, "Ok", true));
    }

    [Fact]
    public void The_same_instant_written_with_another_offset_is_the_same_message()
    {
        Assert.Equal(Fingerprint.Of("Anna Jansen", At, "Ok", false), Fingerprint.Of("Anna Jansen", At.ToUniversalTime(), "Ok", false));
    }

    [Fact]
    public void Bytes_round_trip()
    {
        var f = Fingerprint.Of(new CanonicalMessage("Anna Jansen", At, "Ok", []));
        Assert.Equal(f, Fingerprint.FromBytes(f.ToBytes()));
        Assert.Equal(32, f.ToString().Length);
    }

    [Fact]
    public void Occurrences_count_identical_messages_per_conversation()
    {
        var c = new OccurrenceCounter();
        var f = Fingerprint.Of("Anna Jansen", At, "Ok", false);
        Assert.Equal(0, c.Next("chat-a", f));
        Assert.Equal(1, c.Next("chat-a", f));
        Assert.Equal(0, c.Next("chat-b", f));
        Assert.Equal(2, c.Count("chat-a", f));
    }
}
