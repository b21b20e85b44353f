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
            Assert.True(first.Count == 1, $"{first.Count} mails after 90 s; {await DiagnosisAsync(server.Database)}");

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
            Assert.All(rows, r => Assert.Equal(OutboxRow.Sent, r.Status));
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

    /// <summary>What the outbox and Hangfire hold now (states and counts, no content): says why a mail is late.</summary>
    private static async Task<string> DiagnosisAsync(DatabaseOptions database)
    {
        var rows = await RowsAsync(database);
        var text = "outbox: " + (rows.Count == 0 ? "no rows" : string.Join("; ", rows.Select(r =>
            $"#{r.Id} {r.Status} attempts {r.Attempts} next {r.NextAttemptAt:O} claimed by {(r.ClaimedBy is null ? "-" : "a node")} until {r.ClaimedUntil:O} error {r.LastError}")));
        if (database.Provider != DatabaseProvider.PostgreSql) return text;
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 'job ' || coalesce(statename, 'none') || ': ' || count(*) FROM hangfire.job GROUP BY statename
            UNION ALL SELECT 'servers: ' || count(*) FROM hangfire.server
            UNION ALL SELECT 'queued: ' || count(*) FROM hangfire.jobqueue WHERE fetchedat IS NULL
            UNION ALL SELECT 'recurring ' || key || ' ' || field || '=' || coalesce(value, '') FROM hangfire.hash
              WHERE key = 'recurring-job:mail-outbox' AND field IN ('NextExecution', 'LastExecution', 'LastJobId', 'Error', 'RetryAttempt')
            UNION ALL SELECT 'lock ' || resource || ' since ' || acquired FROM hangfire.lock
            """;
        var parts = new List<string>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) parts.Add(reader.GetString(0));
        }
        catch (Npgsql.PostgresException e)
        {
            parts.Add($"hangfire tables not readable: {e.SqlState}");
        }
        return text + "; " + string.Join("; ", parts) + $"; now {DateTime.UtcNow:O}";
    }

    private static async Task<List<OutboxRow>> RowsAsync(DatabaseOptions database)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        return await db.Set<OutboxRow>().AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }
}
