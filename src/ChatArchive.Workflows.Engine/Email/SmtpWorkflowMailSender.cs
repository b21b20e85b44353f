using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace ChatArchive.Workflows.Engine.Email;

/// <summary>
/// Elsa.SendEmail's mail through MailKit, with the server's SMTP settings (section <c>ChatArchive:Mail</c>: Host, Port, Tls,
/// UserName, Password, From — the same settings the notifications use). Without a host nothing is sent and the step is refused.
/// A connection per mail: a workflow step sends one mail, and a failure stays with that step.
/// </summary>
public sealed class SmtpWorkflowMailSender(IConfiguration configuration) : IWorkflowMailSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(WorkflowMail mail, CancellationToken ct = default)
    {
        var host = configuration["ChatArchive:Mail:Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new Activities.ActivityInputException(MailNotConfigured.Message);
        }
        var port = int.TryParse(configuration["ChatArchive:Mail:Port"], out var p) && p is > 0 and < 65536 ? p : 25;
        var message = new MimeMessage { Subject = mail.Subject, Date = DateTimeOffset.UtcNow };
        // Elsa: the From input when it is a valid address, else the server's sender address.
        message.From.Add(mail.From is { Length: > 0 } from && MailboxAddress.TryParse(from, out var sender)
            ? sender
            : MailboxAddress.Parse(configuration["ChatArchive:Mail:From"] is { Length: > 0 } f ? f : "Chatarchief <chatarchief@localhost>"));
        Add(message.To, mail.To);
        Add(message.Cc, mail.Cc);
        Add(message.Bcc, mail.Bcc);
        message.Body = new TextPart("plain") { Text = mail.Body };

        var tls = (configuration["ChatArchive:Mail:Tls"] ?? "Auto").ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "sslonconnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, port, tls, ct);
            if (configuration["ChatArchive:Mail:UserName"] is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, configuration["ChatArchive:Mail:Password"] ?? "", ct);
            }
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException
                                      or AuthenticationException or MailKit.ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            // Type and SMTP status only: the text of a refused recipient can hold an address.
            var status = e is SmtpCommandException c ? $" (SMTP {(int)c.StatusCode})" : "";
            throw new WorkflowMailException($"SMTP delivery failed: {e.GetType().Name}{status}", e);
        }
    }

    private static void Add(InternetAddressList list, IEnumerable<string> addresses)
    {
        foreach (var a in addresses)
        {
            // Elsa skips what is not an address; so do we.
            if (MailboxAddress.TryParse(a, out var address))
            {
                list.Add(address);
            }
        }
    }
}
