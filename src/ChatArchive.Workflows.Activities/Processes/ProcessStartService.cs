using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Activities.Processes;

/// <summary>Settings of the event starters (section <c>ChatArchive:Workflows</c>).</summary>
public sealed class ProcessStartOptions
{
    /// <summary>Start onboarding, read-out cycles and departure from registry events (false: only by hand or by tests).</summary>
    public bool ProcessStarts { get; set; } = true;

    /// <summary>How often the registry and the planned cycles are checked.</summary>
    public TimeSpan ProcessStartInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Load <c>workflows/departments/*.json</c> into their departments at start-up (the demo; never overwrites).</summary>
    public bool ImportDepartmentExamples { get; set; }
}

/// <summary>Runs <see cref="ProcessStarter.RunOnceAsync"/> at every interval; a failed pass is logged and tried again next time.</summary>
public sealed class ProcessStartService(ProcessStarter starter, ProcessStartOptions options, ILogger<ProcessStartService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ProcessStartInterval);
        do
        {
            try
            {
                var pass = await starter.RunOnceAsync(stoppingToken);
                if (pass.EventsRecorded + pass.Started + pass.Cancelled > 0)
                {
                    logger.LogInformation("Process starts: {Recorded} events recorded, {Started} instances started, {Cancelled} cycles cancelled",
                        pass.EventsRecorded, pass.Started, pass.Cancelled);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError("Process start pass failed ({ExceptionType}); next try in {Interval}", ex.GetType().Name, options.ProcessStartInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
