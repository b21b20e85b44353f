using ChatArchive.Workflows.Engine.Activities.BuiltIn;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// Keeps one Quartz trigger per Cron activity (cron schedule) and per Elsa.Timer activity (repeating interval) of each
/// published version, and none for anything else.
/// Runs at start-up and after every definition change.
/// </summary>
public sealed class CronTriggerRegistrar(ISchedulerFactory factory, IWorkflowDefinitionStore store, WorkflowEngineOptions options,
    ILogger<CronTriggerRegistrar> logger) : IWorkflowDefinitionChangeListener
{
    public const string TriggerGroup = "workflow-cron";
    public static readonly JobKey JobKey = new("cron-fired", "workflow");
    private const string EveryPrefix = "every:";

    public async Task DefinitionChangedAsync(string definitionId, CancellationToken ct = default) => await SyncAsync(ct);

    public async Task<int> SyncAsync(CancellationToken ct = default)
    {
        if (!options.RunScheduler)
        {
            return 0;
        }
        var scheduler = await factory.GetScheduler(ct);
        if (!await scheduler.Exists(JobKey, ct))
        {
            try
            {
                await scheduler.AddJob(JobBuilder.Create<CronFiredJob>().WithIdentity(JobKey).StoreDurably(true).Build(), default, ct);
            }
            catch (ObjectAlreadyExistsException)
            {
            }
        }
        // Cron = "cron:{expression}"; a repeating Elsa.Timer = "every:{seconds}".
        var wanted = new Dictionary<string, (string DefinitionId, string ActivityId, string Cron)>(StringComparer.Ordinal);
        foreach (var d in await store.ListPublishedAsync(ct))
        {
            foreach (var a in (d.Root.Activities ?? []).Where(a => a.Type == "Elsa.Cron"))
            {
                var cron = a.GetInput(nameof(Cron.CronExpression))?.Expression?.Value ?? "0 0 8 ? * MON";
                if (!CronExpression.TryParse(cron.Trim(), out _))
                {
                    logger.LogWarning("Definition {DefinitionId}: cron activity {ActivityId} has an invalid expression; not scheduled", d.DefinitionId, a.Id);
                    continue;
                }
                wanted[$"{d.DefinitionId}|{a.Id}"] = (d.DefinitionId, a.Id, cron.Trim());
            }
            foreach (var a in (d.Root.Activities ?? []).Where(a => a.Type == "Elsa.Timer"))
            {
                var interval = Activities.BuiltIn.Timer.IntervalOf(a.GetInput(nameof(Activities.BuiltIn.Timer.Interval))?.Expression?.Value);
                if (interval is null || interval < options.MinimumTriggerInterval)
                {
                    logger.LogWarning("Definition {DefinitionId}: timer activity {ActivityId} has an invalid or too short interval; not scheduled", d.DefinitionId, a.Id);
                    continue;
                }
                wanted[$"{d.DefinitionId}|{a.Id}"] = (d.DefinitionId, a.Id, $"{EveryPrefix}{(long)interval.Value.TotalSeconds}");
            }
        }
        var existing = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(TriggerGroup), ct);
        foreach (var key in existing)
        {
            var t = await scheduler.GetTrigger(key, ct);
            var current = t switch
            {
                ICronTrigger c => c.CronExpressionString,
                ISimpleTrigger st => $"{EveryPrefix}{(long)st.RepeatInterval.TotalSeconds}",
                _ => null,
            };
            if (!wanted.TryGetValue(key.Name, out var w) || current != w.Cron)
            {
                await scheduler.UnscheduleJob(key, ct);
            }
            else
            {
                wanted.Remove(key.Name);
            }
        }
        foreach (var (name, w) in wanted)
        {
            var builder = TriggerBuilder.Create()
                .WithIdentity(name, TriggerGroup)
                .ForJob(JobKey)
                .UsingJobData(CronFiredJob.DefinitionIdKey, w.DefinitionId)
                .UsingJobData(CronFiredJob.ActivityIdKey, w.ActivityId);
            var trigger = w.Cron.StartsWith(EveryPrefix, StringComparison.Ordinal)
                ? builder.StartAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(long.Parse(w.Cron[EveryPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture)))
                    .WithSimpleSchedule(x => x.WithInterval(TimeSpan.FromSeconds(long.Parse(w.Cron[EveryPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture)))
                        .RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                    .Build()
                : builder.WithCronSchedule(w.Cron, c => c.InTimeZone(Cron.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
        }
        return wanted.Count;
    }
}
