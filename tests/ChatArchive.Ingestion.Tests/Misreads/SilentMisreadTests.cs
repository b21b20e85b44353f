using System.IO.Compression;
using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.WhatsApp;

namespace ChatArchive.Ingestion.Tests.Misreads;

/// <summary>
/// Issue 16: every class of export that was read without an error but wrong, on an export written here in that style.
/// Each test fails on the reader before issue 16 (the class it names was silently misread there).
/// </summary>
public class SilentMisreadTests
{
    private const string Lrm = "\u200E";
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);

    // Per language: the iOS encryption notice (or a stable part), an image placeholder, a deletion notice and a location line.
    public static TheoryData<string, string, string, string, string> IosLanguages => new()
    {
        { "de", "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.", "Bild weggelassen", "Diese Nachricht wurde gelöscht.", "Standort: https://maps.google.com/?q=52.09,5.12" },
        { "fr", "Les messages et les appels sont chiffrés de bout en bout.", "image absente", "Ce message a été supprimé.", "Position : https://maps.google.com/?q=52.09,5.12" },
        { "es", "Los mensajes y las llamadas están cifrados de extremo a extremo.", "imagen omitida", "Se eliminó este mensaje.", "Ubicación: https://maps.google.com/?q=52.09,5.12" },
        { "it", "I messaggi e le chiamate sono crittografati end-to-end.", "immagine omessa", "Questo messaggio è stato eliminato.", "Posizione: https://maps.google.com/?q=52.09,5.12" },
        { "pt", "As mensagens e chamadas são encriptadas ponto a ponto.", "imagem não revelada", "Esta mensagem foi apagada.", "Localização: https://maps.google.com/?q=52.09,5.12" },
        { "tr", "Mesajlar ve aramalar uçtan uca şifrelidir.", "görüntü dahil edilmedi", "Bu mesaj silindi.", "Konum: https://maps.google.com/?q=52.09,5.12" },
        { "ar", "الرسائل والمكالمات مشفرة تمامًا بين الطرفين.", "لم يتم إدراج الصورة", "تم حذف هذه الرسالة.", "الموقع: https://maps.google.com/?q=52.09,5.12" },
        { "pl", "Wiadomości i połączenia są szyfrowane end-to-end.", "pominięto obraz", "Ta wiadomość została usunięta.", "Lokalizacja: https://maps.google.com/?q=52.09,5.12" },
        { "cs", "Zprávy a hovory jsou opatřeny koncovým šifrováním.", "obrázek vynechán", "Tato zpráva byla smazána.", "Poloha: https://maps.google.com/?q=52.09,5.12" },
        { "ru", "Сообщения и звонки защищены сквозным шифрованием.", "изображение отсутствует", "Данное сообщение удалено.", "Геопозиция: https://maps.google.com/?q=52.09,5.12" },
        { "nl", "Berichten en gesprekken zijn end-to-end versleuteld.", "afbeelding weggelaten", "Dit bericht is verwijderd.", "Locatie: https://maps.google.com/?q=52.09,5.12" },
        { "en", "Messages and calls are end-to-end encrypted.", "image omitted", "This message was deleted.", "Location: https://maps.google.com/?q=52.09,5.12" },
    };

    [Theory]
    [MemberData(nameof(IosLanguages))]
    public void Ios_in_another_phone_language_keeps_media_deletions_locations_and_the_other_party(string lang, string encryption, string image, string deleted, string location)
    {
        var chat =
            $"[05.02.23, 14:07:00] Karin Vos: {Lrm}{encryption}\n" +
            "[05.02.23, 14:08:00] Jan de Vries: Goedemiddag\n" +
            $"[05.02.23, 14:09:00] Karin Vos: {Lrm}{image}\n" +
            $"[05.02.23, 14:10:00] Karin Vos: {Lrm}{deleted}\n" +
            $"[05.02.23, 14:11:00] Karin Vos: {Lrm}{location}\n" +
            "[05.02.23, 14:12:00] Jan de Vries: Dank je\n";
        var (_, items) = ExportFiles.Read(ExportFiles.WriteZip("WhatsApp Chat - Karin Vos.zip", ("_chat.txt", ExportFiles.Utf8(chat))));

        Assert.Equal(["Jan de Vries", "Karin Vos"], items.Conversation().Participants.Order());
        var m = items.Messages();
        Assert.Equal(5, m.Count);
        var photo = Assert.Single(m[1].Attachments);
        Assert.Equal("image/*", photo.MediaType);
        Assert.Equal("", m[1].Text);
        Assert.True(m[2].Deleted, lang);
        Assert.Equal(location, m[3].Text);
        Assert.Equal(new DateTimeOffset(2023, 2, 5, 14, 11, 0, Winter), m[3].Sent);
        var e = Assert.Single(items.Events());
        Assert.Equal(SystemEventKind.EncryptionNotice, e.Kind);
        Assert.DoesNotContain(items.OfType<ExportNoteRead>(), n => n.Kind == ExportNoteKinds.UnknownNotice);
    }

    [Fact]
    public void An_ios_line_starting_with_lrm_that_is_no_known_notice_stays_a_message_and_is_reported_with_its_line()
    {
        var chat =
            "[05.02.23, 14:07:00] Jan de Vries: Goedemiddag\n" +
            $"[05.02.23, 14:08:00] Karin Vos: {Lrm}Iets wat de catalogus niet kent\n" +
            $"[05.02.23, 14:09:00] Karin Vos: {Lrm}Location: https://maps.google.com/?q=52.09,5.12\n" +
            "[05.02.23, 14:10:00] Jan de Vries: Dank je\n" +
            "[05.02.23, 14:11:00] Jan de Vries: Tot morgen\n" +
            "[05.02.23, 14:12:00] Karin Vos: Tot morgen\n";
        var (_, items) = ExportFiles.Read(ExportFiles.WriteZip("WhatsApp Chat - Karin Vos.zip", ("_chat.txt", ExportFiles.Utf8(chat))));

        var m = items.Messages();
        Assert.Equal(6, m.Count);
        Assert.Equal("Iets wat de catalogus niet kent", m[1].Text);
        Assert.Equal("Location: https://maps.google.com/?q=52.09,5.12", m[2].Text);
        Assert.Empty(items.Events());
        var note = Assert.Single(items.OfType<ExportNoteRead>(), n => n.Kind == ExportNoteKinds.UnknownNotice);
        Assert.Equal("1: 2", note.Detail);

        var findings = new ReadOutFindings();
        foreach (var item in items) findings.Observe(item);
        var finding = Assert.Single(findings.Complete(), f => f.Kind == FindingKinds.UnknownNotice);
        Assert.Contains("1: 2", finding.Detail);
        Assert.DoesNotContain("catalogus niet kent", finding.Detail); // never the text
    }

    [Fact]
    public void A_file_with_too_many_unexplained_lines_is_refused_naming_the_first_lines()
    {
        var chat = new StringBuilder("05-02-2023 14:07 - Jan de Vries: Goedemiddag\n");
        for (var i = 0; i < 4; i++) chat.Append($"05-02-2023 14:1{i} - Een melding in een onbekende taal {i}\n");
        chat.Append("05-02-2023 14:20 - Karin Vos: Dag\n");
        var path = ExportFiles.WriteText("WhatsApp-chat met Karin Vos.txt", chat.ToString());
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Equal(2, e.Line);
        Assert.Contains("2, 3, 4, 5", e.Message);
        Assert.Contains("4 van de 6", e.Message);
    }

    [Fact]
    public void A_file_mixing_ios_and_android_headers_throughout_is_refused()
    {
        // In the style of a test file another project keeps: iOS and Android headers line by line. Read as iOS, the
        // Android lines would silently become text glued onto the iOS messages before them.
        var path = ExportFiles.WriteText("_chat.txt",
            "[05.05.23, 15:48:11] Anna: Hallo\n[11/8/21, 9:41:32 AM] Bas: Bericht 123\n1/23/23, 3:19 AM - Carla: Dag!\n" +
            "[1/24/21, 12:41:03 PM] Bas: Natuurlijk\n7/19/22, 11:32 PM - Carla: Hoi\n7/20/22, 11:32 am - Anna: Tot ziens\n");
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Equal(3, e.Line);
        Assert.Contains("3, 5, 6", e.Message);
    }

    [Fact]
    public void One_pasted_line_of_the_other_header_form_stays_text()
    {
        var path = ExportFiles.WriteText("_chat.txt",
            "[05-05-2023 15:48:11] Anna: Kijk wat ik kreeg:\n05-05-2023 15:40 - Bas: het oude bericht\n[05-05-2023 15:49:00] Bas: Klopt\n");
        var messages = ExportFiles.Read(path).Items.OfType<MessageRead>().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("Kijk wat ik kreeg:\n05-05-2023 15:40 - Bas: het oude bericht", messages[0].Message.Text);
    }

    [Theory]
    [InlineData("1/30/18, 00:04 AM", 0, 4)]
    [InlineData("1/30/18, 23:59 PM", 23, 59)]
    [InlineData("1/30/18, 00:08\u00A0a.\u00A0m.", 0, 8)]
    [InlineData("1/30/18, 12:30 AM", 0, 30)]
    [InlineData("1/30/18, 12:30 PM", 12, 30)]
    public void Twelve_hour_headers_with_hour_00_or_above_12_are_headers(string stamp, int hour, int minute)
    {
        var chat = $"1/30/18, 9:00 AM - Bob: eerste\n{stamp} - Alice: tweede\n1/30/18, 9:01 AM - Bob: derde\n";
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("WhatsApp Chat with Alice.txt", chat));
        var m = items.Messages();
        Assert.Equal(3, m.Count);
        Assert.Equal("tweede", m[1].Text);
        Assert.Equal(new DateTimeOffset(2018, 1, 30, hour, minute, 0, Winter), m[1].Sent);
        Assert.Equal("eerste", m[0].Text); // not glued
    }

    [Theory]
    [InlineData("Tato zpráva byla smazána")]
    [InlineData("Данное сообщение удалено")]
    [InlineData("Diese Nachricht wurde gelöscht")]
    [InlineData("Bu mesaj silindi")]
    [InlineData("Ta wiadomość została usunięta")]
    [InlineData("Se eliminó este mensaje")]
    public void Android_deletion_notices_in_other_languages_are_deleted_messages(string notice)
    {
        var chat = $"05-02-2023 14:07 - Karin Vos: Hallo\n05-02-2023 14:08 - Karin Vos: {notice}\n05-02-2023 14:09 - Jan: Hoi\n";
        var m = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Karin Vos.txt", chat)).Items.Messages();
        Assert.Equal(3, m.Count);
        Assert.True(m[1].Deleted);
        Assert.Equal("", m[1].Text);
        Assert.False(m[0].Deleted);
    }

    [Theory]
    [InlineData("<Medien ausgeschlossen>")]
    [InlineData("<Multimedia omitido>")]
    [InlineData("<Pominięto multimedia>")]
    [InlineData("<Medya dahil edilmedi>")]
    public void Android_media_placeholders_in_other_languages_are_attachments(string placeholder)
    {
        var chat = $"05-02-2023 14:07 - Karin Vos: {placeholder}\n05-02-2023 14:09 - Jan: Hoi\n";
        var m = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Karin Vos.txt", chat)).Items.Messages();
        Assert.Single(m[0].Attachments);
        Assert.Equal("", m[0].Text);
    }

    [Fact]
    public void An_android_placeholder_in_an_unknown_language_is_kept_as_text_and_reported()
    {
        var chat = "05-02-2023 14:07 - Karin Vos: <Media ei sisällytetty>\n05-02-2023 14:08 - Jan: Hoi\n05-02-2023 14:09 - Jan: Hoi\n05-02-2023 14:10 - Jan: Hoi\n05-02-2023 14:11 - Jan: Hoi\n05-02-2023 14:12 - Jan: Hoi\n";
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Karin Vos.txt", chat));
        Assert.Equal("<Media ei sisällytetty>", items.Messages()[0].Text);
        Assert.Equal("1: 1", items.OfType<ExportNoteRead>().Single(n => n.Kind == ExportNoteKinds.UnknownNotice).Detail);
    }

    [Fact]
    public void An_empty_android_message_is_a_message_of_its_sender()
    {
        var chat = "05-02-2023 14:07 - Carol: \n05-02-2023 14:08 - Carol:\n05-02-2023 14:09 - Dave: Hoi\n";
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Carol.txt", chat));
        var m = items.Messages();
        Assert.Equal(3, m.Count);
        Assert.Equal("Carol", m[1].Sender);
        Assert.Equal("", m[1].Text);
        Assert.Empty(items.Events());
    }

    [Fact]
    public void Ios_2015_2016_headers_without_brackets_are_read()
    {
        var chat = "7/1/16, 4:56:55 PM: Anna: Hoi\n7/13/16, 4:57:10 PM: Bert: Hallo\nnog een regel\n";
        var (format, items) = ExportFiles.Read(ExportFiles.WriteZip("WhatsApp Chat - Anna.zip", ("_chat.txt", ExportFiles.Utf8(chat))));
        Assert.Equal(ExportFormats.WhatsAppIos, format);
        var m = items.Messages();
        Assert.Equal(2, m.Count);
        Assert.Equal(new DateTimeOffset(2016, 7, 1, 16, 56, 55, TimeSpan.FromHours(2)), m[0].Sent);
        Assert.Equal("Hallo\nnog een regel", m[1].Text);
    }

    [Theory]
    [InlineData("\u200F")]
    [InlineData("\u061C")]
    [InlineData("\u202B")]
    [InlineData("\u2067")]
    public void Direction_marks_before_the_date_are_skipped(string mark)
    {
        var chat = $"{mark}05-02-2023 14:07 - Karin Vos: Hallo\n{mark}05-02-2023 14:08 - Jan: Hoi\n";
        var m = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Karin Vos.txt", chat)).Items.Messages();
        Assert.Equal(["Hallo", "Hoi"], m.Select(x => x.Text));
    }

    [Fact]
    public void A_utf16_le_export_with_a_bom_is_read_like_its_utf8_twin()
    {
        var chat = "05-02-2023 14:07 - Karin Vos: Hallo €\n05-02-2023 14:08 - Jan: Hoi\nTweede regel\n";
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp-chat met Karin Vos.txt");
        File.WriteAllBytes(path, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(chat)]);
        var m = ExportFiles.Read(path).Items.Messages();
        var twin = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Karin Vos.txt", chat)).Items.Messages();
        Assert.Equal(twin.Select(x => (x.Sender, x.Sent, x.Text)), m.Select(x => (x.Sender, x.Sent, x.Text)));
        Assert.Equal("Hallo €", m[0].Text);
    }

    [Fact]
    public void Nul_bytes_are_refused_naming_the_line()
    {
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp-chat met Karin Vos.txt");
        File.WriteAllBytes(path, [.. ExportFiles.Utf8("05-02-2023 14:07 - Karin Vos: Hallo\n05-02-2023 14:08 - Jan: H"), 0, .. ExportFiles.Utf8("oi\n")]);
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path, ExportFormats.WhatsAppAndroid));
        Assert.Equal(2, e.Line);
        Assert.Contains("NUL", e.Message);
    }

    [Fact]
    public void A_zip_with_a_symbolic_link_is_refused_naming_the_entry()
    {
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp Chat - Karin Vos.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("_chat.txt").Open()) s.Write(ExportFiles.Utf8("[05.02.23, 14:07:00] Karin Vos: Hallo\n"));
            var link = zip.CreateEntry("00000001-PHOTO.jpg");
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16)); // S_IFLNK | 0777
            using (var s = link.Open()) s.Write(ExportFiles.Utf8("../../../../etc/passwd"));
        }
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Contains("00000001-PHOTO.jpg", e.Message);
        Assert.Contains("symbolische koppeling", e.Message);
    }

    [Fact]
    public void A_zip_with_two_chat_files_is_refused_naming_both()
    {
        var path = ExportFiles.WriteZip("WhatsApp Chat - Karin Vos.zip",
            ("_chat.txt", ExportFiles.Utf8("[05.02.23, 14:07:00] Karin Vos: Hallo\n")),
            ("andere/_chat.txt", ExportFiles.Utf8("[05.02.23, 14:07:00] Piet: Hallo\n")));
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Contains("'_chat.txt'", e.Message);
        Assert.Contains("'andere/_chat.txt'", e.Message);
    }

    [Fact]
    public void The_catalogue_is_data_covering_the_required_phone_languages()
    {
        var langs = WhatsAppNoticeCatalog.Default.Languages;
        foreach (var l in new[] { "nl", "en", "de", "fr", "es", "it", "pt", "tr", "ar", "pl" }) Assert.Contains(l, langs);
        var file = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "ChatArchive.Ingestion", "WhatsApp", "Catalog", "whatsapp-notices.json");
        Assert.True(File.Exists(file), file);
    }
}

public class RefusalReasonTests
{
    [Fact]
    public void Arabic_indic_digits_are_refused_naming_the_line_and_what_was_expected()
    {
        var path = ExportFiles.WriteText("WhatsApp Chat with Ali.txt", "\n٢٠/١/٢٠٢٠، ٩:٣٠ م - Ali: مرحبا\n");
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Contains("Regel 2", e.Message);
        Assert.Contains("Arabisch-Indische cijfers", e.Message);
        Assert.Contains("Verwacht:", e.Message);
        Assert.DoesNotContain("مرحبا", e.Message); // never the text
    }

    [Fact]
    public void An_unknown_date_form_is_refused_naming_the_line()
    {
        var path = ExportFiles.WriteText("WhatsApp Chat with Ali.txt", "2020年1月20日 9:30 - Ali: hoi\n");
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Contains("Regel 1 van 'WhatsApp Chat with Ali.txt'", e.Message);
        Assert.Contains("Verwacht:", e.Message);
    }
}
