using ChatArchive.Domain.Registry;
using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Persistence.Notifications;
using ChatArchive.Server.Coverage;
using ChatArchive.Server.Hosting;
using ChatArchive.Server.Notifications;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Coverage;

/// <summary>
/// A read-out overdue against the department's frequency reaches the process owner by mail, through the outbox and a
/// real SMTP server (aiosmtpd); once per appointment and missed date; the mail names the function, never content.
/// </summary>
public sealed class CoverageAlertTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_overdue_read_out_is_mailed_once_to_the_process_owner_of_the_department(DatabaseProvider provider)
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: "coveragealert", settings: new Dictionary<string, string?>
        {
            [MailSettings.HostKey] = "127.0.0.1",
            [MailSettings.PortKey] = smtp.Port.ToString(),
            [MailSettings.TlsKey] = "None",
            [MailSettings.FromKey] = "Chatarchief <chatarchief@example.nl>",
            [MailSettings.BaseUrlKey] = "https://chatarchief.example.nl",
            [NotificationsSetup.OutboxCronKey] = "* * * * * *",
            [BackgroundJobsSetup.PollSecondsKey] = "1",
        });
        var history = await CoverageHistory.WriteAsync(server.Database);
        await history.PublishMonthlyAsync();
        await using (var db = DatabaseSetup.CreateContext(server.Database))
        {
            db.Add(new User { UserName = "procesbeheerder.bzk", DisplayName = "Procesbeheerder BZK", Roles = [Roles.ProcessOwner], DepartmentId = history.Bzk, Email = "procesbeheerder@bzk.example" });
            await db.SaveChangesAsync();
        }
        var alerts = server.Services.GetRequiredService<CoverageAlertService>();

        await alerts.RunOnceAsync();
        // The outbox sender runs as a recurring job; run it once here as well (its lease prevents a double send), so the
        // test does not depend on the job scheduler's timing on a loaded machine.
        await server.Services.GetRequiredService<ChatArchive.Notifications.Outbox.OutboxDispatcher>().RunAsync();

        // Today the BZK state secretary (appointed 8-1-2024, never read out) and the FIN minister are overdue; the BZK
        // minister left on 28-6-2024 with a departure read-out and is not. FIN has no process owner with an address.
        var mail = Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(90)));
        Assert.Equal("procesbeheerder@bzk.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.StartsWith("Bevinding vraagt aandacht: uitlezing achterstallig bij " + CoverageHistory.StateSecretaryFunction + " (nog nooit uitgelezen; frequentie P1M)", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://chatarchief.example.nl/dekking?bewindspersoon={history.StateSecretary}", mail.TextBody, StringComparison.Ordinal);
        foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "+316", "minister@minbzk.nl" })
        {
            Assert.DoesNotContain(secret, mail.TextBody, StringComparison.Ordinal);
        }

        // Again: nothing new (one alert per appointment and missed date, also across nodes).
        Assert.Equal(0, await alerts.RunOnceAsync());
        await using var check = DatabaseSetup.CreateContext(server.Database);
        var rows = await check.Set<OutboxRow>().Where(o => o.DedupKey!.StartsWith(CoverageAlerts.DedupPrefix)).ToListAsync();
        Assert.Equal(["BZK", "FIN"], rows.Select(r => r.Department).Order(StringComparer.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(smtp.Messages());
    }
}
