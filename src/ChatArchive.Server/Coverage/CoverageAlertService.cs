using System.Globalization;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Workflows.Activities.Processes;

namespace ChatArchive.Server.Coverage;

/// <summary>
/// Checks the coverage report of every department every <c>ChatArchive:Coverage:AlertInterval</c> (first one interval after start-up)
/// (default one day) and queues a mail to the process owners for each read-out overdue against the department's
/// published frequency (<see cref="CoverageAlerts"/>). Logs counts only.
/// </summary>
public sealed class CoverageAlertService(DatabaseOptions database, DepartmentProcessReader processes, IConfiguration configuration,
    TimeProvider clock, ILogger<CoverageAlertService> logger) : BackgroundService
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

    /// <summary>One check of every department; returns how many new alerts were queued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var report = await new CoverageService(database, WebCoverageSource.Schedules(processes)).ReportAsync(new CoverageQuery(CoverageService.Today(clock)), ct);
        var queued = await CoverageAlerts.QueueAsync(database, report, clock.GetUtcNow(), ct);
        logger.LogInformation("Coverage alert check: {Appointments} appointment(s), {Overdue} overdue, {Queued} new alert(s)",
            report.Appointments.Count, report.Appointments.Count(a => a.ReadOuts.Overdue), queued);
        return queued;
    }
}
