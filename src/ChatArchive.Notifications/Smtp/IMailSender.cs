namespace ChatArchive.Notifications.Smtp;

/// <summary>A rendered mail. <see cref="MessageId"/> is stable per outbox row, so a resend after a lost reply is recognisable.</summary>
public sealed record OutgoingMail(string MessageId, IReadOnlyList<string> To, string Subject, string TextBody);

/// <summary>Sends one mail; throws <see cref="MailDeliveryException"/> when the server is unreachable or refuses it.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct = default);
}

public sealed class MailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
