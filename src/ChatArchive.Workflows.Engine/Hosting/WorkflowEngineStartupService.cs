using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Hosting;

/// <summary>
/// At start-up, before the Hangfire server and the workers run: import workflows/ into the template set, register the
/// recurring jobs of published triggers, and re-arm every timer bookmark's due second that has no Hangfire job (the
/// database is the source of truth; a timer due during downtime is swept by a job enqueued right away).
/// </summary>
public sealed class WorkflowEngineStartupService(
    WorkflowEngineOptions options,
    WorkflowTemplateImporter importer,
    CronTriggerRegistrar cron,
    IWorkflowExecutionStore store,
    ITimerScheduler timers,
    IHostApplicationLifetime lifetime,
    ILogger<WorkflowEngineStartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.WorkflowsFolder is { Length: > 0 } folder)
        {
            var results = await importer.ImportFolderAsync(folder, cancellationToken);
            logger.LogInformation("Workflow templates: {Created} created, {Updated} new version, {Unchanged} unchanged, {Refused} refused",
                results.Count(r => r.Outcome == TemplateImportOutcome.Created), results.Count(r => r.Outcome == TemplateImportOutcome.NewVersion),
                results.Count(r => r.Outcome == TemplateImportOutcome.Unchanged), results.Count(r => r.Outcome == TemplateImportOutcome.Refused));
        }
        if (options.RunScheduler)
        {
            // A Hangfire lock left by a killed node must not stop the start: retried in the background (StartupRegistration).
            await StartupRegistration.RunAsync("Scheduler", async ct =>
            {
                var crons = await cron.SyncAsync(ct);
                var bookmarks = await store.ListTimerBookmarksAsync(ct);
                var armed = await timers.RearmAsync(bookmarks, ct);
                logger.LogInformation("Scheduler: {Cron} trigger(s) scheduled, {Armed} Hangfire job(s) armed for {Timers} timer(s)", crons, armed, bookmarks.Count);
            }, logger, lifetime.ApplicationStopping);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
