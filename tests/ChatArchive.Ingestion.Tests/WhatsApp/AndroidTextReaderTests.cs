using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

public class AndroidTextReaderTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    private static List<ExportItem> ReadNl() =>
        ExportFiles.Read(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl)).Items;

    [Fact]
    public void Dutch_android_export_is_detected_and_titled_after_the_file_name()
    {
        var (format, items) = ExportFiles.Read(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl));
        Assert.Equal(ExportFormats.WhatsAppAndroid, format);
        var c = items.Conversation();
        Assert.Equal("Sanne de Vries", c.Title);
        Assert.False(c.IsGroup);
        Assert.Equal(["Sanne de Vries", "Minister Bakker"], c.Participants);
    }

    [Fact]
    public void Every_record_becomes_one_message_or_one_system_event()
    {
        var items = ReadNl();
        Assert.Equal(13, items.Messages().Count);
        Assert.Equal(2, items.Events().Count);
    }

    [Fact]
    public void Encryption_notice_out_of_order_is_a_system_event_with_its_own_time()
    {
        var e = ReadNl().Events()[0];
        Assert.Equal(SystemEventKind.EncryptionNotice, e.Kind);
        Assert.Null(e.Actor);
        Assert.Equal(new DateTimeOffset(2023, 3, 12, 9, 15, 0, Winter), e.At);
    }

    [Fact]
    public void Multi_line_message_keeps_its_line_breaks_and_the_final_newline_is_not_added()
    {
        var m = ReadNl().Messages();
        Assert.Equal("Dank, ik lees hem vanavond.\nGraag ook de bijlage met de cijfers per provincie.", m[1].Text);
        Assert.Equal("null", m[^1].Text);
    }

    [Fact]
    public void Continuation_lines_that_start_with_a_date_or_time_stay_in_the_message()
    {
        var agenda = ReadNl().Messages().Single(x => x.Text.StartsWith("Agenda", StringComparison.Ordinal));
        Assert.Equal("Agenda:\n15-06-2023 inleveren\n10:30 overleg met de provincie", agenda.Text);
    }

    [Fact]
    public void Two_identical_ok_messages_in_one_minute_are_two_messages()
    {
        var oks = ReadNl().Messages().Where(x => x.Text == "Ok").ToList();
        Assert.Equal(2, oks.Count);
        Assert.Equal(oks[0].Sent, oks[1].Sent);
    }

    [Fact]
    public void Media_omitted_marker_makes_an_omitted_attachment_and_the_next_line_the_text()
    {
        var m = ReadNl().Messages()[4];
        var a = Assert.Single(m.Attachments);
        Assert.False(a.Present);
        Assert.Equal("Kamerbrief stikstof v3.pdf", m.Text);
    }

    [Fact]
    public void File_attached_marker_with_a_leading_lrm_names_the_file_and_marks_it_absent_when_not_in_the_export()
    {
        var m = ReadNl().Messages()[5];
        var a = Assert.Single(m.Attachments);
        Assert.Equal("PTT-20230311-WA0004.opus", a.FileName);
        Assert.Equal("audio/ogg", a.MediaType);
        Assert.False(a.Present);
        Assert.Equal("", m.Text);
    }

    [Fact]
    public void Tombstones_are_authored_deleted_messages_but_a_typed_sentence_inside_a_message_is_not()
    {
        var m = ReadNl().Messages();
        var deleted = m.Where(x => x.Deleted).ToList();
        Assert.Equal(["Sanne de Vries", "Minister Bakker"], deleted.Select(x => x.Sender));
        Assert.All(deleted, d => Assert.Equal("", d.Text));
        Assert.Contains(m, x => !x.Deleted && x.Text == "Ik zei: Dit bericht is verwijderd, toch?");
    }

    [Fact]
    public void Edit_marker_is_stripped_and_sets_the_edited_flag()
    {
        var m = ReadNl().Messages().Single(x => x.Edited);
        Assert.Equal("De planning is aangepast", m.Text);
    }

    [Fact]
    public void Android_notice_without_author_is_disappearing_on_with_the_actor_from_the_sentence()
    {
        var e = ReadNl().Events()[1];
        Assert.Equal(SystemEventKind.DisappearingOn, e.Kind);
        Assert.Equal("Sanne de Vries", e.Actor);
    }

    [Fact]
    public void English_12_hour_clock_with_narrow_no_break_space_and_month_first_dates()
    {
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("WhatsApp Chat with Mark Visser.txt", WhatsAppFixtures.AndroidEnUs12h));
        var m = items.Messages();
        Assert.Equal(6, m.Count);
        Assert.Equal(new DateTimeOffset(2023, 2, 5, 14, 7, 0, Winter), m[0].Sent);
        Assert.Equal(new DateTimeOffset(2023, 2, 14, 9, 0, 0, Winter), m[2].Sent);
        Assert.Equal(new DateTimeOffset(2023, 2, 14, 0, 30, 0, Winter), m[3].Sent); // 12 AM = 00
        Assert.Equal(new DateTimeOffset(2023, 2, 14, 12, 15, 0, Winter), m[4].Sent); // 12 PM = 12
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 10, 0, 0, Winter), m[5].Sent); // "a. m." with NBSP
        Assert.True(m[3].Deleted);
        Assert.Equal("IMG-20230214-WA0007.jpg", m[4].Attachments.Single().FileName);
        Assert.Equal("Foto van het whiteboard na de crisisvergadering", m[4].Text);
        Assert.Equal("Mark Visser", items.Conversation().Title);
    }

    [Fact]
    public void Group_notices_have_no_author_and_a_subject_with_a_colon_is_not_read_as_a_sender()
    {
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("WhatsApp Chat with Crisisteam hoogwater.txt", WhatsAppFixtures.AndroidEnGbGroup));
        var c = items.Conversation();
        Assert.True(c.IsGroup);
        Assert.Equal(["Mark Visser", "Lotte Smit", "Ahmed El Amrani"], c.Participants);
        Assert.Equal(
            [SystemEventKind.GroupCreated, SystemEventKind.MemberAdded, SystemEventKind.MemberAdded, SystemEventKind.GroupRenamed, SystemEventKind.MemberLeft],
            items.Events().Select(e => e.Kind));
        Assert.Equal(["Mark Visser", "Mark Visser", "Mark Visser", "Mark Visser", "Lotte Smit"], items.Events().Select(e => e.Actor));
        Assert.Equal(3, items.Messages().Count);
        Assert.Equal(new DateTimeOffset(2023, 2, 20, 17, 45, 0, Winter), items.Events()[^1].At);
    }

    [Fact]
    public void Times_without_offset_are_read_as_Amsterdam_across_both_clock_changes()
    {
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Sanne de Vries.txt", WhatsAppFixtures.AndroidDst));
        var sent = items.Messages().Select(m => m.Sent).ToList();
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 0, 40, 0, Winter), sent[0]);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 3, 10, 0, Summer), sent[1]);
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 1, 55, 0, Summer), sent[2]);
        // Ambiguous autumn hour: the first 02:30 is the summer-time one; 02:10 after it proves the clock went back.
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 2, 30, 0, Summer), sent[3]);
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 2, 10, 0, Winter), sent[4]);
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 2, 45, 0, Winter), sent[5]);
        Assert.Equal(new DateTimeOffset(2023, 10, 29, 3, 5, 0, Winter), sent[6]);
        Assert.True(sent[4] > sent[3], "the second 02:10 lies after the first 02:30 in real time");
    }

    [Fact]
    public void Bom_and_lrm_before_the_first_header_are_ignored()
    {
        var text = "\u200E" + WhatsAppFixtures.AndroidNl;
        var (format, items) = ExportFiles.Read(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, text, bom: true));
        Assert.Equal(ExportFormats.WhatsAppAndroid, format);
        Assert.Equal(SystemEventKind.EncryptionNotice, items.Events()[0].Kind);
    }

    [Fact]
    public void Crlf_and_lf_files_give_the_same_messages()
    {
        var lf = ExportFiles.Read(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl)).Items.Messages();
        var crlf = ExportFiles.Read(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl.Replace("\n", "\r\n"))).Items.Messages();
        Assert.Equal(lf.Select(m => (m.Sender, m.Sent, m.Text)), crlf.Select(m => (m.Sender, m.Sent, m.Text)));
    }
}
