using System.Globalization;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Workflows.Activities.Processes;

namespace ChatArchive.Server.Coverage;

/// <summary>
/// Checks the coverage report of every department every <c>ChatArchive:Coverage:AlertInterval</c> (first one interval after start-up)
/// (default one day) and queues the alerts of <see cref="CoverageAlerts.QueueAllAsync"/>: a read-out overdue against the
/// department's published frequency, a gap, findings unanswered and validations not done for the set number of days
/// (<see cref="AlertSettings"/>), and the auditors' daily digest; every alert also opens a task for the process owners
/// (<see cref="CoverageAlertTasks"/>), closed by the check that finds its cause gone. Logs counts only.
/// </summary>
public sealed class CoverageAlertService(DatabaseOptions database, DepartmentProcessReader processes, IConfiguration configuration,
    TimeProvider clock, CoverageAlertTasks tasks, ILogger<CoverageAlertService> logger) : BackgroundService
{
    public const string IntervalKey = "ChatArchive:Coverage:AlertInterval";

    public TimeSpan Interval =>
        configuration[IntervalKey] is { Length: > 0 } text
            ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t
                : throw new InvalidOperationException($"{IntervalKey} must be a positive time span such as 1.00:00:00, got '{text}'.")
            : TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first check one interval after start-up: a restart does not mail, and short-lived (test) servers never do.
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing check must not stop the schedule.
                logger.LogWarning(e, "Coverage alert check failed");
            }
        }
    }

    /// <summary>One check of every department; returns how many new alerts were queued (all kinds).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default) => (await RunAllAsync(ct)).Total;

    /// <summary>One check: overdue read-outs, gaps, unanswered findings, validations not done, the auditors' digest.</summary>
    public async Task<AlertCounts> RunAllAsync(CancellationToken ct = default)
    {
        var report = await new CoverageService(database, WebCoverageSource.Schedules(processes)).ReportAsync(new CoverageQuery(CoverageService.Today(clock)), ct);
        var check = await CoverageAlerts.CheckAsync(database, report, AlertSettings.FromLookup(k => configuration[k]), clock.GetUtcNow(), ct);
        var counts = check.Counts;
        var sync = await tasks.SyncAsync(check.Current, ct);
        // A reopened task (its cause came back) is mailed again, once per reopening.
        var remailed = await CoverageAlerts.QueueMailsAsync(database, sync.Reopened, clock.GetUtcNow(), ct);
        logger.LogInformation("Coverage alert check: {Appointments} appointment(s), new alerts: {Overdue} overdue, {Gaps} gap(s), {Findings} finding(s), {Validations} validation(s), {Digest} digest; tasks {Opened} opened ({Reopened} reopened, {Remailed} mailed again), {Closed} closed",
            report.Appointments.Count, counts.Overdue, counts.Gaps, counts.Findings, counts.Validations, counts.Digest, sync.Opened, sync.Reopened.Count, remailed.Count, sync.Closed);
        return counts with { TasksOpened = sync.Opened, TasksClosed = sync.Closed, TasksReopened = sync.Reopened.Count };
    }
}
