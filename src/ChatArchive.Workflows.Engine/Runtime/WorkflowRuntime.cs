using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <inheritdoc cref="IWorkflowRuntime"/>
public sealed class WorkflowRuntime(
    IWorkflowDefinitionStore definitions,
    IWorkflowExecutionStore store,
    IWorkflowInstanceStore instances,
    WorkflowStepExecutor executor,
    WorkSignal signal,
    TimeProvider clock,
    ILogger<WorkflowRuntime> logger) : IWorkflowRuntime
{
    public async Task<StartWorkflowResult> StartAsync(StartWorkflowRequest request, CancellationToken ct = default)
    {
        if (request.InstanceId is { } wanted)
        {
            if (wanted.Length is 0 or > 64 || !wanted.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new WorkflowEngineException(WorkflowErrorKind.Validation,
                    "Een instantie-id bestaat uit letters, cijfers, '-' en '_' en is hoogstens 64 tekens lang.");
            }
            if (await instances.GetAsync(wanted, ct) is not null)
            {
                return new StartWorkflowResult(wanted, null) { AlreadyStarted = true };
            }
        }
        var d = await definitions.FindAsync(request.DefinitionId, request.VersionOptions, ct);
        if (d is null || !request.Scope.CanRead(d.TenantId))
        {
            return new StartWorkflowResult(null,
                $"Workflow '{request.DefinitionId}' heeft geen versie '{request.VersionOptions}' die u mag starten. Publiceer de workflow eerst.");
        }
        var start = WorkflowInstanceFactory.FindStart(d, request.TriggerActivityId);
        if (start is null)
        {
            return new StartWorkflowResult(null, "De workflow heeft geen beginpunt. Voeg een Start-activiteit toe en publiceer opnieuw.");
        }
        var (instance, first, started) = WorkflowInstanceFactory.Create(d, start, request.TriggerActivityId is not null, request.CorrelationId,
            request.Name, request.Input, clock.GetUtcNow(), request.InstanceId);
        instance.State.Flow.Mode = request.FlowchartExecutionMode;
        if (request.TriggerPayload is not null && request.TriggerActivityId is not null)
        {
            first = first with { Payload = request.TriggerPayload };
        }
        if (!await store.CreateInstanceAsync(instance, first, started, ct))
        {
            // Two callers started the same idempotent instance at once: the other one won, which is the wanted result.
            return new StartWorkflowResult(instance.Id, null) { AlreadyStarted = true };
        }
        logger.LogInformation("Instance {InstanceId} of {DefinitionId} version {Version} started", instance.Id, d.DefinitionId, d.Version);
        signal.Notify();
        return new StartWorkflowResult(instance.Id, null);
    }

    public async Task<bool> ResumeAsync(string bookmarkId, string? outcome = null, string? payload = null, string? resumedBy = null, CancellationToken ct = default)
    {
        var added = await store.EnqueueResumeAsync(bookmarkId, outcome, payload, resumedBy, clock.GetUtcNow(), ct);
        if (added == true)
        {
            signal.Notify();
        }
        return added is not null;
    }

    public static string ResumeKey(string bookmarkId) => $"resume:{bookmarkId}";

    public async Task<int> RetryAsync(string instanceId, CancellationToken ct = default)
    {
        var retried = 0;
        var found = await store.UpdateInstanceAsync(instanceId, step =>
        {
            var instance = step.Instance!;
            var now = clock.GetUtcNow();
            foreach (var incident in instance.State.Incidents.Where(i => i.ResolvedAt is null))
            {
                incident.ResolvedAt = now;
                step.Enqueue(incident.FailedWork with { CreatedAt = now });
                step.AddJournal(new JournalEntry
                {
                    Id = WorkflowStepExecutor.NewId(), InstanceId = instance.Id, ActivityId = incident.ActivityId, NodeId = incident.ActivityNodeId,
                    ActivityType = incident.ActivityType, Timestamp = now, Sequence = ++instance.State.JournalSequence, EventName = JournalEvents.Retried,
                });
                retried++;
            }
            instance.IncidentCount = 0;
            if (retried > 0 && instance.Status == WorkflowStatus.Running)
            {
                instance.SubStatus = WorkflowSubStatus.Executing;
            }
            instance.UpdatedAt = now;
            return Task.CompletedTask;
        }, ct);
        if (!found)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.NotFound, $"Workflow-instantie '{instanceId}' bestaat niet.");
        }
        if (retried > 0)
        {
            logger.LogInformation("Instance {InstanceId}: {Count} incident(s) retried", instanceId, retried);
            signal.Notify(retried);
        }
        return retried;
    }

    public async Task<bool> CancelAsync(string instanceId, CancellationToken ct = default)
    {
        var cancelled = false;
        var resumesParent = false;
        var found = await store.UpdateInstanceAsync(instanceId, async step =>
        {
            var instance = step.Instance!;
            if (instance.Status == WorkflowStatus.Finished)
            {
                return;
            }
            var now = clock.GetUtcNow();
            foreach (var b in await step.GetBookmarksAsync(ct))
            {
                step.RemoveBookmark(b.Id);
            }
            instance.Status = WorkflowStatus.Finished;
            instance.SubStatus = WorkflowSubStatus.Cancelled;
            instance.FinishedAt = now;
            instance.UpdatedAt = now;
            step.AddJournal(new JournalEntry
            {
                Id = WorkflowStepExecutor.NewId(), InstanceId = instance.Id, Timestamp = now, Sequence = ++instance.State.JournalSequence,
                EventName = JournalEvents.WorkflowCancelled,
            });
            if (instance.State.ParentInstanceId is { } parent && instance.State.ParentBookmarkId is { } parentBookmark)
            {
                // A parent waiting for this instance (ExecuteWorkflow, DispatchWorkflow, a workflow used as an activity) learns it was cancelled.
                step.Enqueue(new WorkItem
                {
                    InstanceId = parent, Kind = WorkItemKind.Resume, BookmarkId = parentBookmark, CreatedAt = now,
                    Payload = System.Text.Json.JsonSerializer.Serialize(
                        new ChildWorkflowResult(instance.Id, instance.Status.ToString(), instance.SubStatus.ToString(), instance.State.Output), Model.WorkflowJson.Options),
                });
                resumesParent = true;
            }
            cancelled = true;
        }, ct);
        if (resumesParent)
        {
            signal.Notify();
        }
        return found && cancelled;
    }

    public async Task<int> RunUntilIdleAsync(CancellationToken ct = default)
    {
        var steps = 0;
        int ran;
        while ((ran = await executor.RunBurstAsync(ct)) > 0)
        {
            steps += ran;
        }
        return steps;
    }
}
