using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

/// <summary>Body variants of FORMATS.md §1.5, one record each.</summary>
public class BodyVariantTests
{
    private static Domain.Messages.CanonicalMessage AndroidBody(string body) =>
        ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt", "14-03-2024 10:15 - Anna Jansen: " + body + "\n")).Items.Messages().Single();

    private static Domain.Messages.CanonicalMessage IosBody(string body) =>
        ExportFiles.Read(ExportFiles.WriteZip("WhatsApp Chat - Anna Jansen.zip", ("_chat.txt", ExportFiles.Utf8("[14-03-2024 10:15:42] Anna Jansen: " + body + "\r\n")))).Items.Messages().Single();

    [Theory]
    [InlineData("This message was deleted")]
    [InlineData("You deleted this message")]
    [InlineData("Je hebt dit bericht verwijderd")]
    [InlineData("U hebt dit bericht verwijderd")]
    public void Android_tombstones_in_dutch_and_english_are_deleted_messages(string body)
    {
        var m = AndroidBody(body);
        Assert.True(m.Deleted);
        Assert.Equal("", m.Text);
    }

    [Fact]
    public void A_plain_first_line_with_lines_after_it_keeps_them_and_the_next_message_stays_whole()
    {
        // The reading thread makes a plain first line's string ahead; it must not be the text when continuation lines follow.
        var messages = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt",
            "14-03-2024 10:15 - Anna Jansen: Agenda voor het overleg van donderdag met de directie van de dienst\n" +
            "Punt 1: begroting 2025\n" +
            "Punt 2: rondvraag\n" +
            "14-03-2024 10:16 - Anna Jansen: Dank je, ik kijk er vanmiddag naar en reageer voor vijf uur\n")).Items.Messages().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("Agenda voor het overleg van donderdag met de directie van de dienst\nPunt 1: begroting 2025\nPunt 2: rondvraag", messages[0].Text);
        Assert.Equal("Dank je, ik kijk er vanmiddag naar en reageer voor vijf uur", messages[1].Text);
        Assert.False(messages[0].Edited || messages[1].Edited || messages[0].Deleted || messages[1].Deleted);
    }

    [Theory]
    [InlineData("\u200EThis message was deleted.")]
    [InlineData("\u200EYou deleted this message.")]
    [InlineData("\u200EDit bericht is verwijderd.")]
    public void Ios_tombstones_with_lrm_and_period_are_deleted_messages(string body)
    {
        Assert.True(IosBody(body).Deleted);
    }

    [Theory]
    [InlineData("Zie bijlage \u200E<This message was edited.>", "Zie bijlage")]
    [InlineData("Zie bijlage <This message was edited>", "Zie bijlage")]
    [InlineData("Zie bijlage \u200E<Dit bericht is bewerkt>", "Zie bijlage")]
    public void Edit_markers_with_or_without_lrm_and_period_are_stripped(string body, string text)
    {
        var m = IosBody(body);
        Assert.True(m.Edited);
        Assert.Equal(text, m.Text);
    }

    [Fact]
    public void English_ios_attached_marker_with_document_text_before_it()
    {
        var m = IosBody("Begroting 2025.xlsx \u200E• \u200E2 pages \u200E<attached: 00000031-Begroting 2025.xlsx>");
        var a = Assert.Single(m.Attachments);
        Assert.Equal("00000031-Begroting 2025.xlsx", a.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", a.MediaType);
        Assert.False(a.Present);
        Assert.Equal("Begroting 2025.xlsx • 2 pages", m.Text);
    }

    [Fact]
    public void Ios_document_omitted_keeps_its_description_as_text()
    {
        var m = IosBody("Nota Woo-besluit.pdf \u200E• \u200E3 pagina's \u200Edocument weggelaten");
        Assert.False(Assert.Single(m.Attachments).Present);
        Assert.Equal("Nota Woo-besluit.pdf • 3 pagina's", m.Text);
    }

    [Theory]
    [InlineData("Gemiste spraakoproep")]
    [InlineData("locatie: https://maps.google.com/?q=52.0799,4.3113")]
    [InlineData("null")]
    [InlineData("image omitted")]
    [InlineData("Dit bericht is verwijderd, zei je?")]
    public void Calls_locations_null_and_typed_marker_words_stay_ordinary_text(string body)
    {
        var m = AndroidBody(body);
        Assert.False(m.Deleted);
        Assert.Empty(m.Attachments);
        Assert.Equal(body, m.Text);
    }

    [Fact]
    public void A_poll_is_kept_as_its_multi_line_text()
    {
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt",
            "14-03-2024 10:15 - Anna Jansen: POLL:\nWanneer plannen we de hoorzitting?\nOPTION: Dinsdag (2 votes)\nOPTION: Donderdag (1 vote)\n"));
        Assert.Equal("POLL:\nWanneer plannen we de hoorzitting?\nOPTION: Dinsdag (2 votes)\nOPTION: Donderdag (1 vote)", items.Messages().Single().Text);
    }

    [Fact]
    public void Line_and_paragraph_separators_inside_text_do_not_split_a_message()
    {
        Assert.Equal("Eerste deel\u2028tweede deel\u2029derde deel", AndroidBody("Eerste deel\u2028tweede deel\u2029derde deel").Text);
    }

    [Fact]
    public void In_an_ios_one_to_one_chat_the_contacts_typed_notice_words_stay_a_message()
    {
        // The contact's name is the chat title, so "author equals title" alone must not make this a notice.
        var m = IosBody("Ik heb de groep verlaten, bel me maar direct.");
        Assert.Equal("Anna Jansen", m.Sender);
        Assert.Equal("Ik heb de groep verlaten, bel me maar direct.", m.Text);
    }
}
