using ChatArchive.Domain.Registry;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Notifications;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Notifications;

/// <summary>
/// The acceptance line for mail, in the real server: the SMTP server is stopped for a while during the test and
/// restarted, and the server itself restarts meanwhile; every task mail arrives exactly once (one per outbox row, its
/// Message-ID that row's).
/// </summary>
public sealed class MailOutageTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Every_task_mail_arrives_exactly_once_when_the_SMTP_server_stops_for_a_while_and_the_server_restarts(DatabaseProvider provider)
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        var settings = TaskMailTests.MailSettingsFor(smtp);
        settings[OutboxOptions.RetryBaseSecondsKey] = "1";
        var server = await ServerFixture.StartAsync(provider, settings: settings, purpose: "mailoutage");
        try
        {
            // The first task's mail arrives while the SMTP server runs.
            await TaskMailTests.OpenIntakeTaskAsync(server);
            var first = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(90));
            Assert.True(first.Count == 1, $"{first.Count} mails after 90 s; {await TaskMailTests.DiagnosisAsync(server.Database)}");

            // The SMTP server stops; the next task's mail fails and stays in the outbox, to be tried again.
            await smtp.StopAsync();
            var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
            var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden staatssecretaris BZK"), publish: true);
            var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(definition["definitionId"]));
            await InstanceWait.UntilAsync(owner, instanceId, "Suspended");
            var deadline = DateTime.UtcNow.AddSeconds(90);
            List<OutboxRow> rows;
            while (true)
            {
                rows = await RowsAsync(server.Database);
                if (rows.Any(r => r.Status == OutboxRow.Pending && r.Attempts >= 1 && r.LastError is not null) || DateTime.UtcNow > deadline) break;
                await Task.Delay(250);
            }
            var failed = Assert.Single(rows, r => r.Status == OutboxRow.Pending);
            Assert.True(failed.Attempts >= 1 && failed.LastError is not null, $"attempts {failed.Attempts}");

            // The server restarts while the SMTP server is still down; then the SMTP server comes back.
            var database = server.Database;
            await server.DisposeAsync();
            server = await ServerFixture.StartOnAsync(database, settings: settings);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await smtp.StartAgainAsync();

            deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                rows = await RowsAsync(database);
                if (rows.All(r => r.Status == OutboxRow.Sent) || DateTime.UtcNow > deadline) break;
                await Task.Delay(250);
            }
            Assert.True(rows.All(r => r.Status == OutboxRow.Sent), $"not all sent 90 s after the SMTP server came back; {await TaskMailTests.DiagnosisAsync(database)}");
            await smtp.WaitForAsync(rows.Count, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3)); // a second delivery still on its way would show now
            var mails = smtp.Messages();
            Assert.Equal(2, rows.Count);
            Assert.Equal(rows.Select(r => r.MessageId).Order().ToArray(), mails.Select(m => m.MessageId).Order().ToArray());
            Assert.All(mails, m => Assert.Equal("Nieuwe taak: Intakegesprek met de bewindspersoon", m.Subject));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<List<OutboxRow>> RowsAsync(DatabaseOptions database)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        return await db.Set<OutboxRow>().AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }
}
