using ChatArchive.Notifications.Smtp;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Notifications;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Notifications.Tests;

/// <summary>The outbox on a real PostgreSQL and SQLite with a real SMTP server: delivery, retries, restarts, several nodes.</summary>
public sealed class OutboxDeliveryTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static readonly OutboxOptions Quick = new() { RetryBase = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1), BatchSize = 7 };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Queued_task_mail_arrives_with_the_link_and_the_row_is_marked_sent(DatabaseProvider provider)
    {
        var fixture = await OutboxFixture.CreateAsync(provider, "outboxsend");
        await using var smtp = await SmtpCatcher.StartAsync();
        await fixture.QueueTasksAsync(1, DateTimeOffset.UtcNow);

        var result = await fixture.Dispatcher(smtp.Port, Quick).RunAsync();

        Assert.Equal(1, result.Sent);
        Assert.Null(result.NextDue);
        var mail = Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("ip.bzk@bzk.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("Nieuwe taak: Uitlezing 1 controleren", mail.Subject);
        Assert.Contains("https://chatarchief.bzk.example/taken/t1", mail.TextBody);
        var row = Assert.Single(await fixture.RowsAsync());
        Assert.Equal(OutboxRow.Sent, row.Status);
        Assert.Equal(mail.MessageId, row.MessageId);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.ClaimedBy);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_mail_arrives_exactly_once_when_the_SMTP_server_is_down_for_a_while_and_the_sender_restarts(DatabaseProvider provider)
    {
        var fixture = await OutboxFixture.CreateAsync(provider, "outboxdown");
        await using var smtp = await SmtpCatcher.StartAsync();
        await smtp.StopAsync();
        var ids = await fixture.QueueTasksAsync(20, DateTimeOffset.UtcNow);

        // Two nodes try while the server is down: every row fails, none is lost, each gets a later attempt.
        // The back-off here is longer than the two runs can be apart on a loaded machine: with 200 ms, the second node
        // (rightly) could take a row the first had failed more than 200 ms before its start, and count it a second time.
        var slow = Quick with { RetryBase = TimeSpan.FromSeconds(3), MaxRetryDelay = TimeSpan.FromSeconds(3) };
        var down = await Task.WhenAll(fixture.Dispatcher(smtp.Port, slow).RunAsync(), fixture.Dispatcher(smtp.Port, slow).RunAsync());
        Assert.Equal(0, down.Sum(r => r.Sent));
        Assert.Equal(20, down.Sum(r => r.Retried));
        Assert.All(await fixture.RowsAsync(), r => Assert.True(r.Status == OutboxRow.Pending && r.Attempts == 1 && r.LastError is not null));

        // The server comes back; the senders are new processes (a restart), two of them side by side, until nothing is due.
        await smtp.StartAgainAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await fixture.RowsAsync()).Any(r => r.Status == OutboxRow.Pending) && DateTime.UtcNow < deadline)
        {
            await Task.WhenAll(fixture.Dispatcher(smtp.Port, Quick).RunAsync(), fixture.Dispatcher(smtp.Port, Quick).RunAsync());
            await Task.Delay(100);
        }

        var rows = await fixture.RowsAsync();
        Assert.All(rows, r => Assert.Equal(OutboxRow.Sent, r.Status));
        var mails = await smtp.WaitForAsync(20, TimeSpan.FromSeconds(10));
        await Task.Delay(500); // a duplicate still on its way would show now
        // Only this test's rows count: a host of a test that ended may still send to a port this catcher got later.
        var ourIds = rows.Select(r => r.MessageId).ToHashSet();
        mails = smtp.Messages().Where(m => ourIds.Contains(m.MessageId)).ToList();
        Assert.Equal(20, mails.Count);
        Assert.Equal(rows.Select(r => r.MessageId).Order().ToArray(), mails.Select(m => m.MessageId).Order().ToArray());
        Assert.Equal(ids.Count, mails.Select(m => m.Subject).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_nodes_claiming_at_the_same_time_never_take_the_same_row(DatabaseProvider provider)
    {
        var fixture = await OutboxFixture.CreateAsync(provider, "outboxclaim");
        await fixture.QueueTasksAsync(120, DateTimeOffset.UtcNow.AddSeconds(-1));
        var store = new EfOutboxStore(fixture.Factory);
        var now = DateTimeOffset.UtcNow;

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < 40; i++)
            {
                var batch = await store.ClaimDueAsync($"node-{n}", now, TimeSpan.FromMinutes(5), 10);
                if (batch.Count == 0) break;
                mine.AddRange(batch.Select(b => b.Id));
            }
            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(120, all.Count);
        Assert.Equal(120, all.Distinct().Count());
        // Claimed rows are not offered again while the lease runs.
        Assert.Empty(await store.ClaimDueAsync("node-9", now.AddMinutes(1), TimeSpan.FromMinutes(5), 10));
        // After the lease ends (a node crashed), another node takes them over.
        Assert.Equal(10, (await store.ClaimDueAsync("node-9", now.AddMinutes(6), TimeSpan.FromMinutes(5), 10)).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Role_mail_goes_to_active_users_of_that_role_in_the_department_only(DatabaseProvider provider)
    {
        var fixture = await OutboxFixture.CreateAsync(provider, "outboxrole");
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var row = OutboxRow.For(NotificationKind.NewTask, "BZK", null, "information-professional", "Intakegesprek met de bewindspersoon", "/taken/x", DateTimeOffset.UtcNow);
        db.Add(row);
        await db.SaveChangesAsync();

        var to = await new EfRecipientDirectory(fixture.Factory).ResolveAsync(row.ToEntry());

        Assert.Equal(["ip.bzk@bzk.example", "ip2.bzk@bzk.example"], to);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Mail_nobody_can_receive_is_recorded_as_undeliverable_and_not_retried(DatabaseProvider provider)
    {
        var fixture = await OutboxFixture.CreateAsync(provider, "outboxnobody");
        await using var smtp = await SmtpCatcher.StartAsync();
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            db.Add(OutboxRow.For(NotificationKind.NewTask, "JenV", null, "process-owner", "Werkproces aanpassen", "/taken/y", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var result = await fixture.Dispatcher(smtp.Port, Quick).RunAsync();

        Assert.Equal(1, result.Undeliverable);
        Assert.Null(result.NextDue);
        Assert.Equal(OutboxRow.Undeliverable, Assert.Single(await fixture.RowsAsync()).Status);
        Assert.Empty(smtp.Messages());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Due_date_scan_sends_one_reminder_before_and_one_escalation_to_the_process_owner_after(DatabaseProvider provider)
    {
        var fixture = await OutboxFixture.CreateAsync(provider, "outboxdue");
        var now = DateTimeOffset.UtcNow;
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            await SeedTaskAsync(db, "soon", now.AddHours(20), claimedBy: fixture.ProfessionalBzk.ToString());
            await SeedTaskAsync(db, "late", now.AddHours(-2), claimedBy: null);
            await SeedTaskAsync(db, "later", now.AddDays(10), claimedBy: null);
        }
        var scanner = new EfDueDateScanner(fixture.Factory);

        var first = await scanner.ScanAsync(now, TimeSpan.FromDays(1));
        var second = await scanner.ScanAsync(now.AddMinutes(5), TimeSpan.FromDays(1));

        Assert.Equal((1, 1), first);
        Assert.Equal((0, 0), second);
        var rows = await fixture.RowsAsync();
        var reminder = Assert.Single(rows, r => r.Kind == nameof(NotificationKind.DueReminder));
        Assert.Equal(("soon", fixture.ProfessionalBzk.ToString()), (reminder.TaskId, reminder.RecipientUser));
        var escalation = Assert.Single(rows, r => r.Kind == nameof(NotificationKind.Escalation));
        Assert.Equal(("late", "process-owner", (string?)null), (escalation.TaskId, escalation.RecipientRole, escalation.RecipientUser));
        Assert.Equal(["pb.bzk@bzk.example"], await new EfRecipientDirectory(fixture.Factory).ResolveAsync(escalation.ToEntry()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_run_stopped_by_an_unexpected_error_gives_back_the_rows_it_did_not_hand_over_and_keeps_the_claim_of_the_one_it_may_have(DatabaseProvider provider)
    {
        var fixture = await OutboxFixture.CreateAsync(provider, "outboxgiveback");
        await using var smtp = await SmtpCatcher.StartAsync();
        var ids = await fixture.QueueTasksAsync(3, DateTimeOffset.UtcNow.AddSeconds(-1));

        // The second mail's hand-over fails with an error the dispatcher does not know: the run stops.
        var failing = fixture.Dispatcher(smtp.Port, Quick, wrap: real => new FailOnCall(real, call: 2));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.RunAsync());
        var rows = await fixture.RowsAsync();
        Assert.Equal(OutboxRow.Sent, rows.Single(r => r.Id == ids[0]).Status);
        var unsure = rows.Single(r => r.Id == ids[1]);
        Assert.Equal((OutboxRow.Pending, failing.Node), (unsure.Status, unsure.ClaimedBy)); // the SMTP server may have it: its lease decides
        var untouched = rows.Single(r => r.Id == ids[2]);
        Assert.Equal((OutboxRow.Pending, (string?)null, (DateTime?)null, 0), (untouched.Status, untouched.ClaimedBy, untouched.ClaimedUntil, untouched.Attempts));

        // The next run (another node) sends the given-back row at once, and leaves the leased one alone.
        var next = await fixture.Dispatcher(smtp.Port, Quick).RunAsync();
        Assert.Equal(1, next.Sent);
        rows = await fixture.RowsAsync();
        Assert.Equal(OutboxRow.Sent, rows.Single(r => r.Id == ids[2]).Status);
        Assert.Equal(OutboxRow.Pending, rows.Single(r => r.Id == ids[1]).Status);
        var mails = await smtp.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(new[] { ids[0], ids[2] }.Select(id => rows.Single(r => r.Id == id).MessageId).Order().ToArray(),
            mails.Select(m => m.MessageId).Order().ToArray());
    }

    /// <summary>Hands mail to the real sender, except call <c>call</c>, which fails as an unforeseen bug would.</summary>
    private sealed class FailOnCall(IMailSender inner, int call) : IMailSender
    {
        private int calls;

        public Task SendAsync(OutgoingMail mail, CancellationToken ct = default) =>
            Interlocked.Increment(ref calls) == call ? throw new InvalidOperationException("injected fault") : inner.SendAsync(mail, ct);
    }

    private static async Task SeedTaskAsync(ChatArchiveDbContext db, string id, DateTimeOffset due, string? claimedBy)
    {
        // A task row as the engine writes it; the workflow instance itself plays no part in the scan.
        db.Add(new ChatArchive.Persistence.Workflows.WorkflowInstanceRow
        {
            Id = "i-" + id, DefinitionId = "d", DefinitionVersionId = "d:1", Version = 1, Status = "Running", SubStatus = "Suspended",
            CreatedAt = due.UtcDateTime.AddDays(-7), UpdatedAt = due.UtcDateTime.AddDays(-7),
        });
        await db.SaveChangesAsync(); // the model has no relation between the two rows, so the instance goes first on its own
        db.Add(new ChatArchive.Persistence.Workflows.HumanTaskRow
        {
            Id = id, InstanceId = "i-" + id, DefinitionId = "d", ActivityId = "a", ActivityNodeId = "n", Department = "BZK",
            Title = "Uitlezing controleren", AssigneeRole = "information-professional", DueAt = due.UtcDateTime,
            Status = claimedBy is null ? "Open" : "Claimed", ClaimedBy = claimedBy, CreatedAt = due.UtcDateTime.AddDays(-7),
        });
        await db.SaveChangesAsync();
    }
}
