namespace ChatArchive.Notifications.Smtp;

/// <summary>
/// A rendered mail. <see cref="MessageId"/> is stable per outbox row (or workflow step), so a resend after a lost reply is
/// recognisable. <see cref="From"/> null = the server's sender address; <see cref="Cc"/> and <see cref="Bcc"/> are used by the
/// workflows' Elsa.SendEmail.
/// </summary>
public sealed record OutgoingMail(string MessageId, IReadOnlyList<string> To, string Subject, string TextBody)
{
    public string? From { get; init; }
    public IReadOnlyList<string> Cc { get; init; } = [];
    public IReadOnlyList<string> Bcc { get; init; } = [];
}

/// <summary>Sends one mail; throws <see cref="MailDeliveryException"/> when the server is unreachable or refuses it.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct = default);
}

public sealed class MailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
