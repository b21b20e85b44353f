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
/// Coverage alerts reach the right people by mail, through the outbox and a real SMTP server (aiosmtpd), each kind with
/// its own Dutch template: the process owner gets overdue read-outs, gaps and unanswered findings, every auditor the daily
/// digest (counts only); once per dedup key; mails name functions and dates, never content.
/// </summary>
public sealed class CoverageAlertTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Overdue_read_outs_gaps_and_unanswered_findings_are_mailed_once_to_the_process_owner_and_the_digest_to_the_auditor(DatabaseProvider provider)
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
            db.Add(new User { UserName = "auditor", DisplayName = "Auditor ADR", Roles = [Roles.Auditor], Email = "auditor@adr.example" });
            await db.SaveChangesAsync();
        }
        var alerts = server.Services.GetRequiredService<CoverageAlertService>();

        var counts = await alerts.RunAllAsync();
        // The outbox sender runs as a recurring job; run it once here as well (its lease prevents a double send), so the
        // test does not depend on the job scheduler's timing on a loaded machine.
        await server.Services.GetRequiredService<ChatArchive.Notifications.Outbox.OutboxDispatcher>().RunAsync();

        // Today the BZK state secretary (appointed 8-1-2024, never read out) and the FIN minister are overdue; the BZK
        // minister left on 28-6-2024 with a departure read-out and is not. FIN has no process owner with an address.
        List<OutboxRow> rows;
        await using (var check = DatabaseSetup.CreateContext(server.Database))
        {
            rows = await check.Set<OutboxRow>().AsNoTracking().ToListAsync();
        }
        Assert.Equal(counts.Total, rows.Count);
        Assert.Equal((2, 1, 0, 1), (counts.Overdue, counts.Findings, counts.Validations, counts.Digest));
        Assert.True(counts.Gaps >= 3, $"gaps: {counts.Gaps}");
        var deliverable = rows.Count(r => r.Department == "BZK" || r.Kind == nameof(ChatArchive.Notifications.NotificationKind.AuditorDigest));
        var mails = await smtp.WaitForAsync(deliverable, TimeSpan.FromSeconds(90));
        Assert.Equal(deliverable, mails.Count);

        var toOwner = mails.Where(m => m.To.Mailboxes.Single().Address == "procesbeheerder@bzk.example").Select(m => m.Subject ?? "").ToList();
        Assert.Contains("Uitlezing achterstallig: " + CoverageHistory.StateSecretaryFunction + " (nog nooit uitgelezen; frequentie P1M)", toOwner);
        Assert.Contains(toOwner, s => s.StartsWith("Gat in de veiliggestelde periode: " + CoverageHistory.MinisterFunction + ", signal: ", StringComparison.Ordinal));
        Assert.Contains(toOwner, s => s.StartsWith("Bevinding zonder antwoord: 1 bevinding(en) van uitlezing ", StringComparison.Ordinal));
        var overdue = mails.Single(m => (m.Subject ?? "").StartsWith("Uitlezing achterstallig: " + CoverageHistory.StateSecretaryFunction, StringComparison.Ordinal));
        Assert.Contains($"https://chatarchief.example.nl/dekking?bewindspersoon={history.StateSecretary}", overdue.TextBody, StringComparison.Ordinal);
        Assert.Contains("CIO Rijk-rapportage 2024", overdue.TextBody, StringComparison.Ordinal);

        var digest = Assert.Single(mails, m => m.To.Mailboxes.Single().Address == "auditor@adr.example");
        Assert.StartsWith("Dagoverzicht dekking: ", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("uitlezing(en) achterstallig", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("https://chatarchief.example.nl/dekking", digest.TextBody, StringComparison.Ordinal);
        foreach (var mail in mails)
        {
            foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "+316", "minister@minbzk.nl" })
            {
                Assert.DoesNotContain(secret, mail.Subject + mail.TextBody, StringComparison.Ordinal);
            }
        }

        // Again: nothing new (one alert per dedup key, also across nodes).
        Assert.Equal(0, await alerts.RunOnceAsync());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(deliverable, smtp.Messages().Count);
    }
}
