using System.Collections.Concurrent;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Bench.Engine;

/// <summary>Counts every real execution per instance (rolled-back ones included) and when it first ran.</summary>
[Activity("Bench", "CountingStep", Category = "Bench")]
public sealed class CountingStep : Activity
{
    public static readonly ConcurrentDictionary<string, int> Executions = new();
    public static readonly ConcurrentDictionary<string, DateTimeOffset> FirstRunAt = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Executions.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
        FirstRunAt.TryAdd(context.InstanceId, DateTimeOffset.UtcNow);
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
