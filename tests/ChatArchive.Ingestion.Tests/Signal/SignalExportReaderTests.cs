using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Signal;
using ChatArchive.Ingestion.Tests.Formats;

namespace ChatArchive.Ingestion.Tests.Signal;

public class SignalExportReaderTests
{
    private static readonly SignalExportReader Reader = new();

    private static List<ExportItem> Export() => FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "export"));

    [Fact]
    public void One_to_one_conversation_takes_its_title_from_the_folder_and_its_participants_from_the_senders()
    {
        var conversation = Assert.Single(Export().Conversations());
        Assert.Equal("Anna de Vries", conversation.Title);
        Assert.False(conversation.IsGroup);
        Assert.Equal(["Anna de Vries", "Me"], conversation.Participants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Multi_line_text_keeps_its_line_breaks_and_loses_only_the_exporters_two_trailing_spaces()
    {
        var messages = Export().Messages();
        Assert.Equal("Goedenavond, heb je de conceptbrief over de stikstofaanpak al gezien?", messages[0].Text);
        Assert.Equal("Ja, net gelezen. Twee punten:\n1. paragraaf 3 is te stellig\n\n2. de planning voor 15-06-2023 klopt niet", messages[1].Text);
        Assert.Equal("Me", messages[1].Sender);
    }

    [Fact]
    public void Wall_clock_times_are_read_as_Amsterdam_with_the_offset_of_that_day()
    {
        var messages = Export().Messages();
        Assert.Equal(new DateTimeOffset(2023, 3, 25, 21, 14, 5, TimeSpan.FromHours(1)), messages[0].Sent);
        // 26 March 2023 03:10 is just after the spring clock change (FORMATS.md §1.7 example).
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 3, 10, 0, TimeSpan.FromHours(2)), messages[1].Sent);
    }

    [Fact]
    public void The_repeated_autumn_hour_is_resolved_by_file_order()
    {
        var messages = Export().Messages();
        var before = messages[^2];
        var after = messages[^1];
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 2, 30, 0, TimeSpan.FromHours(2)), before.Sent);
        // 02:20 after 02:30 in the file can only be the second 02:20, in winter time.
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 2, 20, 0, TimeSpan.FromHours(1)), after.Sent);
        Assert.True(after.Sent > before.Sent);
    }

    [Fact]
    public void A_time_in_the_spring_gap_is_read_with_the_winter_offset()
    {
        // 02:30 on 26 March 2023 never showed on an Amsterdam clock; a clock that had not moved yet meant 01:30 UTC.
        using var temp = FormatFixtures.Bytes("Anna de Vries/chat.md", "[2023-03-26 02:30:00] Me: Nachtelijk overleg over de dijkbewaking  \n\n"u8.ToArray());
        var message = Assert.Single(FormatFixtures.ReadAll(Reader, temp.AsFolder()).Messages());
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 1, 30, 0, TimeSpan.Zero), message.Sent.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(2), message.Sent.Offset);
    }

    [Fact]
    public void Attachment_in_media_folder_has_size_and_sha256_and_percent_encoded_spaces_are_decoded()
    {
        var pdf = Assert.Single(Export().Messages()[2].Attachments);
        Assert.Equal("Begroting 2024 concept.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.MediaType);
        Assert.True(pdf.Present);
        Assert.Equal(115, pdf.Size);
        Assert.Equal("9c50570f56f7f024f0f77f9f2d99a095d7cc073d1679ef3e2bf1a9de5aa88aa1", pdf.Sha256);
    }

    [Fact]
    public void Reactions_are_not_part_of_the_text()
    {
        Assert.Equal("Zie bijlage, met mijn opmerkingen.", Export().Messages()[2].Text);
    }

    [Fact]
    public void Image_without_text_is_a_message_with_empty_text_and_the_image()
    {
        var photo = Export().Messages()[3];
        Assert.Equal("", photo.Text);
        var image = Assert.Single(photo.Attachments);
        Assert.Equal("image/jpeg", image.MediaType);
        Assert.Equal("d4d2ad2015952acb40830249daa55da7ec03f382f76a30ee3d5d2ef6e65a595b", image.Sha256);
    }

    [Fact]
    public void Attachment_named_but_missing_from_media_is_not_present()
    {
        var voice = Assert.Single(Export().Messages()[6].Attachments);
        Assert.Equal("Spraakbericht 2023-06-12.m4a", voice.FileName);
        Assert.False(voice.Present);
        Assert.Null(voice.Sha256);
        Assert.Null(voice.Size);
    }

    [Fact]
    public void Deleted_for_everyone_message_is_a_tombstone_without_content()
    {
        var tombstone = Export().Messages()[4];
        Assert.True(tombstone.Deleted);
        Assert.Equal("", tombstone.Text);
        Assert.Equal("Anna de Vries", tombstone.Sender);
    }

    [Fact]
    public void Quoted_reply_keeps_only_the_replys_own_text()
    {
        Assert.Equal(
            "Sorry, verkeerde chat. Wat ik bedoelde: het overleg met de provincie Gelderland is verplaatst naar donderdag.",
            Export().Messages()[5].Text);
    }

    [Fact]
    public void Chat_md_gives_the_same_messages_as_data_json()
    {
        var fromJson = Export().Messages();
        var fromMarkdown = FormatFixtures.ReadAll(Reader,
            new HidingSource(FormatFixtures.Folder("signal", "export"), e => e.EndsWith("data.json", StringComparison.Ordinal))).Messages();
        Assert.Equal(fromJson.Count, fromMarkdown.Count);
        for (var i = 0; i < fromJson.Count; i++)
        {
            Assert.Equal(fromJson[i].Text, fromMarkdown[i].Text);
            Assert.Equal(fromJson[i].Sender, fromMarkdown[i].Sender);
            Assert.Equal(fromJson[i].Deleted, fromMarkdown[i].Deleted);
            Assert.Equal(fromJson[i].Attachments, fromMarkdown[i].Attachments);
            // chat.md writes whole seconds; data.json can carry the fraction.
            Assert.Equal(fromJson[i].Sent.ToUnixTimeSeconds(), fromMarkdown[i].Sent.ToUnixTimeSeconds());
            Assert.Equal(fromJson[i].Sent.Offset, fromMarkdown[i].Sent.Offset);
        }
    }

    [Fact]
    public void Group_chat_in_markdown_has_every_member_as_participant_and_is_a_group()
    {
        var items = FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "markdown-group"));
        var conversation = Assert.Single(items.Conversations());
        Assert.True(conversation.IsGroup);
        Assert.Equal("Overleg Jeugdzorg Regio Oost", conversation.Title);
        Assert.Equal(["Fatima El Amrani", "Joost van den Berg", "Me"], conversation.Participants.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("No-Sender", conversation.Participants);
    }

    [Fact]
    public void Continuation_lines_that_start_with_a_time_stay_in_the_message()
    {
        var first = FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "markdown-group")).Messages()[0];
        Assert.Equal("Goedemorgen allemaal. Agenda voor donderdag:\n10:30 overleg met de wethouder\n12:00 lunch met de gemeentesecretaris", first.Text);
    }

    [Fact]
    public void Empty_record_without_attachment_is_a_system_event_not_a_message()
    {
        var items = FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "markdown-group"));
        var notice = Assert.Single(items.Events());
        Assert.Null(notice.Actor);
        Assert.Equal(new DateTimeOffset(2023, 9, 4, 9, 0, 0, TimeSpan.FromHours(2)), notice.At);
        Assert.Equal(6, items.Messages().Count);
        Assert.True(items.Messages()[^1].Deleted);
    }

    [Fact]
    public void Media_not_exported_and_missing_documents_are_attachments_marked_not_present()
    {
        var messages = FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "markdown-group")).Messages();
        var note = Assert.Single(messages[2].Attachments);
        Assert.Equal("Notitie wachttijden jeugdzorg.docx", note.FileName);
        Assert.False(note.Present);
        Assert.Equal("Prima. Hierbij de notitie.", messages[2].Text);
        var skipped = Assert.Single(messages[3].Attachments);
        Assert.False(skipped.Present);
        Assert.Equal("", messages[3].Text);
    }

    [Fact]
    public void Sticker_without_text_is_written_as_its_emoji()
    {
        var sticker = FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "markdown-group")).Messages()[4];
        Assert.Equal("👍", sticker.Text);
        Assert.Equal("Joost van den Berg", sticker.Sender);
    }

    [Fact]
    public void Older_layout_with_comma_and_without_seconds_is_read()
    {
        var items = FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "old-layout"));
        var messages = items.Messages();
        Assert.Equal(2, messages.Count);
        Assert.Equal(new DateTimeOffset(2019, 5, 29, 15, 6, 0, TimeSpan.FromHours(2)), messages[1].Sent);
        Assert.Equal("Komt eraan, ik zet ze in de gedeelde map.", messages[1].Text);
    }

    [Fact]
    public void Truncated_data_json_is_refused_in_Dutch_naming_file_and_line()
    {
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("signal", "truncated")));
        Assert.Equal("Kees Jansen/data.json", e.File);
        Assert.Equal(2, e.Line);
        Assert.Contains("Regel 2", e.Message);
        Assert.Contains("opnieuw", e.Message);
    }

    [Fact]
    public void Invalid_utf8_in_data_json_is_refused_with_its_line()
    {
        var line1 = "{\"date\": \"2023-05-01T09:58:00\", \"sender\": \"Me\", \"body\": \"Goed  \"}\n"u8.ToArray();
        var line2 = "{\"date\": \"2023-05-01T10:00:00\", \"sender\": \"Kees\", \"body\": \"Caf"u8.ToArray().Concat(new byte[] { 0xE9 }).Concat("  \"}\n"u8.ToArray()).ToArray();
        using var temp = FormatFixtures.Bytes("Kees/data.json", [.. line1, .. line2]);
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFolder()));
        Assert.Equal(2, e.Line);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Impossible_date_in_chat_md_is_refused_in_Dutch_with_its_line()
    {
        using var temp = FormatFixtures.Bytes("Anna de Vries/chat.md", "[2023-03-25 21:14:05] Me: Goed  \n\n[2023-13-45 10:00:00] Me: Kapot  \n\n"u8.ToArray());
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFolder()));
        Assert.Equal(3, e.Line);
        Assert.Contains("ongeldige datum", e.Message);
    }

    [Fact]
    public void Folder_without_chat_md_or_data_json_is_refused_in_Dutch()
    {
        using var temp = FormatFixtures.Bytes("Lege map/notities.txt", "geen export"u8.ToArray());
        var e = Assert.Throws<ExportFormatException>(() => Reader.Read(temp.AsFolder()).ToList());
        Assert.Contains("signal-export", e.Message);
    }
}
