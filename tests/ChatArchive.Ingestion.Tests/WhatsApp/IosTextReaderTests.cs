using System.Security.Cryptography;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

public class IosTextReaderTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5];
    private static readonly byte[] Pdf = ExportFiles.Utf8("%PDF-1.7 besluit op Woo-verzoek");

    private static (string Format, List<ExportItem> Items) ReadGroupZip() => ExportFiles.Read(ExportFiles.WriteZip(WhatsAppFixtures.IosNlGroupZipName,
        ("_chat.txt", ExportFiles.Utf8(WhatsAppFixtures.IosNlGroup)),
        ("00000004-PHOTO-2023-02-05-14-09-12.jpg", Photo),
        ("00000005-Besluit Woo-verzoek 2023-17.pdf", Pdf),
        ("__MACOSX/._00000004-PHOTO-2023-02-05-14-09-12.jpg", [0, 5, 22, 7])));

    [Fact]
    public void Ios_zip_with_chat_txt_is_detected_and_titled_after_the_zip()
    {
        var (format, items) = ReadGroupZip();
        Assert.Equal(ExportFormats.WhatsAppIos, format);
        Assert.Equal("Projectgroep Woo-verzoeken", items.Conversation().Title);
        Assert.True(items.Conversation().IsGroup);
    }

    [Fact]
    public void Ios_notices_with_a_name_in_the_author_slot_are_system_events_and_that_name_is_not_a_participant()
    {
        var (_, items) = ReadGroupZip();
        Assert.Equal(["Eva Hoekstra", "Daan Mulder", "~\u202FPieter Jansen"], items.Conversation().Participants);
        Assert.Equal([SystemEventKind.EncryptionNotice, SystemEventKind.MemberAdded, SystemEventKind.DisappearingOff], items.Events().Select(e => e.Kind));
        Assert.DoesNotContain(items.Messages(), m => m.Sender == "Projectgroep Woo-verzoeken");
        Assert.Equal("Eva Hoekstra", items.Events()[2].Actor);
    }

    [Fact]
    public void Media_beside_the_chat_gets_size_and_sha256_and_a_document_keeps_the_text_before_the_marker()
    {
        var m = ReadGroupZip().Items.Messages();
        var photo = m[1].Attachments.Single();
        Assert.True(photo.Present);
        Assert.Equal("image/jpeg", photo.MediaType);
        Assert.Equal(Photo.Length, photo.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), photo.Sha256);
        Assert.Equal("", m[1].Text);

        var doc = m[2];
        Assert.Equal("00000005-Besluit Woo-verzoek 2023-17.pdf", doc.Attachments.Single().FileName);
        Assert.True(doc.Attachments.Single().Present);
        Assert.Equal("Besluit Woo-verzoek 2023-17.pdf • 3 pagina's", doc.Text);
    }

    [Fact]
    public void Omitted_image_placeholder_is_an_absent_attachment_without_text()
    {
        var m = ReadGroupZip().Items.Messages()[3];
        Assert.Equal("image/*", m.Attachments.Single().MediaType);
        Assert.False(m.Attachments.Single().Present);
        Assert.Equal("", m.Text);
    }

    [Fact]
    public void Bare_lf_inside_a_crlf_file_stays_inside_the_message()
    {
        var m = ReadGroupZip().Items.Messages()[4];
        Assert.Equal("Zie de nota van gisteren.\nDe termijn loopt af op 20 februari.", m.Text);
        Assert.Equal(new DateTimeOffset(2023, 2, 6, 9, 0, 0, Winter), m.Sent);
    }

    [Fact]
    public void Ios_tombstone_with_period_and_edit_marker_with_lrm_are_recognised()
    {
        var m = ReadGroupZip().Items.Messages();
        Assert.True(m[5].Deleted);
        Assert.Equal("Daan Mulder", m[5].Sender);
        Assert.True(m[6].Edited);
        Assert.Equal("Akkoord, zo versturen", m[6].Text);
    }

    [Fact]
    public void English_ios_one_to_one_takes_its_title_from_the_encryption_notice_and_reports_disappearing_on()
    {
        var (format, items) = ExportFiles.Read(ExportFiles.WriteZip("export.zip", ("_chat.txt", ExportFiles.Utf8(WhatsAppFixtures.IosEnOneToOne))));
        Assert.Equal(ExportFormats.WhatsAppIos, format);
        var c = items.Conversation();
        Assert.Equal("Joost van Dijk", c.Title);
        Assert.False(c.IsGroup);
        Assert.Equal(["Joost van Dijk", "Minister Bakker"], c.Participants);
        Assert.Equal([SystemEventKind.EncryptionNotice, SystemEventKind.DisappearingOn], items.Events().Select(e => e.Kind));
        Assert.Equal("Joost van Dijk", items.Events()[1].Actor);
        var m = items.Messages();
        Assert.Equal(5, m.Count);
        Assert.Equal(new DateTimeOffset(2022, 12, 31, 11, 41, 0, Winter), m[0].Sent);
        Assert.True(m[3].Deleted);
        Assert.True(m[4].Edited);
        Assert.Equal("Zie de agenda", m[4].Text);
    }

    [Fact]
    public void Ios_12_hour_clock_with_seconds_and_two_digit_years()
    {
        var (_, items) = ExportFiles.Read(ExportFiles.WriteZip("WhatsApp Chat - Mark Visser.zip", ("_chat.txt", ExportFiles.Utf8(WhatsAppFixtures.IosEnUs12h))));
        var m = items.Messages();
        Assert.Equal(new DateTimeOffset(2023, 2, 5, 14, 7, 33, Winter), m[0].Sent);
        Assert.Equal(new DateTimeOffset(2023, 2, 5, 23, 58, 1, Winter), m[1].Sent);
        Assert.Equal(new DateTimeOffset(2023, 2, 13, 0, 1, 0, Winter), m[2].Sent);
    }

    [Fact]
    public void Unpacked_ios_export_in_a_folder_reads_the_same_as_the_zip()
    {
        var folder = Path.Combine(ExportFiles.Folder(), "WhatsApp Chat - Projectgroep Woo-verzoeken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "_chat.txt"), WhatsAppFixtures.IosNlGroup);
        File.WriteAllBytes(Path.Combine(folder, "00000004-PHOTO-2023-02-05-14-09-12.jpg"), Photo);
        var (format, items) = ExportFiles.Read(folder);
        Assert.Equal(ExportFormats.WhatsAppIos, format);
        Assert.Equal("Projectgroep Woo-verzoeken", items.Conversation().Title);
        Assert.True(items.Messages()[1].Attachments.Single().Present);
        Assert.False(items.Messages()[2].Attachments.Single().Present);
    }
}
