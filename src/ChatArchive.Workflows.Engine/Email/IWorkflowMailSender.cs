namespace ChatArchive.Workflows.Engine.Email;

/// <summary>One mail an Elsa.SendEmail activity sends. Addresses are never logged.</summary>
public sealed record WorkflowMail(string? From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string Subject, string Body);

/// <summary>Sends the mail of an Elsa.SendEmail activity; throws <see cref="WorkflowMailException"/> when the server cannot be reached or refuses it.</summary>
public interface IWorkflowMailSender
{
    Task SendAsync(WorkflowMail mail, CancellationToken ct = default);
}

/// <summary>Delivery failed; the message names the exception type and SMTP status only (never an address).</summary>
public sealed class WorkflowMailException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The Dutch reason Elsa.SendEmail is refused when no mail server is configured (instead of pretending to send).</summary>
public static class MailNotConfigured
{
    public const string Message =
        "Deze server heeft geen e-mailserver ingesteld (ChatArchive:Mail:Host), dus 'E-mail versturen' kan niet verzenden. " +
        "Vraag de beheerder de e-mailinstellingen in te vullen en probeer de stap opnieuw.";
}
