using ChatArchive.Notifications.Smtp;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Email;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.SendEmail</c> (Elsa's email module: From, To, Cc, Bcc, Subject, Attachments, Body; an embedded <c>Error</c> slot).
/// Sent through the notifications' mail sender (<see cref="IMailSender"/>, the one that sends the task mail, with the server's
/// <c>ChatArchive:Mail</c> settings); completes with "Done". Addresses that are not addresses are skipped, as Elsa does. When delivery fails the activity in the Error slot runs (as in
/// Elsa); without one the step fails and is retried with back-off, then becomes an incident. Attachments are refused: the
/// archive server does not fetch files or URLs on a workflow's behalf.
/// </summary>
[Retry]
[EmbeddedPorts("Error")]
[Activity("Elsa", "SendEmail", Category = "Email", DisplayName = "E-mail versturen", Description = "Verstuurt een e-mailbericht via de e-mailserver van deze server.")]
public sealed class SendEmail : Activity
{
    public const string TypeName = "Elsa.SendEmail";

    [Input(DisplayName = "Van", Description = "Het adres van de afzender; leeg = het afzenderadres van de server.")]
    public string? From { get; set; }

    [Input(DisplayName = "Aan", Description = "De adressen van de ontvangers.", UIHint = UiHints.MultiText)]
    public string[]? To { get; set; }

    [Input(DisplayName = "Cc", Description = "Adressen in kopie.", UIHint = UiHints.MultiText)]
    public string[]? Cc { get; set; }

    [Input(DisplayName = "Bcc", Description = "Adressen in blinde kopie.", UIHint = UiHints.MultiText)]
    public string[]? Bcc { get; set; }

    [Input(DisplayName = "Onderwerp", Description = "Het onderwerp van het bericht.")]
    public string? Subject { get; set; }

    [Input(DisplayName = "Bijlagen", Description = "Niet ondersteund op deze server: laat leeg.", UIHint = UiHints.MultiLine, TypeName = "Object")]
    public string? Attachments { get; set; }

    [Input(DisplayName = "Tekst", Description = "De tekst van het bericht.", UIHint = UiHints.MultiLine)]
    public string? Body { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!string.IsNullOrWhiteSpace(Attachments) && Attachments.Trim() is not ("null" or "[]"))
        {
            throw new ActivityInputException(
                $"'{context.ActivityName ?? context.ActivityId}' heeft bijlagen; deze server verstuurt geen bijlagen vanuit een workflow (hij haalt geen bestanden of adressen op). Laat 'Bijlagen' leeg.");
        }
        var recipients = Addresses(To);
        if (recipients.Count == 0)
        {
            throw new ActivityInputException($"'{context.ActivityName ?? context.ActivityId}' heeft geen ontvanger. Vul bij 'Aan' minstens één adres in.");
        }
        var settings = context.Services.GetService<MailSettings>();
        var sender = context.Services.GetService<IMailSender>();
        if (settings is not { Enabled: true } || sender is null)
        {
            throw new ActivityInputException(MailNotConfigured.Message);
        }
        // The Message-ID names the instance and this execution of the step (ids only).
        var mail = new OutgoingMail($"workflow-{context.InstanceId}-{context.ActivityInstanceId}@{Domain(settings.From)}", recipients, Subject ?? "", Body ?? "")
        {
            From = Addresses([From]).FirstOrDefault(),
            Cc = Addresses(Cc),
            Bcc = Addresses(Bcc),
        };
        try
        {
            await sender.SendAsync(mail, context.CancellationToken);
        }
        catch (MailDeliveryException) when (context.EmbeddedChildren.TryGetValue("error", out var onError))
        {
            return ActivityResult.ScheduleChildren([onError]);
        }
        return ActivityResult.Complete();
    }

    /// <summary>The entries that are mail addresses (Elsa skips the others).</summary>
    private static List<string> Addresses(string?[]? entries) =>
        (entries ?? []).Where(a => !string.IsNullOrWhiteSpace(a) && MailboxAddress.TryParse(a, out _)).Select(a => a!.Trim()).ToList();

    private static string Domain(string from) =>
        MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } d ? d : "chatarchief.local";
}
