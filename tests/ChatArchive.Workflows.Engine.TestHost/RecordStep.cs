using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.TestHost;

/// <summary>
/// A step with a visible side effect outside the database: it appends "instance activity pid" to its process's record
/// file (record path + "." + pid), so a test can count how often each step really ran, across processes and crashes. When the
/// environment names this activity in TESTHOST_HANG_AT, it first writes the marker file and then hangs
/// inside its step (transaction open), so the test can kill the process between two steps.
/// </summary>
[Activity("Test", "RecordStep", Category = "Test", DisplayName = "Stap vastleggen")]
public sealed class RecordStep : Activity
{
    private static readonly Lock Gate = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var hangAt = Environment.GetEnvironmentVariable("TESTHOST_HANG_AT");
        var marker = Environment.GetEnvironmentVariable("TESTHOST_HANG_MARKER");
        if (hangAt == context.ActivityId && marker is { Length: > 0 })
        {
            await File.WriteAllTextAsync(marker, context.InstanceId);
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        var record = Environment.GetEnvironmentVariable("TESTHOST_RECORD_FILE")!;
        // One file per process and one writer at a time: .NET appends by seeking to the end, so concurrent appends race.
        lock (Gate)
        {
            File.AppendAllText($"{record}.{Environment.ProcessId}", $"{context.InstanceId} {context.ActivityId} {Environment.ProcessId}\n");
        }
        return ActivityResult.Complete();
    }
}
