using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// The API's "something happened" (after its own transaction committed) resumes the waiting step of the read-out's
/// instance: the open task of that step is completed by the workflow (<c>werkstroom</c>) and the step re-reads the
/// read-out's state before it goes on. Idempotent: a second signal finds no open task, or the resume's dedup key
/// ignores it. A lost signal is harmless: the task stays open and completing it re-checks the state.
/// </summary>
public sealed class WorkflowReadOutSignals(
    IWorkflowInstanceStore instances,
    IHumanTaskStore tasks,
    IWorkflowRuntime runtime,
    WorkSignal work,
    TimeProvider clock,
    ILogger<WorkflowReadOutSignals> logger) : IReadOutSignals
{
    public Task UploadCompletedAsync(ReadOutState readOut, CancellationToken ct = default) =>
        ResumeAsync(readOut.WorkflowInstanceId, ReadOutSteps.Events.Upload, ct);

    public Task ReviewOfferedAsync(ReadOutState readOut, CancellationToken ct = default) =>
        ResumeAsync(readOut.WorkflowInstanceId, ReadOutSteps.Events.Offered, ct);

    public Task ValidationSubmittedAsync(ReadOutState readOut, ValidationOutcome outcome, CancellationToken ct = default) =>
        outcome == ValidationOutcome.Pending ? Task.CompletedTask : ResumeAsync(readOut.WorkflowInstanceId, ReadOutSteps.Events.Validation, ct);

    public Task FindingsAnsweredAsync(ReadOutState readOut, CancellationToken ct = default) =>
        ResumeAsync(readOut.WorkflowInstanceId, ReadOutSteps.Events.Findings, ct);

    public Task ChecklistCompletedAsync(ChecklistView checklist, CancellationToken ct = default) =>
        ResumeAsync(checklist.WorkflowInstanceId, ReadOutSteps.Events.Checklist, ct);

    private async Task ResumeAsync(string instanceId, string eventName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(instanceId))
        {
            return;
        }
        var resumed = 0;
        foreach (var b in await instances.GetBookmarksAsync(instanceId, ct))
        {
            if (ReadOutSteps.EventOf(b.Payload) != eventName)
            {
                continue;
            }
            var task = b.Kind == BookmarkKinds.HumanTask ? await tasks.GetAsync(b.Id, ct) : null;
            var outcome = task?.Outcomes.FirstOrDefault();
            var now = clock.GetUtcNow();
            var resume = new WorkItem
            {
                InstanceId = instanceId, Kind = WorkItemKind.Resume, BookmarkId = b.Id, Outcome = outcome, ResumedBy = ReadOutSteps.WorkflowUser,
                DedupKey = WorkflowRuntime.ResumeKey(b.Id), CreatedAt = now,
            };
            if (task is { Status: HumanTaskStatus.Open } && await tasks.TryCompleteAsync(b.Id, ReadOutSteps.WorkflowUser, outcome ?? Activity.DoneOutcome, null, now, resume, ct))
            {
                work.Notify();
                resumed++;
            }
            else if (await runtime.ResumeAsync(b.Id, outcome, null, ReadOutSteps.WorkflowUser, ct))
            {
                resumed++;
            }
        }
        logger.LogInformation("Signal {Event} for instance {InstanceId}: {Count} waiting step(s) resumed", eventName, instanceId, resumed);
    }
}
