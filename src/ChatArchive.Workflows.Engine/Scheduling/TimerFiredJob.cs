using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>A timer is due: fill its bookmark (a resume work item; a second firing is a no-op).</summary>

public sealed class TimerFiredJob(IWorkflowRuntime runtime, ILogger<TimerFiredJob> logger) : IJob
{
    public const string BookmarkIdKey = "bookmarkId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var bookmarkId = context.MergedJobDataMap.GetString(BookmarkIdKey);
        if (string.IsNullOrEmpty(bookmarkId))
        {
            return;
        }
        var resumed = await runtime.ResumeAsync(bookmarkId, resumedBy: "timer", ct: cancellationToken);
        if (!resumed)
        {
            logger.LogDebug("Timer {BookmarkId} fired for a bookmark that no longer exists", bookmarkId);
        }
    }
}
