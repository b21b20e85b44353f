using System.Net;
using ChatArchive.Domain.Registry;
using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Notifications;
using ChatArchive.Server.Hosting;
using ChatArchive.Server.Notifications;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Notifications;

/// <summary>The whole path in the real server: a workflow opens a task, its mail is queued with it and Hangfire sends it to a real SMTP server.</summary>
public sealed class TaskMailTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    /// <summary>Mail through the SMTP catcher, the outbox every second.</summary>
    internal static Dictionary<string, string?> MailSettingsFor(SmtpCatcher smtp) => new()
    {
        [MailSettings.HostKey] = "127.0.0.1",
        [MailSettings.PortKey] = smtp.Port.ToString(),
        [MailSettings.TlsKey] = "None",
        [MailSettings.FromKey] = "Chatarchief BZK <chatarchief@bzk.example>",
        [MailSettings.BaseUrlKey] = "https://chatarchief.bzk.example",
        [NotificationsSetup.OutboxCronKey] = "* * * * * *",
        [BackgroundJobsSetup.PollSecondsKey] = "1",
    };

    /// <summary>
    /// The BZK professional gets a mail address; the process owner publishes and starts the intake workflow, which waits
    /// on its first task for the professionals (and queues that task's mail).
    /// </summary>
    internal static async Task<string> OpenIntakeTaskAsync(ServerFixture server)
    {
        await using (var db = DatabaseSetup.CreateContext(server.Database))
        {
            var professional = await db.Set<User>().SingleAsync(u => u.UserName == "informatieprofessional.bzk");
            professional.Email = "informatieprofessional@bzk.example";
            await db.SaveChangesAsync();
        }
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden minister BZK"), publish: true);
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(definition["definitionId"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");
        return instanceId;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task New_task_of_a_workflow_reaches_the_professionals_by_mail_with_a_link_to_the_task(DatabaseProvider provider)
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var server = await ServerFixture.StartAsync(provider, settings: MailSettingsFor(smtp), purpose: "taskmail");
        await OpenIntakeTaskAsync(server);
        var professionalClient = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        var tasks = ElsaAssert.Array(await ElsaAssert.OkObjectAsync(await professionalClient.GetAsync("/api/tasks?voor=rol")), "items");
        var taskId = ElsaAssert.Str(Assert.Single(tasks)!["id"]);

        var arrived = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(60));
        Assert.True(arrived.Count == 1, $"{arrived.Count} mails after 60 s; {await DiagnosisAsync(server.Database)}");
        var mail = arrived[0];

        Assert.Equal("informatieprofessional@bzk.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("Nieuwe taak: Intakegesprek met de bewindspersoon", mail.Subject);
        Assert.Contains($"https://chatarchief.bzk.example/taken/{Uri.EscapeDataString(taskId)}", mail.TextBody);
        // The sender hands the mail over first and marks the row afterwards: wait for the mark, then check it.
        OutboxRow row;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var check = DatabaseSetup.CreateContext(server.Database);
            row = await check.Set<OutboxRow>().AsNoTracking().SingleAsync();
            if (row.Status != OutboxRow.Pending || DateTime.UtcNow > deadline) break;
            await Task.Delay(200);
        }
        Assert.Equal((taskId, OutboxRow.Sent, mail.MessageId), (row.TaskId, row.Status, row.MessageId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Background_jobs_dashboard_is_for_administrators_only(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "jobsdashboard");
        var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        var administrator = await server.CreateClientForUserAsync("beheerder");

        var refused = await professional.GetAsync(BackgroundJobsSetup.DashboardPath);
        var allowed = await administrator.GetAsync(BackgroundJobsSetup.DashboardPath);

        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("Achtergrondtaken", await allowed.Content.ReadAsStringAsync());
    }

    /// <summary>What the outbox and Hangfire hold now (states and counts, no content): says why a mail is late.</summary>
    internal static async Task<string> DiagnosisAsync(DatabaseOptions database)
    {
        List<OutboxRow> rows;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            rows = await db.Set<OutboxRow>().AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        }
        var text = "outbox: " + (rows.Count == 0 ? "no rows" : string.Join("; ", rows.Select(r =>
            $"#{r.Id} {r.Status} attempts {r.Attempts} next {r.NextAttemptAt:O} claimed by {(r.ClaimedBy is null ? "-" : "a node")} until {r.ClaimedUntil:O} error {r.LastError}")));
        if (database.Provider != DatabaseProvider.PostgreSql) return text;
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 'job ' || coalesce(statename, 'none') || ': ' || count(*) FROM hangfire.job GROUP BY statename
            UNION ALL SELECT 'job ' || coalesce(statename, 'none') || ' ' || (invocationdata::json->>'Method') || ': ' || count(*) FROM hangfire.job GROUP BY statename, invocationdata::json->>'Method'
            UNION ALL SELECT * FROM (SELECT 'failed: ' || left(data::text, 3000) FROM hangfire.state WHERE name = 'Failed' ORDER BY id DESC LIMIT 2) f
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
}
