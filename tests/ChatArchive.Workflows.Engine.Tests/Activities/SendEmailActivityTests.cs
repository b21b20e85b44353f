using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Activities;

/// <summary>Elsa.SendEmail through the notifications' mail sender against a real SMTP server (aiosmtpd on loopback), with the server's mail settings.</summary>
public sealed class SendEmailActivityTests
{

    /// <summary>An engine whose Elsa.SendEmail uses the notifications' sender with these settings (no host = no mail server).</summary>
    private static Task<EngineHost> HostAsync(DatabaseProvider provider, string name, int? smtpPort)
    {
        var settings = smtpPort is { } port
            ? new MailSettings { Host = "127.0.0.1", Port = port, Tls = SmtpTlsMode.None, From = "Chatarchief BZK <chatarchief@bzk.example>" }
            : new MailSettings();
        return Db.CreateAsync(provider, name).ContinueWith(async db => await EngineHost.StartAsync(await db, services: s =>
        {
            s.AddSingleton(settings);
            s.AddSingleton<IMailSender>(new MailKitMailSender(settings));
        })).Unwrap();
    }

    private static Flow Mail(params (string, string, string)[] extra)
    {
        var inputs = new List<(string, string, string)>
        {
            ("To", "String[]", """["ip.bzk@bzk.example"]"""), ("Cc", "String[]", """["archivaris@bzk.example"]"""), ("Subject", "String", "Uitlezing klaar"),
            ("Body", "String", "De uitlezing van deze maand staat klaar."),
        };
        inputs.AddRange(extra);
        var f = new Flow("Mail na uitlezing").Start().Add("mail", "Elsa.SendEmail", inputs.ToArray()).Add("after", "Elsa.WriteLine", ("Text", "String", "verstuurd"))
            .Connect("start", "mail").Connect("mail", "after");
        return f;
    }

    private static WorkflowDefinition WithErrorSlot(WorkflowDefinition d, string text)
    {
        d.Root.Activities!.Single(a => a.Id == "mail").Properties!["error"] = System.Text.Json.JsonDocument.Parse(
            """{"id":"onError","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"Literal","value":"TEXT"}}}""".Replace("TEXT", text))
            .RootElement.Clone();
        return d;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_mail_arrives_at_a_real_SMTP_server_and_the_flow_goes_on(DatabaseProvider provider)
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var host = await HostAsync(provider, "sendemail", smtp.Port);
        var instanceId = await host.PublishAndRunAsync(Mail().Build());

        var mail = Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("Uitlezing klaar", mail.Subject);
        Assert.Equal("chatarchief@bzk.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal(["ip.bzk@bzk.example"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(["archivaris@bzk.example"], mail.Cc.Mailboxes.Select(m => m.Address));
        Assert.Contains("De uitlezing van deze maand staat klaar.", mail.TextBody);
        Assert.Equal(["verstuurd"], await host.WrittenLinesAsync(instanceId));
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Fact]
    public async Task The_steps_sender_is_used_and_what_is_not_an_address_is_skipped_as_in_Elsa()
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var host = await HostAsync(DatabaseProvider.Sqlite, "sendemail-from", smtp.Port);
        var flow = new Flow("Mail met afzender").Start()
            .Add("mail", "Elsa.SendEmail", ("From", "String", "Kabinet BZK <kabinet@bzk.example>"), ("To", "String[]", """["geen adres","ip.bzk@bzk.example"]"""),
                ("Subject", "String", "Uitlezing klaar"), ("Body", "String", "Klaar."))
            .Connect("start", "mail");
        var instanceId = await host.PublishAndRunAsync(flow.Build());

        var mail = Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("kabinet@bzk.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal(["ip.bzk@bzk.example"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.StartsWith($"workflow-{instanceId}-", mail.MessageId);
        Assert.EndsWith("@bzk.example", mail.MessageId);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Fact]
    public async Task Without_a_mail_server_the_step_is_refused_with_a_Dutch_reason()
    {
        await using var host = await HostAsync(DatabaseProvider.Sqlite, "sendemail-nohost", smtpPort: null);
        var instanceId = await host.PublishAndRunAsync(Mail().Build());

        var instance = await host.InstanceAsync(instanceId);
        var incident = Assert.Single(instance.State.Incidents);
        Assert.Equal("mail", incident.ActivityId);
        Assert.Contains("geen e-mailserver ingesteld", incident.Message);
        Assert.Empty(await host.WrittenLinesAsync(instanceId));
    }

    [Fact]
    public async Task A_server_that_is_down_runs_the_Error_slot_as_in_Elsa()
    {
        await using var host = await HostAsync(DatabaseProvider.Sqlite, "sendemail-down", SmtpCatcher.FreePort());
        var instanceId = await host.PublishAndRunAsync(WithErrorSlot(Mail().Build(), "niet verstuurd"));

        // The Error slot ran, then SendEmail completed and the flowchart went on.
        Assert.Equal(["niet verstuurd", "verstuurd"], await host.WrittenLinesAsync(instanceId));
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Empty(instance.State.Incidents);
    }

    [Fact]
    public async Task A_server_that_is_down_without_an_Error_slot_is_retried_later_not_lost()
    {
        await using var host = await HostAsync(DatabaseProvider.Sqlite, "sendemail-retry", SmtpCatcher.FreePort());
        var instanceId = await host.PublishAndRunAsync(Mail().Build());

        var instance = await host.InstanceAsync(instanceId);
        Assert.Empty(instance.State.Incidents);
        Assert.Equal(1, instance.State.RetryAttempts["mail"]);
        var retry = Assert.Single(await host.Instances.GetBookmarksAsync(instanceId));
        Assert.Equal(("mail", BookmarkKinds.Timer), (retry.ActivityId, retry.Kind));
        Assert.Empty(await host.WrittenLinesAsync(instanceId));
    }

    [Fact]
    public async Task Attachments_are_refused_and_nothing_is_sent()
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var host = await HostAsync(DatabaseProvider.Sqlite, "sendemail-attach", smtp.Port);
        var instanceId = await host.PublishAndRunAsync(Mail(("Attachments", "Object", "https://intern.example/bestand.pdf")).Build());

        var incident = Assert.Single((await host.InstanceAsync(instanceId)).State.Incidents);
        Assert.Contains("bijlagen", incident.Message);
        Assert.Empty(await smtp.WaitForAsync(0, TimeSpan.FromMilliseconds(200)));
    }
}
