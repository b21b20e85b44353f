using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>
/// Registering recurring Hangfire jobs at start-up must not stop the process. On shared PostgreSQL storage a node that
/// was killed while it held one of Hangfire's short locks leaves that lock behind until it expires
/// (<c>DistributedLockTimeout</c>); the next start then waits for the lock and fails. The registration is tried once
/// while starting; when it fails, start-up goes on (the jobs stored by the earlier run keep running) and the
/// registration is retried in the background until it succeeds or the host stops. Only the exception's type is logged.
/// </summary>
public static class StartupRegistration
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string what, Func<CancellationToken, Task> register, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await register(stopping);
            return;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            logger.LogWarning("{What}: registration at start-up failed ({Error}); retrying in the background every {Delay} s",
                what, ex.GetType().Name, RetryDelay.TotalSeconds);
        }
        _ = Task.Run(async () =>
        {
            for (var attempt = 2; !stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    await Task.Delay(RetryDelay, stopping);
                    await register(stopping);
                    logger.LogInformation("{What}: registered at attempt {Attempt}", what, attempt);
                    return;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogWarning("{What}: registration attempt {Attempt} failed ({Error})", what, attempt, ex.GetType().Name);
                }
            }
        }, CancellationToken.None);
    }
}
