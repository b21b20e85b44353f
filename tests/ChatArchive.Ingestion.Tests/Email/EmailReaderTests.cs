using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.Email;

/// <summary>Issue 16 §3: mailboxes as mbox, .eml folders and Microsoft Graph JSON into the canonical model (channel email).</summary>
public class EmailReaderTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7 besluit op Woo-verzoek 2023-17");

    private static string Plain(string from, string to, string date, string id, string subject, string body, string? inReplyTo = null) =>
        $"From: {from}\r\nTo: {to}\r\nDate: {date}\r\nMessage-ID: <{id}>\r\nSubject: {subject}\r\n" +
        (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n") +
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";

    private static string WithAttachment() =>
        "From: \"Anna Jansen\" <anna.jansen@minbzk.nl>\r\nTo: Karel de Boer <karel@gemeente.nl>\r\nCc: team@minbzk.nl\r\n" +
        "Date: Mon, 06 Mar 2023 09:15:00 +0100\r\nMessage-ID: <b@minbzk.nl>\r\nSubject: Besluit\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"grens\"\r\n\r\n--grens\r\n" +
        "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie bijlage.\r\n" +
        "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Zie <b>bijlage</b>.</p>\r\n--alt--\r\n" +
        "--grens\r\nContent-Type: application/pdf; name=\"besluit.pdf\"\r\nContent-Disposition: attachment; filename=\"besluit.pdf\"\r\n" +
        "Content-Transfer-Encoding: base64\r\n\r\n" + Convert.ToBase64String(Pdf) + "\r\n--grens--\r\n";

    private static string Html() =>
        "From: karel@gemeente.nl\r\nTo: anna.jansen@minbzk.nl\r\nDate: Mon, 06 Mar 2023 10:00:00 +0100\r\nMessage-ID: <c@gemeente.nl>\r\n" +
        "In-Reply-To: <b@minbzk.nl>\r\nReferences: <b@minbzk.nl>\r\nSubject: Re: Besluit\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>p{}</style></head><body><p>Dank&nbsp;je,</p><p>Karel &amp; co</p><script>x()</script></body></html>\r\n";

    private static string Mbox(params string[] messages) =>
        string.Concat(messages.Select(m => "From MAILER-DAEMON Mon Mar  6 09:00:00 2023\r\n" + m + "\r\n"));

    private static string InboxMbox() => Mbox(
        Plain("Anna Jansen <anna.jansen@minbzk.nl>", "karel@gemeente.nl", "Mon, 06 Mar 2023 09:00:00 +0100", "a@minbzk.nl", "Overleg", "Goedemorgen Karel,\r\n\r\nKun je om 10 uur?"),
        WithAttachment(),
        Html());

    [Fact]
    public void An_mbox_is_detected_and_read_into_the_canonical_model()
    {
        var path = ExportFiles.WriteText("Inbox.mbox", InboxMbox());
        var (format, items) = ExportFiles.Read(path);
        Assert.Equal(ExportFormats.EmailMbox, format);
        Assert.Equal(Channels.Email, FormatChannels.ChannelOf(format));
        var m = items.Messages();
        Assert.Equal(3, m.Count);
        Assert.Equal("Anna Jansen <anna.jansen@minbzk.nl>", m[0].Sender);
        Assert.Equal(new DateTimeOffset(2023, 3, 6, 9, 0, 0, TimeSpan.FromHours(1)), m[0].Sent);
        Assert.Equal("Goedemorgen Karel,\n\nKun je om 10 uur?", m[0].Text);
        Assert.Equal("a@minbzk.nl", m[0].SourceId);

        Assert.Equal("Zie bijlage.", m[1].Text); // the plain twin of multipart/alternative, the HTML not an attachment
        var pdf = Assert.Single(m[1].Attachments);
        Assert.Equal("besluit.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.MediaType);
        Assert.Equal(Pdf.Length, pdf.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), pdf.Sha256);

        Assert.Equal("Dank je,\nKarel & co", m[2].Text); // HTML as text: no style, no script
        Assert.Equal("b@minbzk.nl", m[2].ReplyToSourceId);

        var details = items.OfType<EmailDetailsRead>().ToList();
        Assert.Equal(["Karel de Boer <karel@gemeente.nl>"], details[1].To);
        Assert.Equal(["team@minbzk.nl"], details[1].Cc);
        Assert.Equal("Besluit", details[1].Subject);
        Assert.Equal("b@minbzk.nl", details[2].ThreadId);
        Assert.False(details[0].SuggestedPrivate);
        Assert.Equal("Inbox", items.Conversation().Title);
        Assert.Contains("team@minbzk.nl", items.OfType<ConversationCompleted>().Single().Participants);
    }

    [Fact]
    public void Mail_in_a_folder_named_prive_is_suggested_private_for_the_officeholder_to_validate()
    {
        var folder = ExportFiles.Folder();
        File.WriteAllText(Path.Combine(folder, "Privé"), Mbox(Plain("anna@privé.nl", "anna.jansen@minbzk.nl", "Mon, 06 Mar 2023 09:00:00 +0100", "p@x.nl", "Verjaardag", "Tot zaterdag")));
        File.WriteAllText(Path.Combine(folder, "Inbox"), InboxMbox());
        var (_, items) = ExportFiles.Read(folder);
        var details = items.OfType<EmailDetailsRead>().ToList();
        Assert.Equal(4, details.Count);
        Assert.Equal([false, false, false, true], details.Select(d => d.SuggestedPrivate));
        var findings = new ReadOutFindings();
        items.ForEach(findings.Observe);
        var f = Assert.Single(findings.Complete(), x => x.Kind == FindingKinds.SuggestedPrivate);
        Assert.Contains("Handreiking §2.1.1", f.Detail);
    }

    [Fact]
    public void A_folder_of_eml_files_is_read_with_one_conversation_per_folder()
    {
        var folder = ExportFiles.Folder();
        Directory.CreateDirectory(Path.Combine(folder, "Inbox"));
        Directory.CreateDirectory(Path.Combine(folder, "Verzonden"));
        File.WriteAllText(Path.Combine(folder, "Inbox", "1.eml"), WithAttachment());
        File.WriteAllText(Path.Combine(folder, "Inbox", "2.eml"), Html());
        File.WriteAllText(Path.Combine(folder, "Verzonden", "1.eml"), Plain("anna.jansen@minbzk.nl", "karel@gemeente.nl", "Mon, 06 Mar 2023 11:00:00 +0100", "d@minbzk.nl", "Re: Re: Besluit", "Graag gedaan", "c@gemeente.nl"));
        var (format, items) = ExportFiles.Read(folder);
        Assert.Equal(ExportFormats.EmailEml, format);
        Assert.Equal(["Inbox", "Verzonden"], items.OfType<ConversationStarted>().Select(c => c.Title));
        Assert.Equal(3, items.Messages().Count);
        Assert.Equal("Graag gedaan", items.Messages()[2].Text);
    }

    [Fact]
    public void Microsoft_graph_message_json_is_read_with_recipients_html_body_and_hashed_attachments()
    {
        var page = JsonSerializer.Serialize(new
        {
            value = new object[]
            {
                new
                {
                    id = "AAMk1", internetMessageId = "<g1@minbzk.nl>", conversationId = "conv-1", subject = "Woo-verzoek",
                    sentDateTime = "2023-03-06T08:00:00Z",
                    from = new { emailAddress = new { name = "Anna Jansen", address = "anna.jansen@minbzk.nl" } },
                    toRecipients = new[] { new { emailAddress = new { name = "Karel", address = "karel@gemeente.nl" } } },
                    ccRecipients = Array.Empty<object>(),
                    body = new { contentType = "html", content = "<div>Hierbij het <i>besluit</i>.</div>" },
                    attachments = new[] { new { name = "besluit.pdf", contentType = "application/pdf", contentBytes = Convert.ToBase64String(Pdf) } },
                },
            },
        });
        var folder = ExportFiles.Folder();
        Directory.CreateDirectory(Path.Combine(folder, "Privé-mail"));
        File.WriteAllText(Path.Combine(folder, "Privé-mail", "page-1.json"), page);
        var (format, items) = ExportFiles.Read(folder);
        Assert.Equal(ExportFormats.EmailGraph, format);
        var m = Assert.Single(items.Messages());
        Assert.Equal("Anna Jansen <anna.jansen@minbzk.nl>", m.Sender);
        Assert.Equal("Hierbij het besluit.", m.Text);
        Assert.Equal(new DateTimeOffset(2023, 3, 6, 8, 0, 0, TimeSpan.Zero), m.Sent);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), m.Attachments.Single().Sha256);
        var d = items.OfType<EmailDetailsRead>().Single();
        Assert.Equal("conv-1", d.ThreadId);
        Assert.Equal(["Karel <karel@gemeente.nl>"], d.To);
        Assert.True(d.SuggestedPrivate);
    }

    [Fact]
    public void A_graph_message_with_a_bad_date_is_refused_naming_the_message()
    {
        var folder = ExportFiles.Folder();
        File.WriteAllText(Path.Combine(folder, "page.json"),
            """{"value":[{"internetMessageId":"<x@y>","toRecipients":[],"sentDateTime":"gisteren","from":{"emailAddress":{"address":"a@b.nl"}}}]}""");
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(folder));
        Assert.Contains("Bericht 1 in 'page.json' (<x@y>)", e.Message);
        Assert.Contains("datum", e.Message);
    }

    [Fact]
    public void Inspect_json_of_an_mbox_prints_the_canonical_model_with_the_mail_fields()
    {
        var (format, items) = ExportFiles.Read(ExportFiles.WriteText("Inbox.mbox", InboxMbox()));
        var output = new MemoryStream();
        using (var w = new InspectJsonWriter(output, format))
        {
            items.ForEach(w.Write);
            w.Complete();
        }
        using var doc = JsonDocument.Parse(output.ToArray());
        Assert.Equal("email-mbox", doc.RootElement.GetProperty("format").GetString());
        var messages = doc.RootElement.GetProperty("conversations")[0].GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(3, messages.Count);
        var email = messages[1].GetProperty("email");
        Assert.Equal("Besluit", email.GetProperty("subject").GetString());
        Assert.Equal("b@minbzk.nl", email.GetProperty("messageId").GetString());
        Assert.Equal("team@minbzk.nl", email.GetProperty("cc")[0].GetString());
        Assert.False(email.GetProperty("suggestedPrivate").GetBoolean());
    }

    [Fact]
    public void A_second_mbox_lacking_a_message_the_first_had_reports_it_missing()
    {
        var first = ExportFiles.Read(ExportFiles.WriteText("Inbox.mbox", InboxMbox())).Items;
        var second = ExportFiles.Read(ExportFiles.WriteText("Inbox.mbox", Mbox(
            Plain("Anna Jansen <anna.jansen@minbzk.nl>", "karel@gemeente.nl", "Mon, 06 Mar 2023 09:00:00 +0100", "a@minbzk.nl", "Overleg", "Goedemorgen Karel,\r\n\r\nKun je om 10 uur?"),
            Html()))).Items;
        var result = ReadOutComparer.Compare(first, second);
        var missing = Assert.Single(result.Missing);
        Assert.Equal("b@minbzk.nl", missing.SourceId);
        Assert.Equal(2, result.Known);
    }

    [Fact]
    public void A_message_without_a_date_is_refused_naming_it()
    {
        var mbox = Mbox(
            Plain("a@b.nl", "c@d.nl", "Mon, 06 Mar 2023 09:00:00 +0100", "1@b.nl", "Een", "een"),
            "From: a@b.nl\r\nTo: c@d.nl\r\nMessage-ID: <2@b.nl>\r\nSubject: Twee\r\n\r\ntwee\r\n");
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(ExportFiles.WriteText("Inbox.mbox", mbox)));
        Assert.Contains("Bericht 2 in 'Inbox.mbox'", e.Message);
        Assert.Contains("Date", e.Message);
    }

    [Fact]
    public void A_mime_bomb_of_deep_nesting_is_refused()
    {
        var sb = new StringBuilder("From: a@b.nl\r\nTo: c@d.nl\r\nDate: Mon, 06 Mar 2023 09:00:00 +0100\r\nMessage-ID: <bom@b.nl>\r\nSubject: x\r\nMIME-Version: 1.0\r\n");
        const int depth = 40;
        for (var i = 0; i < depth; i++) sb.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        sb.Append("Content-Type: text/plain\r\n\r\nbinnenin\r\n");
        for (var i = depth - 1; i >= 0; i--) sb.Append($"--b{i}--\r\n");
        var e = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(ExportFiles.WriteText("bom.eml", sb.ToString())));
        Assert.Contains("MIME-bom", e.Message);
    }

    [Fact]
    public void A_large_attachment_is_hashed_as_a_stream_not_loaded_whole()
    {
        // 48 MB of attachment (base64 on disk); the read may allocate far less than that.
        var path = Path.Combine(ExportFiles.Folder(), "groot.eml");
        var chunk = new byte[3 * 1024 * 1024];
        new Random(16).NextBytes(chunk);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var f = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            f.Write("From: a@b.nl\r\nTo: c@d.nl\r\nDate: Mon, 06 Mar 2023 09:00:00 +0100\r\nMessage-ID: <groot@b.nl>\r\nSubject: x\r\nMIME-Version: 1.0\r\n" +
                    "Content-Type: multipart/mixed; boundary=\"g\"\r\n\r\n--g\r\nContent-Type: text/plain\r\n\r\nzie bijlage\r\n--g\r\n" +
                    "Content-Type: application/octet-stream; name=\"data.bin\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n\r\n");
            for (var i = 0; i < 16; i++)
            {
                expected.AppendData(chunk);
                var b64 = Convert.ToBase64String(chunk, Base64FormattingOptions.InsertLineBreaks);
                f.Write(b64);
                f.Write("\r\n");
            }
            f.Write("--g--\r\n");
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (_, items) = ExportFiles.Read(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var att = items.Messages().Single().Attachments.Single();
        Assert.Equal(16L * chunk.Length, att.Size);
        Assert.Equal(Convert.ToHexStringLower(expected.GetHashAndReset()), att.Sha256);
        Assert.True(allocated < 16 << 20, $"allocated {allocated >> 20} MB");
    }
}
