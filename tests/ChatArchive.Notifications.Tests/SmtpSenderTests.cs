using ChatArchive.Notifications.Smtp;
using ChatArchive.TestSupport;

namespace ChatArchive.Notifications.Tests;

/// <summary>MailKit against a real SMTP server (aiosmtpd) on loopback.</summary>
public sealed class SmtpSenderTests
{
    [Fact]
    public async Task Mail_arrives_at_a_real_SMTP_server_with_its_message_id_sender_and_text()
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        var sender = new MailKitMailSender(new MailSettings { Host = "127.0.0.1", Port = smtp.Port, Tls = SmtpTlsMode.Auto, From = "Chatarchief BZK <chatarchief@bzk.example>" });

        await sender.SendAsync(new OutgoingMail("outbox-1-42@bzk.example", ["ip.bzk@bzk.example", "ip2.bzk@bzk.example"], "Nieuwe taak: uitlezing",
            "Open de taak: https://chatarchief.bzk.example/taken/t1\nMet vriendelijke groet"));

        var mail = Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("outbox-1-42@bzk.example", mail.MessageId);
        Assert.Equal("Nieuwe taak: uitlezing", mail.Subject);
        Assert.Equal("chatarchief@bzk.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal(["ip.bzk@bzk.example", "ip2.bzk@bzk.example"], mail.To.Mailboxes.Select(m => m.Address).ToArray());
        Assert.Contains("https://chatarchief.bzk.example/taken/t1", mail.TextBody);
    }

    [Fact]
    public async Task Server_that_is_down_gives_a_delivery_failure_without_addresses_in_the_message()
    {
        var sender = new MailKitMailSender(new MailSettings { Host = "127.0.0.1", Port = SmtpCatcher.FreePort(), Tls = SmtpTlsMode.None });

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(new OutgoingMail("x@bzk.example", ["ip.bzk@bzk.example"], "Onderwerp", "Tekst")));

        Assert.DoesNotContain("ip.bzk@bzk.example", error.Message);
    }

    [Fact]
    public async Task Without_a_host_nothing_is_sent_and_the_caller_is_told()
    {
        var sender = new MailKitMailSender(new MailSettings());

        await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(new OutgoingMail("x@bzk.example", ["ip.bzk@bzk.example"], "Onderwerp", "Tekst")));
    }
}
