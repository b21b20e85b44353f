using System.Buffers;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Teams;

namespace ChatArchive.Ingestion.Tests.Teams;

/// <summary>The spill encoding of one record gives back every field exactly (the external sort depends on it).</summary>
public class TeamsRecordCodecTests
{
    [Fact]
    public void Message_with_attachments_and_nulls_comes_back_field_for_field()
    {
        var sent = new DateTimeOffset(2023, 10, 29, 2, 30, 0, TimeSpan.FromHours(1));
        var message = new CanonicalMessage(
            "Sanne Visser", sent, "Regel één\nRegel twee 👍", [
                new AttachmentRef("Kamerbrief stikstof concept.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 63, "e38af75277573f5ce0148cd5f3386df6263ad938a7e83725841f06b6abdb8a58", true),
                new AttachmentRef("schema.png", null, null, null, false),
            ],
            Edited: true, Deleted: false, SourceId: "1686564300000", ReplyToSourceId: null);
        var record = new TeamsRecord("1686564300000", "teams:19:abc@thread.v2", sent, sent.AddMinutes(5), new MessageRead("teams:19:abc@thread.v2", message), null) { Sequence = 41 };

        var back = RoundTrip(record);

        Assert.Equal(41, back.Sequence);
        Assert.Equal(record.Id, back.Id);
        Assert.Equal(record.NumericId, back.NumericId);
        Assert.Equal(record.ChatKey, back.ChatKey);
        Assert.Equal(TimeSpan.FromHours(1), back.Created.Offset);
        Assert.Equal(record.Modified, back.Modified);
        Assert.Null(back.RenamedTo);
        Assert.Equal(TeamsItemText.Line(record.Item), TeamsItemText.Line(back.Item));
    }

    [Fact]
    public void Rename_event_comes_back_with_its_new_name_and_actor()
    {
        var at = new DateTimeOffset(2023, 9, 4, 10, 0, 0, TimeSpan.FromHours(2));
        var evt = new SystemEvent(SystemEventKind.GroupRenamed, at, "Rob Hendriks", "chatRenamedEventMessageDetail: Overleg Jeugdzorg Regio Oost");
        var record = new TeamsRecord("1693814400000", "teams:19:b7c8@thread.v2", at, at, new SystemEventRead("teams:19:b7c8@thread.v2", evt), "Overleg Jeugdzorg Regio Oost");

        var back = RoundTrip(record);

        Assert.Equal("Overleg Jeugdzorg Regio Oost", back.RenamedTo);
        Assert.Equal(TeamsItemText.Line(record.Item), TeamsItemText.Line(back.Item));
    }

    [Fact]
    public void Text_with_half_a_surrogate_pair_comes_back_unchanged_not_replaced()
    {
        // UTF-8 cannot hold a lone surrogate; the codec keeps such a string as UTF-16 so nothing becomes U+FFFD.
        var sent = new DateTimeOffset(2023, 6, 12, 11, 30, 0, TimeSpan.FromHours(2));
        var message = new CanonicalMessage("Rob Hendriks", sent, "Kapot teken: \uD83D einde", []);
        var record = new TeamsRecord("x-1", "teams:19:abc@thread.v2", sent, sent, new MessageRead("teams:19:abc@thread.v2", message), null);

        var back = (MessageRead)RoundTrip(record).Item;

        Assert.Equal("Kapot teken: \uD83D einde", back.Message.Text);
        Assert.Equal(long.MaxValue, RoundTrip(record).NumericId);
    }

    private static TeamsRecord RoundTrip(TeamsRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TeamsRecordCodec.Write(record, buffer);
        TeamsRecordCodec.Write(record, buffer);
        var position = 0;
        var first = TeamsRecordCodec.Read(buffer.WrittenSpan, ref position);
        var second = TeamsRecordCodec.Read(buffer.WrittenSpan, ref position);
        // Two in a row: each read stops exactly where the next record starts.
        Assert.Equal(buffer.WrittenCount, position);
        Assert.Equal(TeamsItemText.Line(first.Item), TeamsItemText.Line(second.Item));
        return first;
    }
}
