using System.Collections.Concurrent;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>
/// Wakes a request waiting in this process when an instance wrote its HTTP response (a hint only: the waiting request reads the
/// committed execution record, and polls as well, so a response written on another node is found too).
/// </summary>
public sealed class HttpResponseSignal
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> waiting = new(StringComparer.Ordinal);

    public SemaphoreSlim Register(string instanceId) => waiting.GetOrAdd(instanceId, _ => new SemaphoreSlim(0));

    public void Unregister(string instanceId)
    {
        if (waiting.TryRemove(instanceId, out var s))
        {
            s.Dispose();
        }
    }

    public void Notify(string instanceId)
    {
        if (waiting.TryGetValue(instanceId, out var s))
        {
            try
            {
                s.Release();
            }
            catch (ObjectDisposedException)
            {
                // The request gave up in the meantime.
            }
        }
    }
}
