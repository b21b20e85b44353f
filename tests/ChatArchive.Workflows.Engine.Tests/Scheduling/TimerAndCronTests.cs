using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Scheduling;
using ChatArchive.Workflows.Engine.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Workflows.Engine.Tests.Scheduling;

/// <summary>
/// Timers and triggers as Hangfire jobs (PostgreSQL storage on PostgreSQL, in-memory storage on SQLite), on a test clock:
/// the test moves the engine's clock past a due moment and has Hangfire run the job now, instead of sleeping until then.
/// </summary>
public sealed class TimerAndCronTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    // Monday 7 December 2026, 08:00 in Amsterdam.
    private static readonly DateTimeOffset Monday8 = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);

    private static Task<EngineHost> StartAsync(DatabaseOptions database, TestClock clock, bool scheduler = true) =>
        EngineHost.StartAsync(database, o =>
        {
            o.RunScheduler = scheduler;
            o.RunWorkers = scheduler;
            o.Workers = 2;
        }, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));

    private static async Task<string> PublishDelayFlowAsync(EngineHost host, string duration)
    {
        var saved = await host.Definitions.SaveAsync(new Flow("Wachten tot volgende uitleesmoment").Start().Delay("wait", duration).End()
            .Connect("start", "wait").Connect("wait", "end").Build(), publish: true, Bzk);
        Assert.True(saved.Saved);
        return saved.Definition.DefinitionId;
    }

    /// <summary>Has Hangfire run every scheduled job now (as if its moment had come) and waits until they ran.</summary>
    private static async Task RunScheduledJobsNowAsync(EngineHost host)
    {
        // The job is armed just after the step that wrote the bookmark commits, so it may appear a moment after the bookmark.
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await EngineHost.WaitUntilAsync(() => Task.FromResult(monitoring.ScheduledCount() > 0), TimeSpan.FromSeconds(30), "a timer job is scheduled");
        var scheduled = monitoring.ScheduledJobs(0, 100).Select(j => j.Key).ToList();
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        foreach (var id in scheduled)
        {
            Assert.True(client.Requeue(id));
        }
        await EngineHost.WaitUntilAsync(() => Task.FromResult(scheduled.All(id =>
        {
            using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
            return connection.GetStateData(id)?.Name == "Succeeded";
        })), TimeSpan.FromSeconds(30), "Hangfire ran the timer jobs");
    }

    private static List<RecurringJobDto> TriggerJobs(EngineHost host)
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Where(j => j.Id.StartsWith(CronTriggerRegistrar.JobIdPrefix, StringComparison.Ordinal)).ToList();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Delay_of_six_weeks_fires_when_the_clock_passes_it_and_not_before(DatabaseProvider provider)
    {
        var clock = new TestClock(Monday8);
        await using var host = await StartAsync(await Db.CreateAsync(provider, "timer"), clock);
        var definitionId = await PublishDelayFlowAsync(host, "P6W");

        var id = (await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk })).InstanceId!;
        await EngineHost.WaitUntilAsync(async () => (await host.Instances.GetBookmarksAsync(id)).Count == 1, TimeSpan.FromSeconds(30), "the delay waits");
        var due = (await host.Instances.GetBookmarksAsync(id)).Single().DueAt!.Value;
        Assert.Equal(Monday8.AddDays(42), due);

        // A minute before the due moment the job runs (a node's clock ahead, or started by hand): nothing moves.
        clock.Advance(due - Monday8 - TimeSpan.FromMinutes(1));
        await RunScheduledJobsNowAsync(host);
        Assert.Single(await host.Instances.GetBookmarksAsync(id));
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.InstanceAsync(id)).SubStatus);
        Assert.Equal(0, await host.Services.GetRequiredService<IWorkflowExecutionStore>().PendingWorkCountAsync());

        // The job put itself back for the due second; once the clock has passed it, the instance continues.
        clock.Advance(TimeSpan.FromMinutes(1));
        await RunScheduledJobsNowAsync(host);
        await EngineHost.WaitUntilAsync(async () => (await host.InstanceAsync(id)).Status == WorkflowStatus.Finished, TimeSpan.FromSeconds(30), "the timer fired");

        var wait = (await host.Instances.GetActivityExecutionsAsync(id)).Single(e => e.ActivityId == "wait");
        Assert.Equal(ActivityExecutionStatus.Completed, wait.Status);
        Assert.True(wait.CompletedAt >= due, "the timer must not fire before it is due");
        Assert.Empty(await host.Instances.GetBookmarksAsync(id));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Cron_trigger_is_a_recurring_job_that_starts_one_instance_per_moment(DatabaseProvider provider)
    {
        var clock = new TestClock(Monday8.AddMilliseconds(400));
        await using var host = await StartAsync(await Db.CreateAsync(provider, "cron"), clock);
        var saved = await host.Definitions.SaveAsync(new Flow("Wekelijkse controle dekking")
            .Add("schedule", "Elsa.Cron", ("CronExpression", "String", "0 0 8 ? * MON")).End().Connect("schedule", "end").Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var job = Assert.Single(TriggerJobs(host));
        Assert.Equal("0 0 8 ? * MON", job.Cron);
        Assert.Equal("Europe/Amsterdam", job.TimeZoneId);
        var query = new WorkflowInstanceQuery { Tenant = "BZK", DefinitionIds = [saved.Definition.DefinitionId], Statuses = [WorkflowStatus.Finished] };
        var jobs = host.Services.GetRequiredService<IRecurringJobManager>();

        jobs.Trigger(job.Id);
        await EngineHost.WaitUntilAsync(async () => (await host.Instances.ListAsync(query)).TotalCount == 1, TimeSpan.FromSeconds(30), "the first Monday started an instance");
        clock.Advance(TimeSpan.FromDays(7));
        jobs.Trigger(job.Id);
        await EngineHost.WaitUntilAsync(async () => (await host.Instances.ListAsync(query)).TotalCount == 2, TimeSpan.FromSeconds(30), "the next Monday started another");

        var instances = (await host.Instances.ListAsync(query)).Items;
        Assert.Equal(["cron:20261207T070000Z", "cron:20261214T070000Z"], instances.Select(i => i.CorrelationId).Order());
        // The test clock stands still while an instance runs, so both executions carry one start time: compare without order.
        Assert.Equal(["end", "schedule"], (await host.Instances.GetActivityExecutionsAsync(instances[0].Id)).Select(e => e.ActivityId).Order());

        // Retracting the definition removes the recurring job.
        await host.Definitions.RetractAsync(saved.Definition.DefinitionId, Bzk);
        Assert.Empty(TriggerJobs(host));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Repeating_timer_trigger_is_a_recurring_job_on_its_interval(DatabaseProvider provider)
    {
        var clock = new TestClock(Monday8.AddMinutes(15).AddMilliseconds(300));
        await using var host = await StartAsync(await Db.CreateAsync(provider, "interval"), clock);
        var saved = await host.Definitions.SaveAsync(new Flow("Elk kwartier").Add("tick", "Elsa.Timer", ("Interval", "TimeSpan", "00:15:00")).End()
            .Connect("tick", "end").Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var job = Assert.Single(TriggerJobs(host));
        Assert.Equal("0 */15 * * * *", job.Cron);

        host.Services.GetRequiredService<IRecurringJobManager>().Trigger(job.Id);
        var query = new WorkflowInstanceQuery { Tenant = "BZK", DefinitionIds = [saved.Definition.DefinitionId], Statuses = [WorkflowStatus.Finished] };
        await EngineHost.WaitUntilAsync(async () => (await host.Instances.ListAsync(query)).TotalCount == 1, TimeSpan.FromSeconds(30), "the interval started an instance");
        Assert.Equal("timer:20261207T071500Z", (await host.Instances.ListAsync(query)).Items.Single().CorrelationId);
    }

    [Theory]
    [InlineData(30, "*/30 * * * * *", 30)]
    [InlineData(900, "0 */15 * * * *", 900)]
    [InlineData(21600, "0 0 */6 * * *", 21600)]
    [InlineData(86400, "0 0 0 * * *", 86400)]
    [InlineData(5400, "0 * * * * *", 60)]
    [InlineData(90, "* * * * * *", 1)]
    public void Interval_runs_on_its_own_cron_when_a_cron_can_say_it(long seconds, string cron, long period) =>
        Assert.Equal((cron, period), CronTriggerRegistrar.IntervalSchedule(seconds));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Timer_due_during_downtime_fires_after_restart(DatabaseProvider provider)
    {
        var database = await Db.CreateAsync(provider, "downtime");
        var clock = new TestClock(Monday8);
        string id;
        await using (var first = await StartAsync(database, clock))
        {
            var definitionId = await PublishDelayFlowAsync(first, "PT1H");
            id = (await first.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Scope = Bzk })).InstanceId!;
            await EngineHost.WaitUntilAsync(async () => (await first.Instances.GetBookmarksAsync(id)).Count == 1, TimeSpan.FromSeconds(30), "the delay waits");
        }

        // Nobody runs while the timer falls due.
        clock.Advance(TimeSpan.FromHours(2));
        await using (var check = await StartAsync(database, clock, scheduler: false))
        {
            Assert.Equal(WorkflowStatus.Running, (await check.InstanceAsync(id)).Status);
        }

        await using var second = await StartAsync(database, clock);
        await EngineHost.WaitUntilAsync(async () => (await second.InstanceAsync(id)).Status == WorkflowStatus.Finished, TimeSpan.FromSeconds(30),
            "the overdue timer fired after the restart");
        var wait = (await second.Instances.GetActivityExecutionsAsync(id)).Where(e => e.ActivityId == "wait").ToList();
        Assert.Equal(ActivityExecutionStatus.Completed, Assert.Single(wait).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Timers_of_one_second_armed_side_by_side_make_one_job(DatabaseProvider provider)
    {
        var clock = new TestClock(Monday8);
        await using var host = await StartAsync(await Db.CreateAsync(provider, "armonce"), clock);
        var timers = host.Services.GetRequiredService<ITimerScheduler>();
        var due = Monday8.AddHours(1);

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await timers.ScheduleAsync(new Bookmark
            {
                Id = $"b{i}", InstanceId = $"i{i}", ActivityId = "wait", ActivityNodeId = "flow1:wait", ActivityInstanceId = $"a{i}",
                ActivityType = "Elsa.Delay", Kind = BookmarkKinds.Timer, DueAt = due, CreatedAt = Monday8,
            }, ct));

        Assert.Equal(1, host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledCount());
    }
}
