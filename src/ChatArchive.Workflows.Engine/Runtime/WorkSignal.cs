namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>Wakes idle workers in this process when work was written here; other nodes find it by polling.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim signal = new(0, int.MaxValue);

    public void Notify(int count = 1)
    {
        if (signal.CurrentCount < 64)
        {
            signal.Release(Math.Max(1, Math.Min(count, 64)));
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}
