using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ChatArchive.Notifications.Smtp;

/// <summary>SMTP through MailKit: one connection per batch is not worth the state here; a connection per mail keeps failures isolated.</summary>
public sealed class MailKitMailSender(MailSettings settings) : IMailSender
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        if (!settings.Enabled)
        {
            throw new MailDeliveryException("No SMTP host configured (ChatArchive:Mail:Host).");
        }
        var message = new MimeMessage { MessageId = mail.MessageId, Subject = mail.Subject, Date = DateTimeOffset.UtcNow };
        message.From.Add(MailboxAddress.Parse(mail.From ?? settings.From));
        foreach (var (list, addresses) in new[] { (message.To, mail.To), (message.Cc, mail.Cc), (message.Bcc, mail.Bcc) })
        {
            foreach (var address in addresses)
            {
                list.Add(MailboxAddress.Parse(address));
            }
        }
        message.Body = new TextPart("plain") { Text = mail.TextBody };

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            var options = settings.Tls switch
            {
                SmtpTlsMode.None => SecureSocketOptions.None,
                SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
                SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(settings.Host!, settings.Port, options, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
            await client.SendAsync(message, ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException
                                      or AuthenticationException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            // The type and SMTP status only: the exception text of a refused recipient can hold an address.
            var status = e is SmtpCommandException c ? $" (SMTP {(int)c.StatusCode})" : "";
            throw new MailDeliveryException($"SMTP delivery failed: {e.GetType().Name}{status}", e);
        }
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or SmtpCommandException)
        {
            // The server has accepted the mail: a failed QUIT must not make it look undelivered (and so sent twice).
        }
    }
}
