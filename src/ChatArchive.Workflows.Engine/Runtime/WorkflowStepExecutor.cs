using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Expressions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// Runs one claimed work item: one activity execution (or resumption) of one instance. Everything the step
/// changes is committed in the step's transaction; a crash before the commit leaves the work item pending
/// and the completed steps before it untouched, so the step runs again and no completed step runs twice.
/// </summary>
public sealed class WorkflowStepExecutor(
    IWorkflowExecutionStore store,
    DefinitionCache definitions,
    IActivityRegistry registry,
    ITimerScheduler timers,
    WorkSignal signal,
    TimeProvider clock,
    IServiceProvider services,
    JavaScriptEvaluator javaScript,
    IWorkflowDefinitionStore definitionStore,
    ILogger<WorkflowStepExecutor> logger)
{
    /// <summary>Claims and runs one work item; false when there was nothing to do.</summary>
    public async Task<bool> RunOneAsync(CancellationToken ct)
    {
        var step = await store.ClaimNextAsync(ct);
        if (step is null)
        {
            return false;
        }
        var after = new AfterCommit();
        await using (step)
        {
            await ProcessAsync(step, after, ct);
        }
        await after.RunAsync(timers, signal, logger);
        return true;
    }

    private async Task ProcessAsync(IWorkflowStep step, AfterCommit after, CancellationToken ct)
    {
        var item = step.Item!;
        var instance = step.Instance;
        if (instance is null || instance.Status == WorkflowStatus.Finished)
        {
            // The instance is gone or finished (cancelled meanwhile): the item has nothing left to do.
            await step.CommitAsync(ct);
            return;
        }
        var definition = await definitions.GetAsync(instance.DefinitionVersionId, ct);
        if (definition is null)
        {
            logger.LogError("Instance {InstanceId}: definition version {VersionId} is missing; work item {WorkItemId} dropped",
                instance.Id, instance.DefinitionVersionId, item.Id);
            await step.CommitAsync(ct);
            return;
        }
        var now = clock.GetUtcNow();

        Bookmark? bookmark = null;
        string? activityId = item.ActivityId;
        if (item.Kind == WorkItemKind.Resume)
        {
            bookmark = await step.FindBookmarkAsync(item.BookmarkId ?? "");
            if (bookmark is null || bookmark.InstanceId != instance.Id)
            {
                // Already resumed (a second timer firing, a repeated completion): nothing to do.
                await step.CommitAsync(ct);
                return;
            }
            activityId = bookmark.ActivityId;
        }
        var node = definition.Root.Activities?.FirstOrDefault(a => a.Id == activityId);
        var activityType = node is null ? null : registry.FindType(node.Type);
        if (node is null || activityType is null)
        {
            logger.LogError("Instance {InstanceId}: activity {ActivityId} not found in version {VersionId}", instance.Id, activityId, instance.DefinitionVersionId);
            AddIncident(step, instance, item, activityId ?? "", activityId ?? "", node?.Type ?? "", now,
                $"Activiteit '{activityId}' bestaat niet (meer) in versie {instance.Version} van de workflow.", "ActivityNotFound");
            await step.CommitAsync(ct);
            return;
        }

        var activityInstanceId = bookmark?.ActivityInstanceId ?? NewId();
        var flow = instance.State.Flow;
        flow.Root ??= WorkflowInstanceFactory.FindStart(definition, null)?.Id;
        bool backward;
        if (bookmark is null)
        {
            backward = item.Payload == BackwardPayload;
            if (!item.IsTrigger && flow.Scheduled.TryGetValue(node.Id, out var scheduled))
            {
                // This execution is no longer "scheduled" for the join rules (Elsa: no longer in the scheduler).
                if (scheduled <= 1) flow.Scheduled.Remove(node.Id); else flow.Scheduled[node.Id] = scheduled - 1;
            }
        }
        else
        {
            backward = flow.BackwardExecutions.Contains(activityInstanceId);
        }
        var nodeId = node.NodeId ?? $"{definition.Root.NodeId}:{node.Id}";
        var journal = new JournalWriter(step, instance, node, nodeId, activityInstanceId, now);
        IReadOnlyDictionary<string, string?> inputs = new Dictionary<string, string?>();
        ActivityResult result;
        var children = new StepChildWorkflowDispatcher(step, instance, definitionStore, after, now);
        // A script may change variables while inputs are bound; a failed step keeps none of those changes.
        var variablesBefore = new Dictionary<string, string?>(instance.State.Variables, StringComparer.Ordinal);
        try
        {
            var activity = (Activity)ActivatorUtilities.CreateInstance(services, activityType);
            inputs = InputBinder.Bind(activity, node, new ExpressionContext
            {
                Variables = instance.State.Variables, VariableDefinitions = definition.Variables, Input = instance.State.Input,
                InstanceId = instance.Id, DefinitionId = instance.DefinitionId, CorrelationId = instance.CorrelationId, JavaScript = javaScript,
            });
            var context = new ActivityContext
            {
                InstanceId = instance.Id,
                DefinitionId = instance.DefinitionId,
                DefinitionVersionId = instance.DefinitionVersionId,
                TenantId = instance.TenantId,
                CorrelationId = instance.CorrelationId,
                ActivityId = node.Id,
                ActivityNodeId = nodeId,
                ActivityName = node.Name,
                ActivityInstanceId = activityInstanceId,
                IsTrigger = item.IsTrigger,
                Now = now,
                Variables = instance.State.Variables,
                Input = instance.State.Input,
                Services = services,
                CancellationToken = ct,
                VariableDefinitions = definition.Variables,
                ChildWorkflows = children,
            };
            if (bookmark is null)
            {
                journal.Add(JournalEvents.Started);
                result = await activity.ExecuteAsync(context);
            }
            else
            {
                journal.Add(JournalEvents.Resumed, payload: item.Outcome is null ? null : $"{{\"outcome\":{System.Text.Json.JsonSerializer.Serialize(item.Outcome)}}}");
                result = await activity.ResumeAsync(context, new BookmarkResume(bookmark.Id, bookmark.Kind, item.Outcome, item.Payload, item.ResumedBy));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A failing activity becomes an incident (issue 6); the message for people is Dutch for input problems.
            instance.State.Variables = variablesBefore;
            var message = ex is ActivityInputException ? ex.Message : $"De stap is mislukt ({ex.GetType().Name}). Probeer het opnieuw of neem contact op met de beheerder.";
            logger.LogWarning("Instance {InstanceId}: activity {ActivityId} ({ActivityType}) faulted with {ExceptionType}", instance.Id, node.Id, node.Type, ex.GetType().Name);
            step.SaveExecution(new ActivityExecutionRecord
            {
                Id = activityInstanceId, InstanceId = instance.Id, ActivityId = node.Id, ActivityNodeId = nodeId, ActivityType = node.Type,
                ActivityTypeVersion = node.Version, ActivityName = node.Name, StartedAt = bookmark?.CreatedAt ?? now, CompletedAt = now,
                Status = ActivityExecutionStatus.Faulted, Inputs = inputs, Exception = message,
            });
            journal.Add(JournalEvents.Faulted, message);
            // A failed resume keeps its bookmark, so the retry can resume it again.
            AddIncident(step, instance, item, node.Id, nodeId, node.Type, now, message, ex.GetType().Name);
            instance.UpdatedAt = now;
            await step.CommitAsync(ct);
            return;
        }

        children.Flush();
        if (result.Bookmark is null)
        {
            flow.BackwardExecutions.Remove(activityInstanceId);
        }
        if (bookmark is not null)
        {
            step.RemoveBookmark(bookmark.Id);
            after.Unschedule.Add(bookmark);
        }
        var enqueued = 0;
        var bookmarks = (await step.GetBookmarksAsync()).Where(b => b.Id != bookmark?.Id).ToList();
        if (result.Bookmark is { } request)
        {
            var b = new Bookmark
            {
                Id = request.Id ?? NewId(), InstanceId = instance.Id, ActivityId = node.Id, ActivityNodeId = nodeId, ActivityInstanceId = activityInstanceId,
                ActivityType = node.Type, Kind = request.Kind, DueAt = request.DueAt, Payload = request.Payload, CreatedAt = now,
            };
            step.AddBookmark(b, request.HumanTask);
            bookmarks.Add(b);
            if (backward)
            {
                flow.BackwardExecutions.Add(activityInstanceId);
            }
            if (b.Kind == BookmarkKinds.Timer)
            {
                after.Schedule.Add(b);
            }
            step.SaveExecution(Record(instance, node, nodeId, activityInstanceId, bookmark?.CreatedAt ?? now, null, ActivityExecutionStatus.Running, null, true, inputs, result.Outputs));
            journal.Add(JournalEvents.Suspended, payload: $"{{\"bookmarkId\":\"{b.Id}\",\"kind\":\"{b.Kind}\"}}");
        }
        else if (result.FinishesWorkflow)
        {
            step.SaveExecution(Record(instance, node, nodeId, activityInstanceId, now, now, ActivityExecutionStatus.Completed, null, false, inputs, result.Outputs));
            journal.Add(JournalEvents.Completed);
            foreach (var other in bookmarks)
            {
                step.RemoveBookmark(other.Id);
                after.Unschedule.Add(other);
            }
            bookmarks.Clear();
            Finish(step, instance, journal, now, WorkflowSubStatus.Finished, after);
        }
        else
        {
            var outcome = result.Outcome ?? Activity.DoneOutcome;
            var startedAt = bookmark is null ? now : bookmark.CreatedAt;
            step.SaveExecution(Record(instance, node, nodeId, activityInstanceId, startedAt, now, ActivityExecutionStatus.Completed, outcome, false, inputs, result.Outputs));
            journal.Add(JournalEvents.Completed, result.JournalMessage, payload: $"{{\"outcome\":{System.Text.Json.JsonSerializer.Serialize(outcome)}}}");
            enqueued = await ContinueFlowAsync(step, instance, definition, node, item, result, outcome, backward, bookmarks, after, now, ct);
        }

        if (instance.Status != WorkflowStatus.Finished)
        {
            var pending = enqueued + await step.OtherPendingWorkAsync();
            if (pending == 0 && bookmarks.Count == 0)
            {
                // No path left to follow and nothing waiting: the flowchart is done.
                Finish(step, instance, journal, now, WorkflowSubStatus.Finished, after);
            }
            else if (instance.SubStatus != WorkflowSubStatus.Faulted || instance.IncidentCount == 0)
            {
                instance.SubStatus = pending > 0 ? WorkflowSubStatus.Executing : WorkflowSubStatus.Suspended;
            }
        }
        instance.UpdatedAt = now;
        await step.CommitAsync(ct);
        after.NewWork = enqueued + after.ExtraWork;
    }

    /// <summary>The work-item payload that marks an execution caused by a loop (a backward connection).</summary>
    private const string BackwardPayload = "{\"backwardConnection\":true}";

    /// <summary>
    /// Schedules what follows the completed activity by Elsa's flowchart rules (<see cref="FlowchartScheduler"/>); cancels branches a
    /// join no longer waits for. Returns the number of work items added.
    /// </summary>
    private Task<int> ContinueFlowAsync(IWorkflowStep step, WorkflowInstance instance, WorkflowDefinition definition, ActivityNode node, WorkItem item,
        ActivityResult result, string outcome, bool backward, List<Bookmark> bookmarks, AfterCommit after, DateTimeOffset now, CancellationToken ct)
    {
        var flow = instance.State.Flow;
        var graph = FlowGraph.For(definition.Root, flow.Root);
        var outcomes = result.Outcomes.Count > 0 ? result.Outcomes : [outcome];
        var running = bookmarks.Select(b => b.ActivityId).ToHashSet(StringComparer.Ordinal);
        var plan = FlowchartScheduler.Continue(graph, flow, node.Id, outcomes, backward, id => JoinModeOf(definition, id), running, result.CancelsInboundBranches);
        if (plan.Error is { } error)
        {
            logger.LogWarning("Instance {InstanceId}: flowchart cannot continue after activity {ActivityId}", instance.Id, node.Id);
            AddIncident(step, instance, item, node.Id, node.NodeId ?? node.Id, node.Type, now, error, "FlowchartException");
        }
        foreach (var activityId in plan.Cancel)
        {
            foreach (var b in bookmarks.Where(b => b.ActivityId == activityId).ToList())
            {
                step.RemoveBookmark(b.Id);
                after.Unschedule.Add(b);
                bookmarks.Remove(b);
                var cancelled = definition.Root.Activities?.FirstOrDefault(a => a.Id == activityId);
                step.SaveExecution(new ActivityExecutionRecord
                {
                    Id = b.ActivityInstanceId, InstanceId = instance.Id, ActivityId = activityId, ActivityNodeId = b.ActivityNodeId, ActivityType = b.ActivityType,
                    ActivityTypeVersion = cancelled?.Version ?? 1, ActivityName = cancelled?.Name, StartedAt = b.CreatedAt, CompletedAt = now,
                    Status = ActivityExecutionStatus.Canceled, Inputs = new Dictionary<string, string?>(), Outputs = new Dictionary<string, string?>(),
                });
                step.AddJournal(new JournalEntry
                {
                    Id = NewId(), InstanceId = instance.Id, ActivityInstanceId = b.ActivityInstanceId, ActivityId = activityId, ActivityType = b.ActivityType,
                    ActivityTypeVersion = cancelled?.Version ?? 1, ActivityName = cancelled?.Name, NodeId = b.ActivityNodeId, Timestamp = now,
                    Sequence = ++instance.State.JournalSequence, EventName = JournalEvents.Cancelled,
                });
                flow.BackwardExecutions.Remove(b.ActivityInstanceId);
            }
        }
        foreach (var (activityId, isBackward) in plan.Schedule)
        {
            step.Enqueue(new WorkItem
            {
                InstanceId = instance.Id, Kind = WorkItemKind.Execute, ActivityId = activityId, CreatedAt = now, Payload = isBackward ? BackwardPayload : null,
            });
        }
        return Task.FromResult(plan.Schedule.Count);
    }

    /// <summary>A FlowJoin's literal mode (default WaitAny); any other activity joins as WaitAllActive (Elsa's implicit join).</summary>
    private static FlowJoinMode JoinModeOf(WorkflowDefinition definition, string activityId)
    {
        var node = definition.Root.Activities?.FirstOrDefault(a => a.Id == activityId);
        if (node?.Type != Activities.BuiltIn.FlowJoin.TypeName)
        {
            return FlowJoinMode.WaitAllActive;
        }
        var raw = node.GetInput("Mode")?.Expression?.Value;
        return Enum.TryParse<FlowJoinMode>(raw, ignoreCase: true, out var mode) ? mode : FlowJoinMode.WaitAny;
    }

    private static void Finish(IWorkflowStep step, WorkflowInstance instance, JournalWriter journal, DateTimeOffset now, WorkflowSubStatus sub, AfterCommit after)
    {
        instance.Status = WorkflowStatus.Finished;
        instance.SubStatus = sub;
        instance.FinishedAt = now;
        journal.AddWorkflow(JournalEvents.WorkflowFinished);
        if (instance.State.ParentInstanceId is { } parent && instance.State.ParentBookmarkId is { } parentBookmark)
        {
            // Elsa.DispatchWorkflow with WaitForCompletion: the parent resumes with this instance's output, in this commit.
            step.Enqueue(new WorkItem
            {
                InstanceId = parent, Kind = WorkItemKind.Resume, BookmarkId = parentBookmark, CreatedAt = now,
                Payload = System.Text.Json.JsonSerializer.Serialize(instance.State.Output),
            });
            after.ExtraWork++;
        }
    }

    private static ActivityExecutionRecord Record(WorkflowInstance instance, ActivityNode node, string nodeId, string id, DateTimeOffset started,
        DateTimeOffset? completed, ActivityExecutionStatus status, string? outcome, bool hasBookmarks,
        IReadOnlyDictionary<string, string?> inputs, IReadOnlyDictionary<string, string?> outputs) => new()
    {
        Id = id, InstanceId = instance.Id, ActivityId = node.Id, ActivityNodeId = nodeId, ActivityType = node.Type, ActivityTypeVersion = node.Version,
        ActivityName = node.Name, StartedAt = started, CompletedAt = completed, Status = status, Outcome = outcome, HasBookmarks = hasBookmarks,
        Inputs = inputs, Outputs = outputs,
    };

    private static void AddIncident(IWorkflowStep step, WorkflowInstance instance, WorkItem item, string activityId, string nodeId, string type,
        DateTimeOffset now, string message, string? exceptionType)
    {
        instance.State.Incidents.Add(new Incident
        {
            Id = NewId(), ActivityId = activityId, ActivityNodeId = nodeId, ActivityType = type, Message = message, ExceptionType = exceptionType,
            Timestamp = now, FailedWork = item with { Id = 0, DedupKey = null },
        });
        instance.IncidentCount = instance.State.Incidents.Count(i => i.ResolvedAt is null);
        instance.SubStatus = WorkflowSubStatus.Faulted;
    }

    public static string NewId() => Guid.NewGuid().ToString("N")[..16];

    /// <summary>Scheduler calls and wake-ups that may only happen once the step is committed.</summary>
    private sealed class AfterCommit
    {
        public List<Bookmark> Schedule { get; } = [];
        public List<Bookmark> Unschedule { get; } = [];
        public int NewWork { get; set; }

        /// <summary>Work for other instances written by this step (a dispatched child, a parent to resume).</summary>
        public int ExtraWork { get; set; }

        public async Task RunAsync(ITimerScheduler timers, WorkSignal signal, ILogger logger)
        {
            if (NewWork > 0)
            {
                signal.Notify(NewWork);
            }
            try
            {
                foreach (var b in Schedule)
                {
                    await timers.ScheduleAsync(b);
                }
                foreach (var b in Unschedule.Where(b => b.Kind == BookmarkKinds.Timer))
                {
                    await timers.UnscheduleAsync(b.Id);
                }
            }
            catch (Exception ex)
            {
                // The bookmark rows are the truth; start-up re-arms anything missed here.
                logger.LogError(ex, "Scheduler update after a committed step failed");
            }
        }
    }

    /// <summary>Creates child instances in the running step's transaction (Elsa.DispatchWorkflow).</summary>
    private sealed class StepChildWorkflowDispatcher(IWorkflowStep step, WorkflowInstance parent, IWorkflowDefinitionStore definitions, AfterCommit after,
        DateTimeOffset now) : IChildWorkflowDispatcher
    {
        public async Task<string> DispatchAsync(ChildWorkflowRequest request, CancellationToken ct = default)
        {
            var d = await definitions.FindAsync(request.DefinitionId, VersionOptions.Published, ct);
            if (d is null || !new TenantScope(parent.TenantId).CanRead(d.TenantId))
            {
                throw new ActivityInputException(
                    $"Workflow '{request.DefinitionId}' heeft geen gepubliceerde versie die deze workflow mag starten. Publiceer die workflow eerst of kies een andere.");
            }
            var start = WorkflowInstanceFactory.FindStart(d, null)
                ?? throw new ActivityInputException($"Workflow '{d.Name}' heeft geen beginpunt. Voeg daar een Start-activiteit toe en publiceer opnieuw.");
            var (child, first, started) = WorkflowInstanceFactory.Create(d, start, false, request.CorrelationId, null, request.Input, now);
            child.State.ParentInstanceId = parent.Id;
            child.State.ParentBookmarkId = request.ParentBookmarkId;
            Pending.Add((child, first, started));
            return child.Id;
        }

        /// <summary>Children are written only when the activity succeeded: a faulted step starts none (its retry would start them again).</summary>
        public List<(WorkflowInstance Child, WorkItem First, JournalEntry Started)> Pending { get; } = [];

        public void Flush()
        {
            foreach (var (child, first, started) in Pending)
            {
                step.AddInstance(child, first, started);
                after.ExtraWork++;
            }
            Pending.Clear();
        }
    }

    /// <summary>Writes journal lines with the instance's running sequence number.</summary>
    private sealed class JournalWriter(IWorkflowStep step, WorkflowInstance instance, ActivityNode node, string nodeId, string activityInstanceId, DateTimeOffset now)
    {
        public void Add(string eventName, string? message = null, string? payload = null) => step.AddJournal(new JournalEntry
        {
            Id = NewId(), InstanceId = instance.Id, ActivityInstanceId = activityInstanceId, ActivityId = node.Id, ActivityType = node.Type,
            ActivityTypeVersion = node.Version, ActivityName = node.Name, NodeId = nodeId, Timestamp = now,
            Sequence = ++instance.State.JournalSequence, EventName = eventName, Message = message, Source = null, Payload = payload,
        });

        public void AddWorkflow(string eventName) => step.AddJournal(new JournalEntry
        {
            Id = NewId(), InstanceId = instance.Id, Timestamp = now, Sequence = ++instance.State.JournalSequence, EventName = eventName,
        });
    }
}
