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
using ChatArchive.Workflows.Engine.HumanTasks;
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
        await using var server = await StartAsync(provider, smtp, "coveragealert", withAuditor: true, new Dictionary<string, string?>
        {
            [NotificationsSetup.OutboxCronKey] = "* * * * * *",
            [BackgroundJobsSetup.PollSecondsKey] = "1",
        });
        var history = server.History;
        var alerts = server.Services.GetRequiredService<CoverageAlertService>();

        var counts = await alerts.RunAllAsync();
        // Every alert (not the digest) also opened a task for the process owners of its department; the engine's workers
        // create the tasks a moment later. The alert's own mail announces the task: the task sends no second mail.
        var alertCount = counts.Overdue + counts.Gaps + counts.Findings + counts.Validations;
        Assert.Equal(alertCount, counts.TasksOpened);
        var tasks = server.Services.GetRequiredService<IHumanTaskService>();
        var opened = await WaitForTasksAsync(tasks, new HumanTaskQuery { PageSize = 500 }, alertCount);
        // When the count differs, say per instance which tasks it has and in what state (ids only), to tell a step run twice
        // from a task replaced by a retry.
        Assert.True(alertCount == opened.Count, $"{opened.Count} tasks for {alertCount} signals: " + string.Join("; ",
            opened.GroupBy(t => t.InstanceId).Select(g => $"{g.Key} ({g.First().DefinitionId}, {g.First().Department}, {g.First().Title}): {string.Join(", ", g.Select(t => $"{t.Id} {t.Status} {t.CreatedAt:O}"))}")));
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
        var alertRows = rows.Where(r => r.Kind != nameof(ChatArchive.Notifications.NotificationKind.NewTask)).ToList();
        Assert.Equal(counts.Total, alertRows.Count);
        Assert.True(alertCount > 0);
        Assert.Equal(0, rows.Count(r => r.Kind == nameof(ChatArchive.Notifications.NotificationKind.NewTask)));
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

        // The tasks in the process owner's inbox: one per alert of the department, by kind, no content.
        var bzkOwner = new HumanTaskQuery { Departments = ["BZK"], Roles = [Roles.ProcessOwner], PageSize = 500 };
        var bzkAlerts = alertRows.Count(r => r.Department == "BZK");
        var inbox = await WaitForTasksAsync(tasks, bzkOwner, bzkAlerts);
        Assert.Equal(bzkAlerts, inbox.Count);
        Assert.All(inbox, t => Assert.StartsWith("Signaal: ", t.Title, StringComparison.Ordinal));
        Assert.All(inbox, t => Assert.Equal(Roles.ProcessOwner, t.AssigneeRole));
        Assert.Single(inbox, t => t.Title == "Signaal: uitlezing te laat" && t.Description!.Contains(CoverageHistory.StateSecretaryFunction, StringComparison.Ordinal));
        var findingTask = Assert.Single(inbox, t => t.Title == "Signaal: bevinding zonder antwoord");
        Assert.Contains(inbox, t => t.Title == "Signaal: gat in de veiliggestelde periode");
        foreach (var task in inbox)
        {
            foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "+316", "minister@minbzk.nl" })
            {
                Assert.DoesNotContain(secret, task.Title + task.Description, StringComparison.Ordinal);
            }
        }
        var fin = await tasks.ListAsync(new HumanTaskQuery { Departments = ["FIN"], PageSize = 500 });
        Assert.Equal(alertRows.Count(r => r.Department == "FIN"), fin.Items.Count);

        // Again: nothing new (one alert and one task per dedup key, also across nodes).
        var again = await alerts.RunAllAsync();
        Assert.Equal((0, 0, 0), (again.Total, again.TasksOpened, again.TasksClosed));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(deliverable, smtp.Messages().Count);
        Assert.Equal(bzkAlerts, (await tasks.ListAsync(bzkOwner)).Items.Count(t => t.Status is HumanTaskStatus.Open));

        // The cause goes away (the open finding is answered): the next check closes that task and only that one.
        var openFinding = await history.ScalarAsync("SELECT id FROM ingest_findings WHERE kind = 'disappearing-on'");
        var anyReadOut = await history.ScalarAsync("SELECT MIN(id) FROM ro_read_outs");
        var answer = await history.ScalarAsync("INSERT INTO ro_findings (read_out_id, ingest_finding_id, resolution, note, answered_by, answered_at) VALUES (@r, @f, 'Explained', 'besproken', '1', @at) RETURNING id",
            ("r", anyReadOut), ("f", openFinding), ("at", DateTimeOffset.UtcNow));
        var afterAnswer = await alerts.RunAllAsync();
        Assert.Equal((0, 0, 1), (afterAnswer.Total, afterAnswer.TasksOpened, afterAnswer.TasksClosed));
        var closed = await tasks.ListAsync(bzkOwner with { Statuses = [HumanTaskStatus.Canceled] });
        Assert.Equal(findingTask.Id, Assert.Single(closed.Items).Id);
        Assert.Equal(bzkAlerts - 1, (await tasks.ListAsync(bzkOwner with { Statuses = [HumanTaskStatus.Open] })).Items.Count);

        // The cause comes back (the answer is withdrawn): the same alert, the same dedup key. A new task is opened (the
        // cancelled one stays cancelled) and the process owner is mailed once more; the check after that changes nothing.
        await history.ScalarAsync("DELETE FROM ro_findings WHERE id = @id", ("id", answer));
        var returned = await alerts.RunAllAsync();
        Assert.Equal((0, 1, 1, 0), (returned.Total, returned.TasksOpened, returned.TasksReopened, returned.TasksClosed));
        var reopenedTasks = await WaitForTasksAsync(tasks, bzkOwner with { Statuses = [HumanTaskStatus.Open] }, bzkAlerts);
        Assert.Equal(bzkAlerts, reopenedTasks.Count);
        var reopened = Assert.Single(reopenedTasks, t => t.Title == "Signaal: bevinding zonder antwoord");
        Assert.NotEqual(findingTask.Id, reopened.Id);
        Assert.Equal(findingTask.Id, Assert.Single((await tasks.ListAsync(bzkOwner with { Statuses = [HumanTaskStatus.Canceled] })).Items).Id);
        await server.Services.GetRequiredService<ChatArchive.Notifications.Outbox.OutboxDispatcher>().RunAsync();
        var remailed = await smtp.WaitForAsync(deliverable + 1, TimeSpan.FromSeconds(90));
        Assert.Equal(deliverable + 1, remailed.Count);
        Assert.Equal(2, remailed.Count(m => m.To.Mailboxes.Single().Address == "procesbeheerder@bzk.example"
            && (m.Subject ?? "").StartsWith("Bevinding zonder antwoord: ", StringComparison.Ordinal)));
        var still = await alerts.RunAllAsync();
        Assert.Equal((0, 0, 0, 0), (still.Total, still.TasksOpened, still.TasksReopened, still.TasksClosed));

        // Gone again and back again: the third task for the same key.
        await history.ScalarAsync("INSERT INTO ro_findings (read_out_id, ingest_finding_id, resolution, note, answered_by, answered_at) VALUES (@r, @f, 'Explained', 'besproken', '1', @at) RETURNING id",
            ("r", anyReadOut), ("f", openFinding), ("at", DateTimeOffset.UtcNow));
        Assert.Equal(1, (await alerts.RunAllAsync()).TasksClosed);
        await history.ScalarAsync("DELETE FROM ro_findings WHERE ingest_finding_id = @f", ("f", openFinding));
        Assert.Equal(1, (await alerts.RunAllAsync()).TasksReopened);
        Assert.Equal(2, (await tasks.ListAsync(bzkOwner with { Statuses = [HumanTaskStatus.Canceled] })).Items.Count);
    }

    /// <summary>
    /// A signal task the process owner finished (the cause recorded) stays finished while its cause is there; when a check
    /// finds the cause gone and a later one finds it back, a new task is opened and mailed, as for a task a check cancelled.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_signal_task_finished_by_a_person_is_reopened_when_its_cause_goes_and_comes_back(DatabaseProvider provider)
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var server = await StartAsync(provider, smtp, "signalfinished", withAuditor: false);
        var history = server.History;
        var alerts = server.Services.GetRequiredService<CoverageAlertService>();
        var tasks = server.Services.GetRequiredService<IHumanTaskService>();
        Assert.True((await alerts.RunAllAsync()).Findings == 1);
        var bzkOwner = new HumanTaskQuery { Departments = ["BZK"], Roles = [Roles.ProcessOwner], PageSize = 500 };
        var bzkTasks = await history.ScalarAsync("SELECT COUNT(*) FROM wf_instances WHERE id LIKE 'signaal-%' AND tenant_id = 'BZK'");
        var inbox = await WaitForTasksAsync(tasks, bzkOwner, (int)bzkTasks);
        var findingTask = Assert.Single(inbox, t => t.Title == "Signaal: bevinding zonder antwoord");

        // The process owner finishes the task (the cause recorded); the engine finishes its instance.
        await tasks.CompleteAsync(findingTask.Id, new HumanTaskActor("procesbeheerder", [Roles.ProcessOwner], ["BZK"]), "Afgehandeld");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (await history.ScalarAsync("SELECT COUNT(*) FROM wf_instances WHERE id LIKE 'signaal-%' AND sub_status = 'Finished'") == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        Assert.Equal(1, await history.ScalarAsync("SELECT COUNT(*) FROM wf_instances WHERE id LIKE 'signaal-%' AND sub_status = 'Finished'"));

        // The cause is still there: nothing reopens (the person's answer stands).
        var stillThere = await alerts.RunAllAsync();
        Assert.Equal((0, 0, 0, 0), (stillThere.Total, stillThere.TasksOpened, stillThere.TasksReopened, stillThere.TasksClosed));
        Assert.Equal(0, await history.ScalarAsync("SELECT COUNT(*) FROM coverage_signal_cleared"));

        // The cause goes (the finding is answered): nothing to close, but the check writes it down, once.
        var openFinding = await history.ScalarAsync("SELECT id FROM ingest_findings WHERE kind = 'disappearing-on'");
        var anyReadOut = await history.ScalarAsync("SELECT MIN(id) FROM ro_read_outs");
        var answer = await history.ScalarAsync("INSERT INTO ro_findings (read_out_id, ingest_finding_id, resolution, note, answered_by, answered_at) VALUES (@r, @f, 'Explained', 'besproken', '1', @at) RETURNING id",
            ("r", anyReadOut), ("f", openFinding), ("at", DateTimeOffset.UtcNow));
        var gone = await alerts.RunAllAsync();
        Assert.Equal((0, 0, 0, 0), (gone.Total, gone.TasksOpened, gone.TasksReopened, gone.TasksClosed));
        await alerts.RunAllAsync();
        Assert.Equal(1, await history.ScalarAsync("SELECT COUNT(*) FROM coverage_signal_cleared WHERE dedup_key LIKE 'finding-unanswered:%'"));

        // The cause comes back (the answer is withdrawn): a new task, mailed once more; the next check changes nothing.
        await history.ScalarAsync("DELETE FROM ro_findings WHERE id = @id", ("id", answer));
        var back = await alerts.RunAllAsync();
        Assert.Equal((0, 1, 1, 0), (back.Total, back.TasksOpened, back.TasksReopened, back.TasksClosed));
        var open = await WaitForTasksAsync(tasks, bzkOwner with { Statuses = [HumanTaskStatus.Open] }, (int)bzkTasks);
        var reopened = Assert.Single(open, t => t.Title == "Signaal: bevinding zonder antwoord");
        Assert.NotEqual(findingTask.Id, reopened.Id);
        Assert.Equal(findingTask.Id, Assert.Single((await tasks.ListAsync(bzkOwner with { Statuses = [HumanTaskStatus.Completed] })).Items).Id);
        var again = await alerts.RunAllAsync();
        Assert.Equal((0, 0, 0, 0), (again.Total, again.TasksOpened, again.TasksReopened, again.TasksClosed));
        await server.Services.GetRequiredService<ChatArchive.Notifications.Outbox.OutboxDispatcher>().RunAsync();
        int FindingMails() => smtp.Messages().Count(m => m.To.Mailboxes.Single().Address == "procesbeheerder@bzk.example"
            && (m.Subject ?? "").StartsWith("Bevinding zonder antwoord: ", StringComparison.Ordinal));
        deadline = DateTime.UtcNow.AddSeconds(90);
        while (FindingMails() < 2 && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.Equal(2, FindingMails());
    }

    /// <summary>
    /// Two checks at once (two nodes, or the daily run beside a manual one) open one task and queue one mail per signal: the
    /// database decides, not the timing. The task's instance id is derived from the alert's dedup key (its primary key takes
    /// only the first start) and the outbox's dedup key is unique, so the loser of each race gets "already there".
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_checks_at_once_open_one_task_and_queue_one_mail_per_signal(DatabaseProvider provider)
    {
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var server = await StartAsync(provider, smtp, "signaltwice", withAuditor: true);
        var alerts = server.Services.GetRequiredService<CoverageAlertService>();
        using var start = new ManualResetEventSlim();
        Task<AlertCounts> Check() => Task.Run(async () =>
        {
            start.Wait();
            return await alerts.RunAllAsync();
        });
        var runs = new[] { Check(), Check() };
        start.Set();
        var counts = await Task.WhenAll(runs);

        var signals = await server.History.ScalarAsync("SELECT COUNT(*) FROM wf_instances WHERE id LIKE 'signaal-%'");
        var alertsQueued = counts.Sum(c => c.Overdue + c.Gaps + c.Findings + c.Validations);
        Assert.True(signals >= 6, $"signal instances: {signals}");
        Assert.Equal(signals, alertsQueued);
        Assert.Equal(signals, counts.Sum(c => c.TasksOpened));
        Assert.Equal(1, counts.Sum(c => c.Digest));
        Assert.Equal(signals + 1, await server.History.ScalarAsync("SELECT COUNT(*) FROM notification_outbox"));
        Assert.Equal(signals + 1, await server.History.ScalarAsync("SELECT COUNT(DISTINCT dedup_key) FROM notification_outbox"));

        // One task per signal instance, also after the engine's workers have had time for a second one.
        var tasks = server.Services.GetRequiredService<IHumanTaskService>();
        var all = new HumanTaskQuery { PageSize = 500 };
        var opened = await WaitForTasksAsync(tasks, all, (int)signals);
        await Task.Delay(TimeSpan.FromSeconds(2));
        opened = await WaitForTasksAsync(tasks, all, (int)signals);
        Assert.Equal(signals, opened.Count);
        Assert.All(opened.GroupBy(t => t.InstanceId), g => Assert.Single(g));

        var third = await alerts.RunAllAsync();
        Assert.Equal((0, 0, 0), (third.Total, third.TasksOpened, third.TasksClosed));
    }

    /// <summary>
    /// The engine opens the tasks on its own workers: wait until <paramref name="expected"/> signal tasks are there (or time runs
    /// out). Only the signal workflows' tasks count: any other process's task (an onboarding) is not this check's doing.
    /// </summary>
    private static async Task<IReadOnlyList<HumanTaskItem>> WaitForTasksAsync(IHumanTaskService tasks, HumanTaskQuery query, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var signals = (await tasks.ListAsync(query)).Items.Where(IsSignalTask).ToList();
            if (signals.Count >= expected || DateTime.UtcNow > deadline) return signals;
            await Task.Delay(250);
        }
    }

    private static bool IsSignalTask(HumanTaskItem task) =>
        task.DefinitionId.EndsWith("-" + CoverageAlertTasks.TemplateId, StringComparison.Ordinal) && task.InstanceId.StartsWith(CoverageAlertTasks.InstancePrefix, StringComparison.Ordinal);

    /// <summary>A server with the known coverage history, mail to the SMTP catcher and a process owner of BZK (and an auditor).</summary>
    private static async Task<AlertServer> StartAsync(DatabaseProvider provider, SmtpCatcher smtp, string purpose, bool withAuditor,
        Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [MailSettings.HostKey] = "127.0.0.1",
            [MailSettings.PortKey] = smtp.Port.ToString(),
            [MailSettings.TlsKey] = "None",
            [MailSettings.FromKey] = "Chatarchief <chatarchief@example.nl>",
            [MailSettings.BaseUrlKey] = "https://chatarchief.example.nl",
            // The process starter would open the onboarding of the two current officeholders a minute after start-up: tasks and
            // mails of another process in the counts of a slow run (the "12 tasks for 10 signals" of a loaded machine).
            ["ChatArchive:Workflows:ProcessStarts"] = "false",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: purpose, settings: settings);
        try
        {
            var history = await CoverageHistory.WriteAsync(server.Database);
            await history.PublishMonthlyAsync();
            await using var db = DatabaseSetup.CreateContext(server.Database);
            db.Add(new User { UserName = "procesbeheerder.bzk", DisplayName = "Procesbeheerder BZK", Roles = [Roles.ProcessOwner], DepartmentId = history.Bzk, Email = "procesbeheerder@bzk.example" });
            if (withAuditor) db.Add(new User { UserName = "auditor", DisplayName = "Auditor ADR", Roles = [Roles.Auditor], Email = "auditor@adr.example" });
            await db.SaveChangesAsync();
            return new AlertServer(server, history);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private sealed class AlertServer(ServerFixture server, CoverageHistory history) : IAsyncDisposable
    {
        public ServerFixture Server { get; } = server;
        public CoverageHistory History { get; } = history;
        public IServiceProvider Services => Server.Services;
        public DatabaseOptions Database => Server.Database;
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
