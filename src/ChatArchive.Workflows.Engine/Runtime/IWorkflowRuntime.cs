namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Starts and steers instances. Work is durable: these calls write work items; the workers of any server
/// process run them (<see cref="RunUntilIdleAsync"/> runs them in the calling process, for tests and tools).
/// </summary>
public interface IWorkflowRuntime
{
    Task<StartWorkflowResult> StartAsync(StartWorkflowRequest request, CancellationToken ct = default);

    /// <summary>Fills a bookmark; a second call for the same bookmark is a no-op. False when the bookmark does not exist.</summary>
    Task<bool> ResumeAsync(string bookmarkId, string? outcome = null, string? payload = null, string? resumedBy = null, CancellationToken ct = default);

    /// <summary>Re-runs the failed steps of the instance's open incidents.</summary>
    Task<int> RetryAsync(string instanceId, CancellationToken ct = default);

    Task<bool> CancelAsync(string instanceId, CancellationToken ct = default);

    /// <summary>Processes pending work items in this process until none is left; returns how many steps ran.</summary>
    Task<int> RunUntilIdleAsync(CancellationToken ct = default);
}
