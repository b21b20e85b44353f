using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Model;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// Keeps one Hangfire recurring job per Cron activity (its schedule, Amsterdam time) and per Elsa.Timer activity (its
/// repeating interval) of each published version, and none for anything else. Runs at start-up and after every
/// definition change; on PostgreSQL the jobs are shared by all nodes, so adding one twice changes nothing.
/// </summary>
public sealed class CronTriggerRegistrar(IRecurringJobManager? jobs, JobStorage? storage, IWorkflowDefinitionStore store, WorkflowEngineOptions options,
    ILogger<CronTriggerRegistrar> logger) : IWorkflowDefinitionChangeListener
{
    public const string JobIdPrefix = "workflow-trigger:";

    public async Task DefinitionChangedAsync(string definitionId, CancellationToken ct = default) => await SyncAsync(ct);

    /// <summary>Adds, changes and removes the recurring jobs; returns how many triggers are scheduled.</summary>
    public async Task<int> SyncAsync(CancellationToken ct = default)
    {
        if (!options.RunScheduler || jobs is null || storage is null)
        {
            return 0;
        }
        var wanted = new Dictionary<string, Action>(StringComparer.Ordinal);
        foreach (var d in await store.ListPublishedAsync(ct))
        {
            foreach (var a in (d.Root.Activities ?? []).Where(a => a.Type == "Elsa.Cron"))
            {
                var cron = (a.GetInput(nameof(Activities.BuiltIn.Cron.CronExpression))?.Expression?.Value ?? "0 0 8 ? * MON").Trim();
                if (!Activities.BuiltIn.Cron.TryParse(cron, out _))
                {
                    logger.LogWarning("Definition {DefinitionId}: cron activity {ActivityId} has an invalid expression; not scheduled", d.DefinitionId, a.Id);
                    continue;
                }
                var (definitionId, activityId) = (d.DefinitionId, a.Id);
                var id = JobId(definitionId, activityId);
                wanted[id] = () => jobs.AddOrUpdate<CronFiredJob>(id, j => j.CronAsync(definitionId, activityId, cron, CancellationToken.None), cron,
                    new RecurringJobOptions { TimeZone = Activities.BuiltIn.Cron.Zone });
            }
            foreach (var a in (d.Root.Activities ?? []).Where(a => a.Type == "Elsa.Timer"))
            {
                var interval = Activities.BuiltIn.Timer.IntervalOf(a.GetInput(nameof(Activities.BuiltIn.Timer.Interval))?.Expression?.Value);
                if (interval is null || interval < options.MinimumTriggerInterval || interval < TimeSpan.FromSeconds(1))
                {
                    logger.LogWarning("Definition {DefinitionId}: timer activity {ActivityId} has an invalid or too short interval; not scheduled", d.DefinitionId, a.Id);
                    continue;
                }
                var (definitionId, activityId) = (d.DefinitionId, a.Id);
                var id = JobId(definitionId, activityId);
                var seconds = (long)interval.Value.TotalSeconds;
                var (cron, period) = IntervalSchedule(seconds);
                wanted[id] = () => jobs.AddOrUpdate<CronFiredJob>(id, j => j.IntervalAsync(definitionId, activityId, seconds, period, CancellationToken.None), cron,
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            }
        }
        List<string> existing;
        using (var connection = storage.GetConnection())
        {
            existing = connection.GetRecurringJobs().Select(r => r.Id).Where(id => id.StartsWith(JobIdPrefix, StringComparison.Ordinal)).ToList();
        }
        foreach (var id in existing.Where(id => !wanted.ContainsKey(id)))
        {
            jobs.RemoveIfExists(id);
        }
        // AddOrUpdate leaves an unchanged job (and its next run) as it is.
        foreach (var add in wanted.Values)
        {
            add();
        }
        return wanted.Count;
    }

    private static string JobId(string definitionId, string activityId) => $"{JobIdPrefix}{definitionId}:{activityId}";

    /// <summary>
    /// The cron a repeating interval runs on and that cron's period: the interval itself when a cron can say it (a divisor
    /// of a minute, an hour or a day, or a whole day), else every minute (whole minutes) or every second, with the job
    /// starting an instance only on the interval's ticks.
    /// </summary>
    public static (string Cron, long PeriodSeconds) IntervalSchedule(long seconds) => seconds switch
    {
        < 60 when 60 % seconds == 0 => ($"*/{seconds} * * * * *", seconds),
        < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => ($"0 */{seconds / 60} * * * *", seconds),
        < 86400 when seconds % 3600 == 0 && 24 % (seconds / 3600) == 0 => ($"0 0 */{seconds / 3600} * * *", seconds),
        86400 => ("0 0 0 * * *", seconds),
        _ when seconds % 60 == 0 => ("0 * * * * *", 60),
        _ => ("* * * * * *", 1),
    };
}
