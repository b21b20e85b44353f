namespace ChatArchive.Workflows.Engine.Email;

/// <summary>The Dutch reason Elsa.SendEmail is refused when no mail server is configured (instead of pretending to send).</summary>
public static class MailNotConfigured
{
    public const string Message =
        "Deze server heeft geen e-mailserver ingesteld (ChatArchive:Mail:Host), dus 'E-mail versturen' kan niet verzenden. " +
        "Vraag de beheerder de e-mailinstellingen in te vullen en probeer de stap opnieuw.";
}
