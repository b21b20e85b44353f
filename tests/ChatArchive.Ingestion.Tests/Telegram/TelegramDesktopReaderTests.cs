using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Telegram;
using ChatArchive.Ingestion.Tests.Formats;

namespace ChatArchive.Ingestion.Tests.Telegram;

public class TelegramDesktopReaderTests
{
    private static readonly TelegramDesktopReader Reader = new();

    private static List<ExportItem> Read(string fixture) => FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("telegram", fixture));

    [Fact]
    public void Personal_chat_is_one_to_one_with_the_dialog_name_as_title()
    {
        var conversation = Assert.Single(Read("single-chat").Conversations());
        Assert.Equal("Lotte Smit", conversation.Title);
        Assert.False(conversation.IsGroup);
        Assert.Equal("telegram:5123456789", conversation.ConversationKey);
    }

    [Fact]
    public void Participants_are_completed_from_the_senders()
    {
        var completed = Assert.Single(Read("single-chat").OfType<ConversationCompleted>());
        Assert.Equal(["Lotte Smit", "Rob Hendriks"], completed.Participants);
    }

    [Fact]
    public void Sent_time_comes_from_date_unixtime_not_from_the_exporting_computers_clock()
    {
        // This export was made on a computer set to UTC: "date" says 00:59, the instant is 01:59 in Amsterdam.
        var messages = Read("single-chat").Messages();
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 1, 59, 0, TimeSpan.FromHours(1)), messages[0].Sent);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 3, 1, 0, TimeSpan.FromHours(2)), messages[1].Sent);
    }

    [Fact]
    public void Formatted_text_is_the_concatenation_of_its_runs_and_edited_is_flagged()
    {
        var message = Read("single-chat").Messages()[1];
        Assert.Equal("Ja. Versie 3 staat in de map.\nDe bijlage volgt, zie het dossier.", message.Text);
        Assert.True(message.Edited);
        Assert.False(Read("single-chat").Messages()[0].Edited);
    }

    [Fact]
    public void Escaped_characters_and_line_separators_are_kept_exactly()
    {
        var message = Read("single-chat").Messages().Single(m => m.SourceId == "109");
        Assert.Equal("Agenda:\n09:30 stand van zaken\u2028en daarna de persverklaring \"Hoogwater\" \\ versie 2", message.Text);
    }

    [Fact]
    public void Downloaded_photo_is_hashed_and_the_reply_link_kept()
    {
        var message = Read("single-chat").Messages().Single(m => m.SourceId == "103");
        Assert.Equal("102", message.ReplyToSourceId);
        var photo = Assert.Single(message.Attachments);
        Assert.Equal("photo_1@26-03-2023_08-14-02.jpg", photo.FileName);
        Assert.Equal("image/jpeg", photo.MediaType);
        Assert.True(photo.Present);
        Assert.Equal(58, photo.Size);
        Assert.Equal("af4103b97c29703baaaec6c5fefd340e99ed4e598ab38d509a7c0a5859e2dc83", photo.Sha256);
    }

    [Fact]
    public void File_not_included_is_an_attachment_that_is_not_present()
    {
        var message = Read("single-chat").Messages().Single(m => m.SourceId == "104");
        var file = Assert.Single(message.Attachments);
        Assert.Equal("Crisisnotitie v3.docx", file.FileName);
        Assert.False(file.Present);
        Assert.Null(file.Sha256);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.MediaType);
    }

    [Fact]
    public void Voice_message_uses_the_stated_mime_type()
    {
        var voice = Assert.Single(Read("single-chat").Messages().Single(m => m.SourceId == "105").Attachments);
        Assert.Equal("audio/ogg", voice.MediaType);
        Assert.Equal("82b6957a193f0f256bc069d871f7eea97d12145100e2fc42d66dd16298115779", voice.Sha256);
    }

    [Fact]
    public void Auto_delete_timer_on_and_off_are_disappearing_message_events_with_their_actor()
    {
        var events = Read("single-chat").Events();
        Assert.Equal([SystemEventKind.DisappearingOn, SystemEventKind.DisappearingOff], events.Select(e => e.Kind));
        Assert.Equal("Rob Hendriks", events[0].Actor);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 9, 30, 0, TimeSpan.FromHours(2)), events[0].At);
        Assert.Contains("86400", events[0].Text);
        Assert.Equal("Lotte Smit", events[1].Actor);
    }

    [Fact]
    public void Unsupported_messages_are_skipped_and_service_messages_are_not_counted_as_messages()
    {
        var messages = Read("single-chat").Messages();
        Assert.Equal(["101", "102", "103", "104", "105", "109"], messages.Select(m => m.SourceId));
        Assert.All(messages, m => Assert.False(m.Deleted));
    }

    [Fact]
    public void Group_service_actions_map_to_membership_and_rename_events()
    {
        var events = Read("group").Events();
        Assert.Equal(
            [SystemEventKind.GroupCreated, SystemEventKind.MemberAdded, SystemEventKind.ViewOnce, SystemEventKind.MemberLeft,
             SystemEventKind.MemberRemoved, SystemEventKind.GroupRenamed, SystemEventKind.MemberJoined],
            events.Select(e => e.Kind));
        Assert.Equal("Ahmed Yilmaz", events[3].Actor);
        Assert.Contains("Eva Mulder", events[4].Text);
        Assert.Contains("Crisisteam Hoogwater", events[5].Text);
        Assert.Equal("Sven de Wit", events[6].Actor);
    }

    [Fact]
    public void Supergroup_is_a_group_and_a_deleted_account_is_named_by_its_id()
    {
        var items = Read("group");
        Assert.True(Assert.Single(items.Conversations()).IsGroup);
        Assert.Contains(items.Messages(), m => m.Sender == "user5999999999");
    }

    [Fact]
    public void Self_destructing_photo_is_kept_as_a_message_and_reported_as_view_once()
    {
        var items = Read("group");
        var photo = items.Messages().Single(m => m.SourceId == "6");
        Assert.False(Assert.Single(photo.Attachments).Present);
        var viewOnce = items.Events().Single(e => e.Kind == SystemEventKind.ViewOnce);
        Assert.Equal("Eva Mulder", viewOnce.Actor);
        Assert.Equal(photo.Sent, viewOnce.At);
    }

    [Fact]
    public void Full_account_export_yields_every_chat_including_left_chats()
    {
        var conversations = Read("full-account").Conversations();
        Assert.Equal(["Saved Messages", "Lotte Smit", "Werkgroep Omgevingswet"], conversations.Select(c => c.Title));
        Assert.Equal([false, false, true], conversations.Select(c => c.IsGroup));
    }

    [Fact]
    public void Message_without_date_unixtime_falls_back_to_the_local_date_read_as_Amsterdam()
    {
        var old = Read("full-account").Messages().Single(m => m.SourceId == "31");
        Assert.Equal(new DateTimeOffset(2022, 11, 3, 16, 45, 0, TimeSpan.FromHours(1)), old.Sent);
    }

    [Fact]
    public void Truncated_result_json_is_refused_in_Dutch_naming_the_file()
    {
        var e = Assert.Throws<ExportFormatException>(() => Read("truncated"));
        Assert.Equal("result.json", e.File);
        Assert.Contains("afgebroken", e.Message);
    }

    [Fact]
    public void Invalid_utf8_inside_a_message_is_refused_in_Dutch()
    {
        var json = Encoding.UTF8.GetBytes("{\"name\": \"Lotte Smit\", \"type\": \"personal_chat\", \"id\": 1, \"messages\": [{\"id\": 1, \"type\": \"message\", \"date\": \"2023-01-10T14:00:00\", \"date_unixtime\": \"1673355600\", \"from\": \"Lotte\", \"text\": \"Caf")
            .Concat(new byte[] { 0xE9 })
            .Concat(Encoding.UTF8.GetBytes("\", \"text_entities\": []}]}"))
            .ToArray();
        using var temp = FormatFixtures.Bytes("result.json", json);
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFolder()));
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void A_message_larger_than_the_read_buffer_is_read_whole()
    {
        var text = string.Join("\n", Enumerable.Range(1, 9000).Select(i => $"Regel {i} van het verslag van de crisisoverleggen"));
        var json = $"{{\"name\": \"Lotte Smit\", \"type\": \"personal_chat\", \"id\": 1, \"messages\": [{{\"id\": 1, \"type\": \"message\", \"date\": \"2023-01-10T14:00:00\", \"date_unixtime\": \"1673355600\", \"from\": \"Lotte Smit\", \"text\": \"{text.Replace("\n", "\\n", StringComparison.Ordinal)}\", \"text_entities\": []}}]}}";
        using var temp = FormatFixtures.Bytes("result.json", Encoding.UTF8.GetBytes(json));
        Assert.Equal(text, Assert.Single(FormatFixtures.ReadAll(Reader, temp.AsFolder()).Messages()).Text);
    }

    [Fact]
    public void Json_that_is_not_a_telegram_export_is_refused_in_Dutch()
    {
        using var temp = FormatFixtures.Bytes("result.json", "{\"naam\": \"geen export\", \"items\": [1, 2, 3]}"u8.ToArray());
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFolder()));
        Assert.Contains("geen chats", e.Message);
    }
}
