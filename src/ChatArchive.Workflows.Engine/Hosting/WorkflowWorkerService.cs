using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Hosting;

/// <summary>
/// The step workers of this process: each claims a work item, runs the step, and sleeps when idle until
/// woken (work written here) or the poll interval passes (work written by another node).
/// </summary>
public sealed class WorkflowWorkerService(WorkflowStepExecutor executor, WorkSignal signal, WorkflowEngineOptions options,
    ILogger<WorkflowWorkerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(i => Task.Run(() => LoopAsync(i, stoppingToken), stoppingToken));
        return Task.WhenAll(loops);
    }

    private async Task LoopAsync(int worker, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await executor.RunOneAsync(ct))
                {
                    failures = 0;
                    continue;
                }
                await signal.WaitAsync(options.IdlePollInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup or a lost race: the work item stays pending and is claimed again.
                failures++;
                logger.LogWarning(ex, "Worker {Worker} on node {NodeId}: step failed ({Failures} in a row)", worker, options.NodeId, failures);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * failures)), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
