using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Teams;
using ChatArchive.Ingestion.Tests.Formats;

namespace ChatArchive.Ingestion.Tests.Teams;

public class TeamsGraphReaderTests
{
    private static readonly TeamsGraphReader Reader = new();

    private static List<ExportItem> Read(string fixture) => FormatFixtures.ReadAll(Reader, FormatFixtures.Folder("teams", fixture));

    [Fact]
    public void Pages_listed_newest_first_come_out_in_creation_order()
    {
        var messages = Read("chat-1on1").Messages();
        Assert.Equal(
            ["1673856000000", "1686562200000", "1686562500000", "1686563100000", "1686563400000", "1686564000000", "1686564300000", "1686564600000"],
            messages.Select(m => m.SourceId));
        Assert.Equal(messages.Select(m => m.Sent).Order().ToList(), messages.Select(m => m.Sent).ToList());
    }

    [Fact]
    public void A_message_that_appears_in_two_pages_is_read_once_in_its_latest_version()
    {
        var edited = Read("chat-1on1").Messages().Where(m => m.SourceId == "1686564300000").ToList();
        var message = Assert.Single(edited);
        Assert.Equal("Overleg verplaatst naar 15:00.\nZaal 2.14", message.Text);
        Assert.True(message.Edited);
    }

    [Fact]
    public void Utc_timestamps_are_reported_with_the_Amsterdam_offset_of_the_day()
    {
        var messages = Read("chat-1on1").Messages();
        Assert.Equal(new DateTimeOffset(2023, 1, 16, 9, 0, 0, TimeSpan.FromHours(1)), messages[0].Sent);
        Assert.Equal(new DateTimeOffset(2023, 6, 12, 11, 30, 0, TimeSpan.FromHours(2)), messages[1].Sent);
        Assert.Equal(TimeSpan.FromHours(2), messages[1].Sent.Offset);
    }

    [Fact]
    public void Html_paragraphs_become_lines_and_entities_are_decoded()
    {
        var messages = Read("chat-1on1").Messages();
        Assert.Equal("Goedemorgen Rob,\nde conceptbrief staat klaar.", messages[1].Text);
        Assert.Equal("Dank je, ik lees hem vandaag.\nReactie volgt.", messages[2].Text);
        Assert.Equal("Hierbij de Kamerbrief & de nota.", messages[3].Text);
    }

    [Fact]
    public void Shared_file_beside_the_json_is_hashed_and_one_only_linked_is_not_present()
    {
        var messages = Read("chat-1on1").Messages();
        var brief = Assert.Single(messages[3].Attachments);
        Assert.Equal("Kamerbrief stikstof concept.docx", brief.FileName);
        Assert.True(brief.Present);
        Assert.Equal(63, brief.Size);
        Assert.Equal("e38af75277573f5ce0148cd5f3386df6263ad938a7e83725841f06b6abdb8a58", brief.Sha256);
        var reaction = Assert.Single(messages[4].Attachments);
        Assert.Equal("Reactie provincie Gelderland.pdf", reaction.FileName);
        Assert.Equal("application/pdf", reaction.MediaType);
        Assert.False(reaction.Present);
    }

    [Fact]
    public void Mention_keeps_the_name_in_the_text()
    {
        Assert.Equal("Sanne Visser kun je ook de reactie van de provincie sturen? Die heb ik al:", Read("chat-1on1").Messages()[4].Text);
    }

    [Fact]
    public void Deleted_message_is_a_tombstone_from_its_sender()
    {
        var message = Read("chat-1on1").Messages()[5];
        Assert.True(message.Deleted);
        Assert.Equal("", message.Text);
        Assert.Equal("Sanne Visser", message.Sender);
    }

    [Fact]
    public void Inline_image_is_an_attachment_that_is_not_in_the_export()
    {
        var message = Read("chat-1on1").Messages()[7];
        Assert.Equal("Foto van de sheet:", message.Text);
        Assert.False(Assert.Single(message.Attachments).Present);
    }

    [Fact]
    public void Two_person_chat_is_one_to_one_with_both_as_participants()
    {
        var conversation = Assert.Single(Read("chat-1on1").Conversations());
        Assert.False(conversation.IsGroup);
        Assert.Equal(["Sanne Visser", "Rob Hendriks"], conversation.Participants);
    }

    [Fact]
    public void Group_chat_takes_its_title_from_the_rename_event()
    {
        var conversation = Assert.Single(Read("group-chat").Conversations());
        Assert.True(conversation.IsGroup);
        Assert.Equal("Overleg Jeugdzorg Regio Oost", conversation.Title);
    }

    [Fact]
    public void System_events_are_kept_apart_with_kind_and_initiator()
    {
        var items = Read("group-chat");
        var events = items.Events();
        Assert.Equal([SystemEventKind.MemberAdded, SystemEventKind.GroupRenamed, SystemEventKind.MemberLeft], events.Select(e => e.Kind));
        Assert.Equal("Rob Hendriks", events[0].Actor);
        Assert.Contains("Fatima El Amrani", events[0].Text);
        // A member without a display name is named by id, never dropped.
        Assert.Contains("0a1b2c3d-0000-4000-8000-000000000004", events[0].Text);
        Assert.Equal("Joost van den Berg", events[2].Actor);
        Assert.Equal(new DateTimeOffset(2023, 9, 4, 10, 0, 0, TimeSpan.FromHours(2)), events[2].At);
        Assert.Equal(3, items.Messages().Count);
    }

    [Fact]
    public void Bot_message_is_from_the_application_and_a_card_is_not_a_file()
    {
        var bot = Read("group-chat").Messages().Single(m => m.Sender == "Planner");
        Assert.Empty(bot.Attachments);
        Assert.Equal("", bot.Text);
    }

    [Fact]
    public void Truncated_page_is_refused_in_Dutch_with_the_file_named()
    {
        var e = Assert.Throws<ExportFormatException>(() => Read("truncated"));
        Assert.Equal("messages.json", e.File);
        Assert.Contains("afgebroken", e.Message);
    }

    [Fact]
    public void Json_without_a_value_array_is_refused_in_Dutch()
    {
        using var temp = FormatFixtures.Bytes("chats.json", "{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#chats\", \"id\": \"19:abc@thread.v2\"}"u8.ToArray());
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFolder()));
        Assert.Contains("value", e.Message);
        Assert.Equal("chats.json", e.File);
    }

    [Fact]
    public void Created_time_at_the_end_of_the_calendar_is_refused_not_overflowed()
    {
        using var temp = FormatFixtures.Bytes("messages.json", "{\"value\": [{\"id\": \"1\", \"messageType\": \"message\", \"createdDateTime\": \"9999-12-31T23:59:59.000Z\", \"body\": {\"contentType\": \"text\", \"content\": \"x\"}}]}"u8.ToArray());
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFolder()));
        Assert.Contains("createdDateTime", e.Message);
    }

    [Fact]
    public void Message_without_created_time_is_refused_and_nothing_is_yielded()
    {
        using var temp = FormatFixtures.Bytes("messages.json", "{\"value\": [{\"id\": \"1\", \"messageType\": \"message\", \"createdDateTime\": \"2023-09-04T06:00:00.000Z\", \"body\": {\"contentType\": \"text\", \"content\": \"goed\"}}, {\"id\": \"2\", \"messageType\": \"message\", \"body\": {\"contentType\": \"text\", \"content\": \"zonder tijd\"}}]}"u8.ToArray());
        var seen = new List<ExportItem>();
        var e = Assert.Throws<ExportFormatException>(() =>
        {
            using var source = temp.AsFolder();
            foreach (var item in Reader.Read(source))
            {
                seen.Add(item);
            }
        });
        Assert.Empty(seen);
        Assert.Contains("createdDateTime", e.Message);
    }
}
