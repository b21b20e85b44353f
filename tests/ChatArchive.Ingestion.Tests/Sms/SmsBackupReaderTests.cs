using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Sms;
using ChatArchive.Ingestion.Tests.Formats;

namespace ChatArchive.Ingestion.Tests.Sms;

public class SmsBackupReaderTests
{
    private static readonly SmsBackupReader Reader = new();

    private static List<ExportItem> Backup() => FormatFixtures.ReadAll(Reader, FormatFixtures.File("sms", "sms-20230401083000.xml"));

    [Fact]
    public void Sms_and_mms_come_out_in_time_order_although_the_file_lists_all_sms_first()
    {
        var sent = Backup().Messages().Select(m => m.Sent).ToList();
        Assert.Equal(6, sent.Count);
        Assert.Equal(sent.Order().ToList(), sent);
        // The last sms (12:00) comes after both mms (10:15 and 11:00).
        Assert.Equal("Tot straks bij de ingang van het stadhuis!", Backup().Messages()[^1].Text);
    }

    [Fact]
    public void Draft_is_not_a_message()
    {
        Assert.DoesNotContain(Backup().Messages(), m => m.Text.StartsWith("Concept:", StringComparison.Ordinal));
    }

    [Fact]
    public void Epoch_milliseconds_are_reported_with_the_Amsterdam_offset_of_that_instant()
    {
        var messages = Backup().Messages();
        Assert.Equal(new DateTimeOffset(2023, 3, 25, 18, 0, 0, TimeSpan.FromHours(1)), messages[0].Sent);
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 9, 15, 0, TimeSpan.FromHours(2)), messages[1].Sent);
    }

    [Fact]
    public void Mms_date_in_seconds_is_recognised_by_its_magnitude()
    {
        var planning = Backup().Messages().Single(m => m.Text.StartsWith("Zie de bijgevoegde planning", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2023, 3, 26, 11, 0, 0, TimeSpan.FromHours(2)), planning.Sent);
    }

    [Fact]
    public void Line_break_character_reference_is_kept_as_a_line_break()
    {
        Assert.Equal("Goedemorgen, de vergadering van de commissie Financiën begint om 10:00.\nNeem je de nota over de begroting mee?", Backup().Messages()[1].Text);
    }

    [Fact]
    public void Emoji_written_as_surrogate_pair_references_is_read_as_the_emoji()
    {
        Assert.Equal("Ja, ik neem hem mee 👍", Backup().Messages()[2].Text);
    }

    [Fact]
    public void Sent_sms_is_from_the_own_account_and_received_sms_from_the_contact()
    {
        var messages = Backup().Messages();
        Assert.Equal("Sanne Visser", messages[1].Sender);
        Assert.Equal("Me", messages[2].Sender);
    }

    [Fact]
    public void One_number_written_three_ways_is_one_conversation()
    {
        var items = Backup();
        var sanne = items.OfType<MessageRead>().Where(m => m.Message.Sender == "Sanne Visser" || (m.Message.Sender == "Me" && m.Message.Text.Contains("neem hem mee", StringComparison.Ordinal)))
            .Select(m => m.ConversationKey).Distinct().ToList();
        Assert.Equal(["sms:+31612345678"], sanne);
        Assert.Single(items.Conversations(), c => c.ConversationKey == "sms:+31612345678");
    }

    [Fact]
    public void Unknown_contact_placeholder_is_not_taken_as_a_name()
    {
        var conversation = Backup().Conversations().Single(c => c.ConversationKey == "sms:+31687654321");
        Assert.Equal("+31687654321", conversation.Title);
        Assert.Equal(["+31687654321", "Me"], conversation.Participants);
        Assert.False(conversation.IsGroup);
        Assert.Equal("+31687654321", Backup().Messages()[0].Sender);
    }

    [Fact]
    public void Group_mms_is_a_group_with_its_members_and_the_sender_from_the_from_address()
    {
        var items = Backup();
        var group = items.Conversations().Single(c => c.IsGroup);
        Assert.Equal(["Sanne Visser", "Mark de Jong", "Me"], group.Participants);
        var photo = items.OfType<MessageRead>().Single(m => m.ConversationKey == group.ConversationKey).Message;
        Assert.Equal("Mark de Jong", photo.Sender);
        Assert.Equal("Foto van de opstelling in de raadszaal.\nZo goed?", photo.Text);
    }

    [Fact]
    public void Smil_layout_part_is_not_an_attachment_and_the_image_part_is_hashed()
    {
        var photo = Backup().Messages().Single(m => m.Text.StartsWith("Foto van de opstelling", StringComparison.Ordinal));
        var image = Assert.Single(photo.Attachments);
        Assert.Equal("IMG_20230326_101500.jpg", image.FileName);
        Assert.Equal("image/jpeg", image.MediaType);
        Assert.True(image.Present);
        Assert.Equal(54, image.Size);
        Assert.Equal("d3c3f64f7a44bc97d3335929a4ea056d4bb7adccd91d10002701619ef7a2f284", image.Sha256);
    }

    [Fact]
    public void Part_without_data_is_an_attachment_that_is_not_present()
    {
        var planning = Backup().Messages().Single(m => m.Text.StartsWith("Zie de bijgevoegde planning", StringComparison.Ordinal));
        var pdf = Assert.Single(planning.Attachments);
        Assert.Equal("Planning Q2.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.MediaType);
        Assert.False(pdf.Present);
        Assert.Equal("Me", planning.Sender);
    }

    [Fact]
    public void Messages_carry_the_line_they_start_on()
    {
        var first = Backup().OfType<MessageRead>().First();
        Assert.Equal(5, first.Line);
    }

    [Fact]
    public void Dtd_with_entities_is_refused_and_nothing_is_read()
    {
        var items = new List<ExportItem>();
        var e = Assert.Throws<ExportFormatException>(() =>
        {
            using var source = FormatFixtures.File("sms", "with-dtd.xml");
            foreach (var item in Reader.Read(source))
            {
                items.Add(item);
            }
        });
        Assert.Empty(items);
        Assert.Equal("with-dtd.xml", e.File);
        Assert.Contains("DTD", e.Message);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Wrong_root_element_is_refused_in_Dutch()
    {
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, FormatFixtures.File("sms", "wrong-root.xml")));
        Assert.Contains("<messages>", e.Message);
        Assert.Contains("<smses>", e.Message);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Truncated_backup_is_refused_naming_the_file()
    {
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, FormatFixtures.File("sms", "truncated.xml")));
        Assert.Equal("truncated.xml", e.File);
        Assert.Contains("afgebroken", e.Message);
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void Invalid_utf8_is_refused_in_Dutch()
    {
        var xml = Encoding.Latin1.GetBytes("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n  <sms address=\"+31612345678\" date=\"1679814900000\" type=\"1\" body=\"Caf\u00e9 om 10 uur?\" />\n</smses>\n");
        using var temp = FormatFixtures.Bytes("sms-latin1.xml", xml);
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFile()));
        Assert.Contains("UTF-8", e.Message);
        Assert.Equal("sms-latin1.xml", e.File);
    }

    [Fact]
    public void Surrogate_pair_split_across_read_chunks_is_still_joined()
    {
        // Pad so that the pair straddles the repair reader's 16 KiB chunk boundary.
        var padding = new string('x', (1 << 14) - 140);
        var xml = $"<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"1\">\n<!--{padding}-->\n<sms address=\"+31612345678\" date=\"1679814900000\" type=\"1\" body=\"Top &#55357;&#56397;&#55357;&#56397;&#55357;&#56397; gedaan\" />\n</smses>\n";
        for (var shift = 0; shift < 30; shift += 3)
        {
            using var temp = FormatFixtures.Bytes("sms-pad.xml", Encoding.UTF8.GetBytes(xml.Replace("<!--", "<!--" + new string('y', shift), StringComparison.Ordinal)));
            Assert.Equal("Top 👍👍👍 gedaan", Assert.Single(FormatFixtures.ReadAll(Reader, temp.AsFile()).Messages()).Text);
        }
    }

    [Fact]
    public void Out_of_range_date_is_refused_in_Dutch_with_its_line()
    {
        var xml = "<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"1\">\n  <sms address=\"+31612345678\" date=\"99999999999999999\" type=\"1\" body=\"Tot morgen\" />\n</smses>\n";
        using var temp = FormatFixtures.Bytes("sms-kapot.xml", Encoding.UTF8.GetBytes(xml));
        var e = Assert.Throws<ExportFormatException>(() => FormatFixtures.ReadAll(Reader, temp.AsFile()));
        Assert.Equal(3, e.Line);
        Assert.Contains("geen geldig tijdstip", e.Message);
    }

    [Fact]
    public void Folder_with_two_backups_and_a_call_log_announces_each_conversation_once()
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-sms-").FullName;
        try
        {
            var original = FormatFixtures.PathOf("sms", "sms-20230401083000.xml");
            File.Copy(original, Path.Combine(folder, "sms-20230401083000.xml"));
            File.Copy(original, Path.Combine(folder, "sms-20230501083000.xml"));
            File.Copy(FormatFixtures.PathOf("sms", "calls-20230401083000.xml"), Path.Combine(folder, "calls-20230401083000.xml"));
            var items = FormatFixtures.ReadAll(Reader, new ChatArchive.Ingestion.Sources.DirectoryExportSource(folder));
            Assert.Equal(4, items.Conversations().Count);
            Assert.Equal(items.Conversations().Count, items.Conversations().Select(c => c.ConversationKey).Distinct().Count());
            Assert.Equal(12, items.Messages().Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Call_log_is_not_detected_as_a_message_backup()
    {
        using var source = FormatFixtures.File("sms", "calls-20230401083000.xml");
        Assert.Equal(0, Reader.Detect(source));
    }
}
