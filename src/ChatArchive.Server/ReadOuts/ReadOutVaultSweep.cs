using ChatArchive.Persistence.ReadOuts;

namespace ChatArchive.Server.ReadOuts;

/// <summary>
/// At start-up (after the migrations, which are registered first), in the background: removes vault files no row points
/// at that are older than <see cref="ReadOutService.VaultSweepGrace"/>, e.g. purged copies of a cleaning whose process was
/// killed. The cleaning sweeps again before it starts or resumes. A failure is logged and does not stop the server.
/// </summary>
public sealed class ReadOutVaultSweep(ReadOutService service, ILogger<ReadOutVaultSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await service.SweepOrphanVaultFilesAsync(ReadOutService.VaultSweepGrace, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            logger.LogWarning("Vault sweep at start-up failed ({Error}); the next cleaning sweeps again", e.GetType().Name);
        }
    }
}
