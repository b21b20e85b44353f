using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Email;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.SendEmail</c> (Elsa's email module: From, To, Cc, Bcc, Subject, Attachments, Body; an embedded <c>Error</c> slot).
/// Sent through the server's SMTP settings; completes with "Done". When delivery fails the activity in the Error slot runs (as in
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
        var recipients = (To ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        if (recipients.Count == 0)
        {
            throw new ActivityInputException($"'{context.ActivityName ?? context.ActivityId}' heeft geen ontvanger. Vul bij 'Aan' minstens één adres in.");
        }
        var sender = context.Services.GetService<IWorkflowMailSender>() ?? throw new ActivityInputException(MailNotConfigured.Message);
        try
        {
            await sender.SendAsync(new WorkflowMail(From, recipients, Cc ?? [], Bcc ?? [], Subject ?? "", Body ?? ""), context.CancellationToken);
        }
        catch (WorkflowMailException) when (context.EmbeddedChildren.TryGetValue("error", out var onError))
        {
            return ActivityResult.ScheduleChildren([onError]);
        }
        return ActivityResult.Complete();
    }
}
