using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.IMessage;
using ChatArchive.Ingestion.Tests.Formats;

namespace ChatArchive.Ingestion.Tests.IMessage;

public class IMessageExporterReaderTests
{
    private static readonly IMessageExporterReader Reader = new();

    private static List<ExportItem> Export() => FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("imessage", "export"));

    private static List<CanonicalMessage> Anna() =>
        Export().OfType<MessageRead>().Where(m => m.ConversationKey == "imessage:Anna de Vries.txt").Select(m => m.Message).ToList();

    [Fact]
    public void Each_txt_file_is_a_conversation_named_after_the_file()
    {
        var conversations = Export().Conversations();
        Assert.Equal(["Anna de Vries", "Crisisteam Hoogwater"], conversations.Select(c => c.Title));
        Assert.False(conversations[0].IsGroup);
        Assert.Equal(["Anna de Vries", "Me"], conversations[0].Participants);
        Assert.True(conversations[1].IsGroup);
        Assert.Equal(["Ahmed Yilmaz", "+31 6 1234 5678", "Me"], conversations[1].Participants);
    }

    [Fact]
    public void Space_padded_twelve_hour_times_are_read_as_Amsterdam_across_the_spring_change()
    {
        var messages = Anna();
        Assert.Equal(new DateTimeOffset(2023, 3, 25, 21, 14, 5, TimeSpan.FromHours(1)), messages[0].Sent);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 3, 10, 0, TimeSpan.FromHours(2)), messages[1].Sent);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 10, 30, 0, TimeSpan.FromHours(2)), messages[3].Sent);
    }

    [Fact]
    public void Blank_lines_inside_a_message_do_not_end_the_record()
    {
        var message = Anna()[1];
        Assert.Equal("Me", message.Sender);
        Assert.Equal("Ja, net gelezen. Twee punten:\n1. paragraaf 3 is te stellig\n\n2. de planning voor 15-06-2023 klopt niet", message.Text);
    }

    [Fact]
    public void Reactions_block_is_not_text_and_not_a_message()
    {
        var messages = Anna();
        Assert.Equal("Zie de foto van het whiteboard.", messages[2].Text);
        Assert.DoesNotContain(messages, m => m.Text.Contains("Loved by", StringComparison.Ordinal));
    }

    [Fact]
    public void Copied_attachment_is_hashed_from_the_export_folder()
    {
        var image = Assert.Single(Anna()[2].Attachments);
        Assert.Equal("IMG_0042.jpeg", image.FileName);
        Assert.Equal("image/jpeg", image.MediaType);
        Assert.True(image.Present);
        Assert.Equal(53, image.Size);
        Assert.Equal("a42ff3bd0904030b3079933ead345e52af57ba6e702122da57070695bc0281b8", image.Sha256);
    }

    [Fact]
    public void Edited_message_keeps_its_last_version_and_is_flagged_edited()
    {
        var message = Anna()[3];
        Assert.True(message.Edited);
        Assert.Equal("Het overleg is om 15:00 in zaal 2", message.Text);
        Assert.False(Anna()[0].Edited);
    }

    [Fact]
    public void Unsent_message_is_a_deleted_tombstone()
    {
        var message = Anna()[4];
        Assert.True(message.Deleted);
        Assert.Equal("", message.Text);
        Assert.Equal("Anna de Vries", message.Sender);
    }

    [Fact]
    public void Original_attachment_path_outside_the_export_is_not_present()
    {
        var message = Anna()[5];
        Assert.Equal("", message.Text);
        var pdf = Assert.Single(message.Attachments);
        Assert.Equal("Begroting 2024 concept.pdf", pdf.FileName);
        Assert.False(pdf.Present);
    }

    [Fact]
    public void Indented_thread_reply_is_its_own_message_after_the_one_it_answers()
    {
        var messages = Anna();
        Assert.Equal("Dank, ik kijk ernaar voor de ministerstaf.", messages[6].Text);
        Assert.Equal("Graag voor vrijdag.", messages[7].Text);
        Assert.Equal("Anna de Vries", messages[7].Sender);
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 10, 25, 0, TimeSpan.FromHours(2)), messages[7].Sent);
    }

    [Fact]
    public void Reply_note_is_not_part_of_the_text()
    {
        Assert.Equal("Prima, dan plan ik het in.", Anna()[8].Text);
    }

    [Fact]
    public void Repeated_autumn_hour_is_resolved_by_file_order()
    {
        var messages = Anna();
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 2, 30, 0, TimeSpan.FromHours(2)), messages[^2].Sent);
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 2, 20, 0, TimeSpan.FromHours(1)), messages[^1].Sent);
        Assert.Equal(12, messages.Count);
    }

    [Fact]
    public void Rename_announcements_are_system_events_with_their_actor()
    {
        var events = Export().Events().Where(e => e.Kind != SystemEventKind.Other).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(SystemEventKind.GroupRenamed, e.Kind));
        Assert.Equal("Me", events[0].Actor);
        Assert.Equal("Ahmed Yilmaz", events[1].Actor);
        Assert.Equal(new DateTimeOffset(2021, 7, 15, 9, 0, 0, TimeSpan.FromHours(2)), events[1].At);
        Assert.Contains("Crisisteam Hoogwater Limburg", events[1].Text);
    }

    [Fact]
    public void Message_deleted_from_the_conversation_keeps_its_text_and_the_deletion_is_reported_apart()
    {
        var items = Export();
        var message = Anna()[9];
        Assert.Equal("Kunnen we het over de benoeming van de nieuwe directeur hebben?", message.Text);
        Assert.False(message.Deleted);
        var deletion = Assert.Single(items.Events(), e => e.Kind == SystemEventKind.Other);
        Assert.Equal("Me", deletion.Actor);
        Assert.Equal(message.Sent, deletion.At);
    }

    [Fact]
    public void Expressive_send_note_is_not_part_of_the_text()
    {
        var message = Export().Messages().Single(m => m.Sender == "+31 6 1234 5678");
        Assert.Equal("Ik zit in de auto, bel zo terug.", message.Text);
    }

    [Fact]
    public void Group_attachment_with_spaces_in_its_name_is_found()
    {
        var map = Assert.Single(Export().Messages().Single(m => m.Text.StartsWith("Hierbij de kaart", StringComparison.Ordinal)).Attachments);
        Assert.True(map.Present);
        Assert.Equal("5e277579e180df70e035abda993b6150504c51fc023b417035f3462f51497aac", map.Sha256);
    }

    [Fact]
    public void Text_that_is_not_an_imessage_export_is_refused_in_Dutch_at_its_line()
    {
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("imessage", "broken")));
        Assert.Equal(1, e.Line);
        Assert.Equal("Notities.txt", e.File);
        Assert.Contains("imessage-exporter", e.Message);
    }

    [Fact]
    public void A_record_that_never_ends_is_refused_instead_of_filling_memory()
    {
        var text = "Mar 25, 2023  9:14:05 PM\nAnna de Vries\n" + string.Concat(Enumerable.Repeat("bla\n", 100_005));
        using var temp = FormatFixtures.Bytes("Anna de Vries.txt", System.Text.Encoding.UTF8.GetBytes(text));
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFolder()));
        Assert.Equal(1, e.Line);
        Assert.Contains("meer dan", e.Message);
    }

    [Fact]
    public void Many_blank_lines_inside_a_message_are_kept_in_its_text()
    {
        var text = "Mar 25, 2023  9:14:05 PM\nAnna de Vries\nBegin" + new string('\n', 50_000) + "Einde\n\nMar 25, 2023  9:15:00 PM\nMe\nOk\n\n";
        using var temp = FormatFixtures.Bytes("Anna de Vries.txt", System.Text.Encoding.UTF8.GetBytes(text));
        var messages = FormatFixtures.ReadAll(Reader, temp.AsFolder()).Messages();
        Assert.Equal(2, messages.Count);
        Assert.Equal("Begin" + new string('\n', 50_000) + "Einde", messages[0].Text);
    }

    [Fact]
    public void Date_line_without_sender_at_the_end_is_refused_as_truncated()
    {
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("imessage", "truncated")));
        Assert.Equal(6, e.Line);
        Assert.Contains("afzender", e.Message);
    }
}
