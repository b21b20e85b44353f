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
    LiquidEvaluator liquid,
    IWorkflowDefinitionStore definitionStore,
    Hosting.WorkflowEngineOptions options,
    ILogger<WorkflowStepExecutor> logger)
{
    /// <summary>Claims and runs one work item (and the steps of its instance that follow it at once); false when there was nothing to do.</summary>
    public async Task<bool> RunOneAsync(CancellationToken ct) => await RunBurstAsync(ct) > 0;

    /// <summary>
    /// Claims work items (up to <see cref="Hosting.WorkflowEngineOptions.ClaimBatchSize"/> of different instances on PostgreSQL)
    /// and runs each one's burst: while the steps so far had no side effects and left exactly one next step of the same
    /// instance, that one runs too, in the same transaction (<see cref="StepBurst"/>), up to
    /// <see cref="Hosting.WorkflowEngineOptions.StepsPerTransaction"/>. A batch's bursts commit together; a burst that fails
    /// is taken back alone (its savepoint) and its item stays for a later claim. Returns the number of steps run (0: nothing to do).
    /// </summary>
    public async Task<int> RunBurstAsync(CancellationToken ct)
    {
        var batch = await store.ClaimBatchAsync(Math.Max(1, options.ClaimBatchSize), ct);
        if (batch is null)
        {
            return 0;
        }
        var afters = new List<AfterCommit>(batch.Steps.Count);
        var steps = 0;
        Exception? failure = null;
        await using (batch)
        {
            foreach (var claimed in batch.Steps)
            {
                if (!batch.Shared)
                {
                    steps += await RunOneBurstAsync(claimed, afters, ct);
                    continue;
                }
                await batch.BeginAsync(claimed, ct);
                var count = afters.Count;
                try
                {
                    steps += await RunOneBurstAsync(claimed, afters, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // Only this instance's burst is taken back; its work item stays and is claimed again later.
                    logger.LogError(ex, "Work item {WorkItemId} of instance {InstanceId} failed; its burst is taken back", claimed.Item?.Id, claimed.Instance?.Id);
                    afters.RemoveRange(count, afters.Count - count);
                    failure ??= ex;
                    if (!await batch.UndoAsync(claimed, ct))
                    {
                        throw;
                    }
                }
            }
            await batch.CommitAsync(ct);
        }
        foreach (var after in afters)
        {
            await after.RunAsync(timers, signal, logger);
        }
        if (steps == 0 && failure is not null)
        {
            // Nothing of the batch ran: report it as a single claim would.
            throw new InvalidOperationException("None of the claimed work items could be run", failure);
        }
        return steps;
    }

    private async Task<int> RunOneBurstAsync(IWorkflowStep claimed, List<AfterCommit> afters, CancellationToken ct)
    {
        var after = new AfterCommit();
        var steps = 0;
        await using (var burst = new StepBurst(claimed))
        {
            var sideEffectFree = true;
            do
            {
                after.SideEffectFree = false;
                await ProcessAsync(burst, after, ct);
                steps++;
                sideEffectFree &= after.SideEffectFree;
            }
            while (sideEffectFree && steps < options.StepsPerTransaction && !ct.IsCancellationRequested && burst.TakeNext(await burst.OtherPendingWorkAsync(ct)) is not null);
            await burst.CommitBurstAsync(ct);
        }
        afters.Add(after);
        return steps;
    }

    /// <summary>
    /// One step, in the stages of Elsa's execution pipeline: load (instance, definition, bookmark, activity, step budget), bind
    /// inputs and execute, record (execution record, journal, bookmark), schedule what follows, persist (finish or wait, commit).
    /// </summary>
    private async Task ProcessAsync(IWorkflowStep step, AfterCommit after, CancellationToken ct)
    {
        var run = await LoadAsync(step, after, ct);
        if (run is null)
        {
            await step.CommitAsync(ct);
            return;
        }
        // Activities are created per step from a scope: scoped services they take live as long as the step.
        await using var scope = services.CreateAsyncScope();
        var children = new StepChildWorkflowDispatcher(step, run.Instance, definitionStore, after, run.Now);
        // Events are published only when the activity succeeds (a failed step resumes nobody).
        var publications = new List<EventPublication>();
        // A script may change variables while inputs are bound; a failed step keeps none of those changes.
        var variablesBefore = new Dictionary<string, string?>(run.Instance.State.Variables, StringComparer.Ordinal);
        var outputBefore = new Dictionary<string, string?>(run.Instance.State.Output, StringComparer.Ordinal);
        ActivityResult result;
        try
        {
            result = await BindAndExecuteAsync(run, scope.ServiceProvider, children, publications, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            run.Instance.State.Variables = variablesBefore;
            run.Instance.State.Output = outputBefore;
            FailStep(run, ex);
            run.Instance.UpdatedAt = run.Now;
            await step.CommitAsync(ct);
            return;
        }
        await StartOtherWorkAsync(run, children, publications, ct);
        var bookmarks = await RecordResultAsync(run, result, ct);
        var enqueued = await ScheduleNextAsync(run, result, bookmarks, ct);
        await PersistAsync(run, bookmarks, enqueued, ct);
    }

    /// <summary>What one step works on: gathered by <see cref="LoadAsync"/>, used by the later stages.</summary>
    private sealed class StepRun
    {
        public required IWorkflowStep Step { get; init; }
        public required AfterCommit After { get; init; }
        public required WorkItem Item { get; set; }
        public required WorkflowInstance Instance { get; init; }
        public required WorkflowDefinition Definition { get; init; }
        public required ActivityTree Tree { get; init; }
        public required ActivityNode Node { get; init; }
        public required string NodeId { get; init; }
        public required Type ActivityType { get; init; }
        public required Bookmark? Bookmark { get; init; }
        public required string ActivityInstanceId { get; init; }
        public required bool Backward { get; init; }
        public required JournalWriter Journal { get; init; }
        public required DateTimeOffset Now { get; init; }
        public IReadOnlyDictionary<string, string?> Inputs { get; set; } = new Dictionary<string, string?>();
        public IReadOnlyDictionary<string, string?> Outputs { get; set; } = new Dictionary<string, string?>();
        public Activity? Activity { get; set; }
    }

    /// <summary>
    /// Stage 1, load: the instance, its definition version, the bookmark a resume fills and the activity to run, and the step budget.
    /// Null when there is nothing to run (the item is only removed, or an incident recorded).
    /// </summary>
    private async Task<StepRun?> LoadAsync(IWorkflowStep step, AfterCommit after, CancellationToken ct)
    {
        var item = step.Item!;
        var instance = step.Instance;
        if (instance is null || instance.Status == WorkflowStatus.Finished)
        {
            // The instance is gone or finished (cancelled meanwhile): the item has nothing left to do.
            return null;
        }
        var definition = await definitions.GetAsync(instance.DefinitionVersionId, ct);
        if (definition is null)
        {
            logger.LogError("Instance {InstanceId}: definition version {VersionId} is missing; work item {WorkItemId} dropped",
                instance.Id, instance.DefinitionVersionId, item.Id);
            return null;
        }
        var now = clock.GetUtcNow();

        Bookmark? bookmark = null;
        string? activityId = item.ActivityId;
        if (item.Kind == WorkItemKind.Resume)
        {
            bookmark = await step.FindBookmarkAsync(item.BookmarkId ?? "", ct);
            if (bookmark is null || bookmark.InstanceId != instance.Id)
            {
                // Already resumed (a second timer firing, a repeated completion): nothing to do.
                return null;
            }
            activityId = bookmark.ActivityId;
        }
        var tree = ActivityTree.For(definition);
        var node = tree.Find(activityId);
        // A workflow used as an activity has its own type name (per department) and points at its definition.
        var activityType = node is null ? null
            : registry.FindType(node.Type) ?? (WorkflowActivityCatalog.ReferencedDefinitionId(node) is null ? null : typeof(Activities.BuiltIn.WorkflowDefinitionActivity));
        if (node is null && item.Kind == WorkItemKind.Execute && WorkflowInstanceFactory.IsEmptyRoot(definition, activityId))
        {
            // Elsa: a flowchart with no activities completes at once, so the workflow finishes (no bookmarks, nothing to run).
            var root = definition.Root;
            var journal = new JournalWriter(step, instance, root, root.NodeId ?? root.Id, NewId(), now);
            journal.Add(JournalEvents.Started);
            journal.Add(JournalEvents.Completed, payload: OutcomePayload(Activities.Activity.DoneOutcome));
            Finish(step, instance, journal, now, WorkflowSubStatus.Finished, after);
            instance.UpdatedAt = now;
            after.NewWork = after.ExtraWork;
            return null;
        }
        if (node is null || activityType is null)
        {
            logger.LogError("Instance {InstanceId}: activity {ActivityId} not found in version {VersionId}", instance.Id, activityId, instance.DefinitionVersionId);
            AddIncident(step, instance, item, activityId ?? "", activityId ?? "", node?.Type ?? "", now,
                $"Activiteit '{activityId}' bestaat niet (meer) in versie {instance.Version} van de workflow.", "ActivityNotFound");
            return null;
        }
        after.SideEffectFree = StepBurst.IsSideEffectFree(activityType, bookmark is not null && !IsRetry(bookmark));
        if (item.Kind == WorkItemKind.Execute && !item.IsTrigger && tree.ParentOf(node.Id) is { } parent && !instance.State.Composites.ContainsKey(parent.Id))
        {
            await DropStaleAsync(step, instance, node, parent, now, after, ct);
            return null;
        }

        // Step budget: a loop that never waits (a zero-length delay in a cycle) becomes an incident instead of endless journal rows.
        if (item.Kind == WorkItemKind.Resume)
        {
            instance.State.StepsWithoutWait = 0;
        }
        else if (++instance.State.StepsWithoutWait > options.MaxStepsWithoutWait)
        {
            instance.State.StepsWithoutWait = 0;
            logger.LogWarning("Instance {InstanceId}: step budget of {Budget} steps without a wait exceeded at activity {ActivityId}", instance.Id, options.MaxStepsWithoutWait, node.Id);
            AddIncident(step, instance, item, node.Id, node.NodeId ?? node.Id, node.Type, now,
                $"De workflow deed {options.MaxStepsWithoutWait} stappen achter elkaar zonder te wachten en is bij '{node.Name ?? node.Id}' gestopt: waarschijnlijk een lus die nooit wacht " +
                "(bijvoorbeeld een wachttijd van nul). Pas de workflow aan en probeer het opnieuw.", "StepBudgetExceeded");
            instance.UpdatedAt = now;
            return null;
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
        return new StepRun
        {
            Step = step, After = after, Item = item, Instance = instance, Definition = definition, Tree = tree, Node = node, NodeId = nodeId,
            ActivityType = activityType, Bookmark = bookmark, ActivityInstanceId = activityInstanceId, Backward = backward, Now = now,
            Journal = new JournalWriter(step, instance, node, nodeId, activityInstanceId, now),
        };
    }

    /// <summary>
    /// An activity scheduled inside a composite that has completed meanwhile (Elsa.End in a nested flowchart, Elsa.Complete) does not run:
    /// Elsa removes a completed composite's scheduled work. When that was the last thing the instance had to do, it finishes.
    /// </summary>
    private async Task DropStaleAsync(IWorkflowStep step, WorkflowInstance instance, ActivityNode node, ActivityNode composite, DateTimeOffset now,
        AfterCommit after, CancellationToken ct)
    {
        logger.LogInformation("Instance {InstanceId}: activity {ActivityId} dropped, its composite {CompositeId} has completed", instance.Id, node.Id, composite.Id);
        var flow = instance.State.Flow;
        if (flow.Scheduled.TryGetValue(node.Id, out var scheduled))
        {
            if (scheduled <= 1) flow.Scheduled.Remove(node.Id); else flow.Scheduled[node.Id] = scheduled - 1;
        }
        if (await step.OtherPendingWorkAsync(ct) == 0 && (await step.GetBookmarksAsync(ct)).Count == 0)
        {
            Finish(step, instance, new JournalWriter(step, instance, node, node.NodeId ?? node.Id, NewId(), now), now, WorkflowSubStatus.Finished, after);
        }
        instance.UpdatedAt = now;
    }

    /// <summary>The declared type of each (non-array) workflow input, for scripts.</summary>
    private static Dictionary<string, string> InputTypesOf(WorkflowDefinition definition)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in definition.Inputs.Where(i => !i.IsArray))
        {
            types.TryAdd(i.Name, i.Type);
        }
        return types;
    }

    /// <summary>Stage 2, bind inputs and execute (or resume) the activity, created from the step's scope.</summary>
    private async Task<ActivityResult> BindAndExecuteAsync(StepRun run, IServiceProvider scoped, IChildWorkflowDispatcher children,
        List<EventPublication> publications, CancellationToken ct)
    {
        var (instance, node, item, bookmark) = (run.Instance, run.Node, run.Item, run.Bookmark);
        var activity = run.Activity = (Activity)ActivatorUtilities.CreateInstance(scoped, run.ActivityType);
        var expressions = new ExpressionContext
        {
            Variables = instance.State.Variables, VariableDefinitions = run.Definition.Variables, Input = instance.State.Input,
            InstanceId = instance.Id, DefinitionId = instance.DefinitionId, CorrelationId = instance.CorrelationId, JavaScript = javaScript, Liquid = liquid,
            InputFunctions = instance.State.AsActivity, InputNames = run.Definition.Inputs.Select(i => i.Name).ToList(),
            InputTypes = InputTypesOf(run.Definition),
            ActivityOutputs = run.Tree.ScriptsReadActivityOutputs
                ? new ActivityOutputScope(run.Tree.ChildrenOf(run.Tree.ContainerOf(node.Id)).ToList(),
                    instance.State.ActivityOutputs ?? new Dictionary<string, string?>())
                : null,
        };
        run.Inputs = InputBinder.Bind(activity, node, expressions);
        var context = new ActivityContext
        {
            InstanceId = instance.Id,
            DefinitionId = instance.DefinitionId,
            DefinitionVersionId = instance.DefinitionVersionId,
            TenantId = instance.TenantId,
            CorrelationId = instance.CorrelationId,
            ActivityId = node.Id,
            ActivityNodeId = run.NodeId,
            ActivityName = node.Name,
            ActivityInstanceId = run.ActivityInstanceId,
            IsTrigger = item.IsTrigger,
            TriggerPayload = item.IsTrigger ? item.Payload : null,
            Now = run.Now,
            Variables = instance.State.Variables,
            Input = instance.State.Input,
            Services = scoped,
            CancellationToken = ct,
            VariableDefinitions = run.Definition.Variables,
            ChildWorkflows = children,
            Output = instance.State.Output,
            Expressions = expressions,
            EmbeddedChildren = run.Tree.SlotsOf(node.Id),
            Events = publications.Add,
            Node = node,
        };
        if (bookmark is null || IsRetry(bookmark))
        {
            run.Journal.Add(JournalEvents.Started);
            return await activity.ExecuteAsync(context);
        }
        run.Journal.Add(JournalEvents.Resumed, payload: item.Outcome is null ? null : OutcomePayload(item.Outcome));
        return await activity.ResumeAsync(context, new BookmarkResume(bookmark.Id, bookmark.Kind, item.Outcome, item.Payload, item.ResumedBy));
    }

    /// <summary>
    /// A failing activity: its faulted record and journal line, then an automatic retry (a durable timer) for activities that declare it,
    /// otherwise an incident (issue 6); the message for people is Dutch for input problems, the exception type only otherwise.
    /// </summary>
    private void FailStep(StepRun run, Exception ex)
    {
        var (step, instance, node, bookmark, now) = (run.Step, run.Instance, run.Node, run.Bookmark, run.Now);
        var message = ex is ActivityInputException or Activities.BuiltIn.WorkflowFaultException ? ex.Message : $"De stap is mislukt ({ex.GetType().Name}). Probeer het opnieuw of neem contact op met de beheerder.";
        logger.LogWarning("Instance {InstanceId}: activity {ActivityId} ({ActivityType}) faulted with {ExceptionType}", instance.Id, node.Id, node.Type, ex.GetType().Name);
        step.SaveExecution(new ActivityExecutionRecord
        {
            Id = run.ActivityInstanceId, InstanceId = instance.Id, ActivityId = node.Id, ActivityNodeId = run.NodeId, ActivityType = node.Type,
            ActivityTypeVersion = node.Version, ActivityName = node.Name, StartedAt = bookmark?.CreatedAt ?? now, CompletedAt = now,
            Status = ActivityExecutionStatus.Faulted, Inputs = run.Inputs, Exception = message,
        });
        run.Journal.Add(JournalEvents.Faulted, message);
        if (bookmark is not null && IsRetry(bookmark))
        {
            // The retry's timer is used up; a next retry gets a new one, an incident's manual retry executes afresh.
            step.RemoveBookmark(bookmark.Id);
            run.Item = run.Item with { Kind = WorkItemKind.Execute, ActivityId = node.Id, BookmarkId = null, Payload = run.Backward ? BackwardPayload : null };
        }
        if (ex is not ActivityInputException and not Activities.BuiltIn.WorkflowFaultException and not OperationCanceledException
            && run.ActivityType.GetCustomAttributes(typeof(Activities.Attributes.RetryAttribute), false).Length > 0
            && instance.State.RetryAttempts.GetValueOrDefault(node.Id) + 1 < options.Retry.MaxAttempts)
        {
            // Automatic retry with back-off: a durable timer runs the activity again; no incident yet.
            var attempt = instance.State.RetryAttempts[node.Id] = instance.State.RetryAttempts.GetValueOrDefault(node.Id) + 1;
            var retry = new Bookmark
            {
                Id = NewId(), InstanceId = instance.Id, ActivityId = node.Id, ActivityNodeId = run.NodeId, ActivityInstanceId = NewId(), ActivityType = node.Type,
                Kind = BookmarkKinds.Timer, DueAt = now + options.Retry.DelayBefore(attempt + 1),
                Payload = System.Text.Json.JsonSerializer.Serialize(new { retryAttempt = attempt + 1 }), CreatedAt = now,
            };
            step.AddBookmark(retry, null);
            run.After.Schedule.Add(retry);
            if (run.Backward)
            {
                instance.State.Flow.BackwardExecutions.Add(retry.ActivityInstanceId);
            }
            logger.LogInformation("Instance {InstanceId}: activity {ActivityId} attempt {Attempt} failed with {ExceptionType}; retry at {DueAt}",
                instance.Id, node.Id, attempt, ex.GetType().Name, retry.DueAt);
            return;
        }
        instance.State.RetryAttempts.Remove(node.Id);
        // A failed resume keeps its bookmark, so the retry can resume it again.
        AddIncident(step, instance, run.Item, node.Id, run.NodeId, node.Type, now, message,
            ex is Activities.BuiltIn.WorkflowFaultException ? "FaultException" : ex.GetType().Name);
    }

    /// <summary>Stage 3a, work for other instances the activity asked for: dispatched children, published events and the instances they start.</summary>
    private async Task StartOtherWorkAsync(StepRun run, StepChildWorkflowDispatcher children, List<EventPublication> publications, CancellationToken ct)
    {
        children.Flush();
        foreach (var publication in publications)
        {
            run.Step.PublishEvent(publication);
            run.After.ExtraWork++;
            foreach (var (triggered, eventNode) in await EventTriggers.FindAsync(definitionStore, publication, ct))
            {
                // Elsa.Event as a trigger: a new instance starts at the Event, in this step's transaction, with the payload as its Result.
                var (started, first, journalStart) = WorkflowInstanceFactory.Create(triggered, eventNode, true, publication.CorrelationId, null, null, run.Now);
                run.Step.AddInstance(started, first with { Payload = publication.ResumePayload }, journalStart);
            }
        }
    }

    /// <summary>
    /// Stage 3b, record: the instance's name and correlation id, outputs captured into variables, the filled bookmark removed and a new
    /// one added. Returns the bookmarks the instance waits on after this step.
    /// </summary>
    private async Task<List<Bookmark>> RecordResultAsync(StepRun run, ActivityResult result, CancellationToken ct)
    {
        var (step, instance, node, bookmark) = (run.Step, run.Instance, run.Node, run.Bookmark);
        instance.State.RetryAttempts.Remove(node.Id);
        if (result.NewInstanceName is { } newName)
        {
            instance.Name = newName.Length == 0 ? null : newName;
        }
        if (result.NewCorrelationId is { } newCorrelation)
        {
            instance.CorrelationId = newCorrelation.Length == 0 ? null : newCorrelation;
        }
        run.Outputs = ActivityOutputs.Collect(run.Activity!, result.Outputs);
        if (result.Bookmark is null)
        {
            ActivityOutputs.Capture(node, run.Outputs, run.Definition, instance.State.Variables, instance.State.Output);
            if (run.Tree.ScriptsReadActivityOutputs)
            {
                // Elsa's output register: the first value of each output since the instance last resumed (getOutputFrom reads it).
                var register = instance.State.ActivityOutputs ??= new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (name, value) in run.Outputs)
                {
                    register.TryAdd(ActivityOutputScope.Key(node.Id, name), value);
                }
                if (run.Outputs.TryGetValue(ActivityOutputScope.DefaultOutputName, out var last))
                {
                    // Elsa's last result (getLastResult()): each activity that records a Result replaces it.
                    register[ActivityOutputScope.LastResultKey] = last;
                }
            }
            instance.State.Flow.BackwardExecutions.Remove(run.ActivityInstanceId);
        }
        if (bookmark is not null)
        {
            step.RemoveBookmark(bookmark.Id);
            run.After.Unschedule.Add(bookmark);
        }
        // The filled bookmark is gone once this step commits (the stored list still has it).
        var bookmarks = (await step.GetBookmarksAsync(ct)).Where(b => b.Id != bookmark?.Id).ToList();
        if (result.Bookmark is { } request)
        {
            var b = new Bookmark
            {
                Id = request.Id ?? NewId(), InstanceId = instance.Id, ActivityId = node.Id, ActivityNodeId = run.NodeId, ActivityInstanceId = run.ActivityInstanceId,
                ActivityType = node.Type, Kind = request.Kind, DueAt = request.DueAt, Payload = request.Payload, CreatedAt = run.Now,
            };
            step.AddBookmark(b, request.HumanTask);
            bookmarks.Add(b);
            if (run.Backward)
            {
                instance.State.Flow.BackwardExecutions.Add(run.ActivityInstanceId);
            }
            if (b.Kind == BookmarkKinds.Timer)
            {
                run.After.Schedule.Add(b);
            }
            step.SaveExecution(Record(instance, node, run.NodeId, run.ActivityInstanceId, bookmark?.CreatedAt ?? run.Now, null, ActivityExecutionStatus.Running, null, true,
                run.Inputs, run.Outputs));
            run.Journal.Add(JournalEvents.Suspended, payload: System.Text.Json.JsonSerializer.Serialize(new { bookmarkId = b.Id, kind = b.Kind }));
        }
        return bookmarks;
    }

    /// <summary>
    /// Stage 4, schedule next: a composite starts its children; Complete/End complete their composite; Finish/End finish the workflow;
    /// otherwise the completed activity's flowchart follows its connections. Returns the number of work items added.
    /// </summary>
    private async Task<int> ScheduleNextAsync(StepRun run, ActivityResult result, List<Bookmark> bookmarks, CancellationToken ct)
    {
        var (step, instance, definition, node, nodeId, now, after) = (run.Step, run.Instance, run.Definition, run.Node, run.NodeId, run.Now, run.After);
        if (result.Bookmark is not null)
        {
            return 0;
        }
        if (result.Children.Count > 0)
        {
            // A composite starts its embedded activities; it completes when they have (CompleteChildAsync).
            step.SaveExecution(Record(instance, node, nodeId, run.ActivityInstanceId, now, null, ActivityExecutionStatus.Running, null, false, run.Inputs, run.Outputs));
            instance.State.Composites[node.Id] = new CompositeState
            {
                ActivityInstanceId = run.ActivityInstanceId, StartedAt = now, Pending = [.. result.Children], Backward = run.Backward,
            };
            foreach (var child in result.Children)
            {
                step.Enqueue(new WorkItem { InstanceId = instance.Id, Kind = WorkItemKind.Execute, ActivityId = child, CreatedAt = now });
            }
            return result.Children.Count;
        }
        if (result.CompletesComposite && run.Tree.ParentOf(node.Id) is { } completedComposite)
        {
            // Elsa.Complete inside a composite: the composite completes as a whole with the given outcomes.
            RecordCompleted(run, result.Outcome, now);
            run.Journal.Add(JournalEvents.Completed);
            return await CompleteCompositeAsync(step, instance, definition, completedComposite, result.Outcomes, run.Item, bookmarks, after, now, ct);
        }
        if (result.FinishesWorkflow && node.Type == EndType && run.Tree.ParentOf(node.Id) is { Type: ActivityTree.FlowchartType } endedFlowchart)
        {
            // Elsa.End marks the end of the flowchart it is in: a nested flowchart completes (its other branches are dropped), the outer one goes on.
            RecordCompleted(run, result.Outcome, now);
            run.Journal.Add(JournalEvents.Completed);
            return await CompleteCompositeAsync(step, instance, definition, endedFlowchart, [Activity.DoneOutcome], run.Item, bookmarks, after, now, ct);
        }
        if (result.FinishesWorkflow || result.CompletesComposite)
        {
            if (result.CompletesComposite)
            {
                // Elsa.Complete at the top: a parent using this workflow as an activity continues on these outcomes.
                instance.State.Outcomes = [.. result.Outcomes];
            }
            RecordCompleted(run, result.Outcome, now);
            run.Journal.Add(JournalEvents.Completed);
            foreach (var other in bookmarks)
            {
                step.RemoveBookmark(other.Id);
                after.Unschedule.Add(other);
            }
            bookmarks.Clear();
            instance.State.Composites.Clear();
            Finish(step, instance, run.Journal, now, WorkflowSubStatus.Finished, after);
            return 0;
        }
        var outcome = result.Outcome ?? Activity.DoneOutcome;
        RecordCompleted(run, outcome, run.Bookmark?.CreatedAt ?? now);
        run.Journal.Add(JournalEvents.Completed, result.JournalMessage, payload: OutcomePayload(outcome));
        return await ActivityCompletedAsync(step, instance, definition, node, run.Item, result, outcome, run.Backward, bookmarks, after, now, ct);
    }

    private static void RecordCompleted(StepRun run, string? outcome, DateTimeOffset startedAt) =>
        run.Step.SaveExecution(Record(run.Instance, run.Node, run.NodeId, run.ActivityInstanceId, startedAt, run.Now,
            ActivityExecutionStatus.Completed, outcome, false, run.Inputs, run.Outputs));

    /// <summary>Stage 5, persist: finished when no path is left and nothing waits, otherwise executing or suspended; then the commit.</summary>
    private async Task PersistAsync(StepRun run, List<Bookmark> bookmarks, int enqueued, CancellationToken ct)
    {
        var instance = run.Instance;
        if (instance.Status != WorkflowStatus.Finished)
        {
            var pending = enqueued + await run.Step.OtherPendingWorkAsync(ct);
            if (pending == 0 && bookmarks.Count == 0 && !WaitsForTokens(instance, ActivityTree.RootFlowchartOf(run.Definition)))
            {
                // No path left to follow and nothing waiting: the flowchart is done.
                Finish(run.Step, instance, run.Journal, run.Now, WorkflowSubStatus.Finished, run.After);
            }
            else if (instance.SubStatus != WorkflowSubStatus.Faulted || instance.IncidentCount == 0)
            {
                instance.SubStatus = pending > 0 ? WorkflowSubStatus.Executing : WorkflowSubStatus.Suspended;
            }
            if (instance.Status == WorkflowStatus.Finished || pending == 0 && !bookmarks.All(b => IsUsedWorkflowWait(run.Tree, b)))
            {
                EndRun(instance, run.Definition);
            }
        }
        else
        {
            EndRun(instance, run.Definition);
        }
        instance.UpdatedAt = run.Now;
        await run.Step.CommitAsync(ct);
        run.After.NewWork = enqueued + run.After.ExtraWork;
    }

    /// <summary>
    /// The instance stops running until something resumes it (or it finished): what Elsa keeps only in memory for one run is gone — variables
    /// stored with Elsa's MemoryStorageDriver go back to their initial value, and the activity outputs scripts read are forgotten.
    /// </summary>
    private static void EndRun(WorkflowInstance instance, WorkflowDefinition definition)
    {
        instance.State.ActivityOutputs = null;
        foreach (var v in definition.Variables)
        {
            if (VariableStorage.IsMemoryOnly(v))
            {
                instance.State.Variables[v.Name] = v.Value;
            }
        }
    }

    /// <summary>A wait for a workflow used as an activity: Elsa runs that workflow inline, so for Elsa the run goes on.</summary>
    private bool IsUsedWorkflowWait(ActivityTree tree, Bookmark bookmark) =>
        bookmark.Kind == BookmarkKinds.DispatchWorkflow && registry.FindType(bookmark.ActivityType) is null
        && tree.Find(bookmark.ActivityId) is { } node && WorkflowActivityCatalog.ReferencedDefinitionId(node) is not null;

    /// <summary>The journal payload naming an outcome (Studio reads <c>outcome</c>).</summary>
    private static string OutcomePayload(string outcome) => System.Text.Json.JsonSerializer.Serialize(new { outcome });

    private const string EndType = "Elsa.End";

    /// <summary>A timer bookmark that runs a failed activity again (automatic retry), not a wait the activity asked for.</summary>
    private static bool IsRetry(Bookmark bookmark) =>
        bookmark.Kind == BookmarkKinds.Timer && bookmark.Payload?.StartsWith(RetryPayloadStart, StringComparison.Ordinal) == true;

    private static readonly string RetryPayloadStart = System.Text.Json.JsonSerializer.Serialize(new { retryAttempt = 0 })[..^2];

    /// <summary>The work-item payload that marks an execution caused by a loop (a backward connection).</summary>
    private static readonly string BackwardPayload = System.Text.Json.JsonSerializer.Serialize(new { backwardConnection = true });

    /// <summary>
    /// Schedules what follows the completed activity by Elsa's flowchart rules (<see cref="FlowchartScheduler"/>); cancels branches a
    /// join no longer waits for. Returns the number of work items added.
    /// </summary>
    private Task<int> ContinueFlowAsync(IWorkflowStep step, WorkflowInstance instance, WorkflowDefinition definition, ActivityNode node, WorkItem item,
        ActivityResult result, string outcome, bool backward, List<Bookmark> bookmarks, AfterCommit after, DateTimeOffset now, CancellationToken ct,
        ActivityNode? nested = null)
    {
        var flow = instance.State.Flow;
        var tree = ActivityTree.For(definition);
        var graph = nested is null
            ? FlowGraph.For(ActivityTree.RootFlowchartOf(definition), flow.Root)
            : FlowGraph.For(nested, ActivityTree.StartOf(nested)?.Id);
        var container = nested is null ? null : instance.State.Composites.GetValueOrDefault(nested.Id);
        var outcomes = result.Outcomes.Count > 0 ? result.Outcomes : [outcome];
        // An activity of the flowchart is still running while it waits on a bookmark or while activities embedded in it run.
        var running = bookmarks.Select(b => tree.AncestorIn(nested?.Id, b.ActivityId)).Concat(instance.State.Composites.Keys.Select(k => tree.AncestorIn(nested?.Id, k)))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        flow.Mode ??= options.FlowchartExecutionMode;
        var plan = flow.Mode == FlowchartExecutionMode.TokenBased
            ? FlowchartScheduler.ContinueTokens(graph, flow, node.Id, outcomes, id => MergeModeOf(tree, id), running, result.CancelsInboundBranches)
            : FlowchartScheduler.Continue(graph, flow, node.Id, outcomes, backward, id => JoinModeOf(tree, id), running, result.CancelsInboundBranches);
        if (plan.Error is { } error)
        {
            logger.LogWarning("Instance {InstanceId}: flowchart cannot continue after activity {ActivityId}", instance.Id, node.Id);
            AddIncident(step, instance, item, node.Id, node.NodeId ?? node.Id, node.Type, now, error, "FlowchartException");
        }
        foreach (var activityId in plan.Cancel)
        {
            container?.Pending.Remove(activityId);
            foreach (var composite in instance.State.Composites.Keys.Where(k => tree.AncestorIn(nested?.Id, k) == activityId).ToList())
            {
                instance.State.Composites.Remove(composite);
            }
            foreach (var b in bookmarks.Where(b => tree.AncestorIn(nested?.Id, b.ActivityId) == activityId).ToList())
            {
                step.RemoveBookmark(b.Id);
                after.Unschedule.Add(b);
                bookmarks.Remove(b);
                var cancelled = tree.Find(activityId);
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
            container?.Pending.Add(activityId);
            step.Enqueue(new WorkItem
            {
                InstanceId = instance.Id, Kind = WorkItemKind.Execute, ActivityId = activityId, CreatedAt = now, Payload = isBackward ? BackwardPayload : null,
            });
        }
        return Task.FromResult(plan.Schedule.Count);
    }

    /// <summary>
    /// An activity (or a composite) completed: the flowchart it is in follows its connections — the root flowchart, or a nested one,
    /// which completes itself when nothing inside it is left to run or wait for; in any other composite the composite goes on.
    /// </summary>
    private async Task<int> ActivityCompletedAsync(IWorkflowStep step, WorkflowInstance instance, WorkflowDefinition definition, ActivityNode node, WorkItem item,
        ActivityResult result, string outcome, bool backward, List<Bookmark> bookmarks, AfterCommit after, DateTimeOffset now, CancellationToken ct)
    {
        var parent = ActivityTree.For(definition).ParentOf(node.Id);
        if (parent is null)
        {
            return await ContinueFlowAsync(step, instance, definition, node, item, result, outcome, backward, bookmarks, after, now, ct);
        }
        if (parent.Type != ActivityTree.FlowchartType)
        {
            return await CompleteChildAsync(step, instance, definition, parent, node.Id, item, bookmarks, after, now, ct);
        }
        if (!instance.State.Composites.TryGetValue(parent.Id, out var state))
        {
            return 0;
        }
        state.Pending.Remove(node.Id);
        var enqueued = await ContinueFlowAsync(step, instance, definition, node, item, result, outcome, backward, bookmarks, after, now, ct, parent);
        return state.Pending.Count == 0 && instance.State.Composites.ContainsKey(parent.Id) && !WaitsForTokens(instance, parent)
            ? enqueued + await CompleteCompositeAsync(step, instance, definition, parent, [Activity.DoneOutcome], item, bookmarks, after, now, ct)
            : enqueued;
    }

    /// <summary>
    /// An embedded activity completed: a sequence runs its next step; a composite whose embedded activities have all completed
    /// completes itself with "Done". A completion for a composite that already completed (Elsa.Complete) changes nothing.
    /// </summary>
    private async Task<int> CompleteChildAsync(IWorkflowStep step, WorkflowInstance instance, WorkflowDefinition definition, ActivityNode composite, string childId,
        WorkItem item, List<Bookmark> bookmarks, AfterCommit after, DateTimeOffset now, CancellationToken ct)
    {
        if (!instance.State.Composites.TryGetValue(composite.Id, out var state))
        {
            return 0;
        }
        state.Pending.Remove(childId);
        if (composite.Type == Activities.BuiltIn.Sequence.TypeName)
        {
            var slots = ActivityTree.For(definition).SlotsOf(composite.Id);
            var index = slots.FirstOrDefault(s => s.Value == childId).Key;
            if (int.TryParse(index, out var i) && slots.TryGetValue((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), out var next))
            {
                state.Pending.Add(next);
                step.Enqueue(new WorkItem { InstanceId = instance.Id, Kind = WorkItemKind.Execute, ActivityId = next, CreatedAt = now });
                return 1;
            }
        }
        return state.Pending.Count == 0
            ? await CompleteCompositeAsync(step, instance, definition, composite, [Activity.DoneOutcome], item, bookmarks, after, now, ct)
            : 0;
    }

    /// <summary>A composite completes: its execution record and journal entry, then the flowchart (or the composite around it) continues.</summary>
    private async Task<int> CompleteCompositeAsync(IWorkflowStep step, WorkflowInstance instance, WorkflowDefinition definition, ActivityNode composite,
        IReadOnlyList<string> outcomes, WorkItem item, List<Bookmark> bookmarks, AfterCommit after, DateTimeOffset now, CancellationToken ct)
    {
        if (!instance.State.Composites.Remove(composite.Id, out var state))
        {
            return 0;
        }
        var tree = ActivityTree.For(definition);
        DropDescendants(step, instance, tree, composite.Id, bookmarks, after);
        var nodeId = composite.NodeId ?? $"{definition.Root.NodeId}:{composite.Id}";
        var outcome = outcomes.Count > 0 ? outcomes[0] : Activity.DoneOutcome;
        step.SaveExecution(Record(instance, composite, nodeId, state.ActivityInstanceId, state.StartedAt, now, ActivityExecutionStatus.Completed, outcome, false,
            new Dictionary<string, string?>(), new Dictionary<string, string?>()));
        new JournalWriter(step, instance, composite, nodeId, state.ActivityInstanceId, now)
            .Add(JournalEvents.Completed, payload: OutcomePayload(outcome));
        return await ActivityCompletedAsync(step, instance, definition, composite, item, ActivityResult.CompleteWithOutcomes(outcomes), outcome, state.Backward,
            bookmarks, after, now, ct);
    }

    /// <summary>A composite completing early (Elsa.Complete, Elsa.End in a nested flowchart) drops what still runs or waits inside it.</summary>
    private static void DropDescendants(IWorkflowStep step, WorkflowInstance instance, ActivityTree tree, string compositeId, List<Bookmark> bookmarks, AfterCommit after)
    {
        foreach (var inner in instance.State.Composites.Keys.Where(k => k != compositeId && tree.AncestorIn(compositeId, k) is not null).ToList())
        {
            instance.State.Composites.Remove(inner);
        }
        foreach (var b in bookmarks.Where(b => tree.AncestorIn(compositeId, b.ActivityId) is not null).ToList())
        {
            step.RemoveBookmark(b.Id);
            after.Unschedule.Add(b);
            bookmarks.Remove(b);
        }
    }

    /// <summary>A FlowJoin's literal mode (default WaitAny); any other activity joins as WaitAllActive (Elsa's implicit join).</summary>
    private static FlowJoinMode JoinModeOf(ActivityTree tree, string activityId)
    {
        var node = tree.Find(activityId);
        if (node?.Type != Activities.BuiltIn.FlowJoin.TypeName)
        {
            return FlowJoinMode.WaitAllActive;
        }
        var raw = node.GetInput("Mode")?.Expression?.Value;
        return Enum.TryParse<FlowJoinMode>(raw, ignoreCase: true, out var mode) ? mode : FlowJoinMode.WaitAny;
    }

    /// <summary>
    /// Token-based flowchart: a token still waits for one of the flowchart's activities (a Merge or Converge whose other branches never
    /// came). Elsa does not complete such a flowchart: the instance stays running with nothing to do.
    /// </summary>
    private static bool WaitsForTokens(WorkflowInstance instance, ActivityNode flowchart) =>
        instance.State.Flow.Mode == FlowchartExecutionMode.TokenBased
        && instance.State.Flow.HasUnconsumedTokens((flowchart.Activities ?? []).Select(a => a.Id));

    /// <summary>
    /// Token-based flowchart: the activity's <c>mergeMode</c> custom property (None or absent = Stream); a FlowJoin maps its mode as
    /// Elsa does (WaitAny = Race, the others = Merge).
    /// </summary>
    private static MergeMode MergeModeOf(ActivityTree tree, string activityId)
    {
        var node = tree.Find(activityId);
        if (node?.Type == Activities.BuiltIn.FlowJoin.TypeName)
        {
            return JoinModeOf(tree, activityId) == FlowJoinMode.WaitAny ? MergeMode.Race : MergeMode.Merge;
        }
        if (node?.Properties?.TryGetValue("customProperties", out var custom) == true && custom.ValueKind == System.Text.Json.JsonValueKind.Object
            && custom.TryGetProperty("mergeMode", out var raw) && raw.ValueKind == System.Text.Json.JsonValueKind.String
            && Enum.TryParse<MergeMode>(raw.GetString(), ignoreCase: true, out var mode) && mode != MergeMode.None)
        {
            return mode;
        }
        return MergeMode.Stream;
    }

    private static void Finish(IWorkflowStep step, WorkflowInstance instance, JournalWriter journal, DateTimeOffset now, WorkflowSubStatus sub, AfterCommit after)
    {
        instance.Status = WorkflowStatus.Finished;
        instance.SubStatus = sub;
        instance.State.Flow.Tokens.Clear();
        instance.FinishedAt = now;
        journal.AddWorkflow(JournalEvents.WorkflowFinished);
        if (instance.State.ParentInstanceId is { } parent && instance.State.ParentBookmarkId is { } parentBookmark)
        {
            // Elsa.DispatchWorkflow with WaitForCompletion: the parent resumes with this instance's output, in this commit.
            step.Enqueue(new WorkItem
            {
                InstanceId = parent, Kind = WorkItemKind.Resume, BookmarkId = parentBookmark, CreatedAt = now,
                Payload = System.Text.Json.JsonSerializer.Serialize(new ChildWorkflowResult(instance.Id, instance.Status.ToString(), sub.ToString(), instance.State.Output,
                    instance.State.AsActivity ? instance.State.Outcomes : null),
                    WorkflowJson.Options),
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

        /// <summary>The step that just ran may run again after a crash without anyone noticing (<see cref="StepBurst.IsSideEffectFree"/>).</summary>
        public bool SideEffectFree { get; set; }

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
            var scope = new TenantScope(parent.TenantId);
            WorkflowDefinition? d = null;
            if (request.VersionId is { } versionId && await definitions.FindByIdAsync(versionId, ct) is { } pinned
                && pinned.DefinitionId == request.DefinitionId && scope.CanRead(pinned.TenantId))
            {
                // Elsa runs the version the node was pinned to; when that version no longer exists, the published one.
                d = pinned;
            }
            d ??= await definitions.FindAsync(request.DefinitionId, VersionOptions.Published, ct);
            if (request.ActivityType is { } type && (d is null || !scope.CanRead(d.TenantId) || WorkflowActivityCatalog.TypeNameOf(d) != type)
                && await new WorkflowActivityCatalog(definitions).FindByTypeAsync(type, scope, ct) is { } byType)
            {
                // The node names another definition than the workflow published under its type: Elsa runs the type's workflow.
                d = byType;
            }
            if (d is null || !scope.CanRead(d.TenantId))
            {
                throw new ActivityInputException(
                    $"Workflow '{request.DefinitionId}' heeft geen gepubliceerde versie die deze workflow mag starten. Publiceer die workflow eerst of kies een andere.");
            }
            var start = WorkflowInstanceFactory.FindStart(d, null)
                ?? throw new ActivityInputException($"Workflow '{d.Name}' heeft geen beginpunt. Voeg daar een Start-activiteit toe en publiceer opnieuw.");
            var input = request.Input;
            if (request.AsActivity && input is not null)
            {
                // The node holds the inputs under camelCase keys (Studio's convention); the child declares them by name.
                input = input.ToDictionary(kv => d.Inputs.FirstOrDefault(i => ActivityNode.InputKey(i.Name) == kv.Key)?.Name ?? kv.Key, kv => kv.Value, StringComparer.Ordinal);
            }
            var (child, first, started) = WorkflowInstanceFactory.Create(d, start, false, request.CorrelationId, null, input, now);
            child.State.AsActivity = request.AsActivity;
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

/// <summary>What a finished child hands the parent that waits for it (Elsa's ExecuteWorkflowResult: instance id, status, output).</summary>
/// <c>Outcomes</c> (only when an Elsa.Complete at the top gave some) is what a parent using the child as an activity continues on.
public sealed record ChildWorkflowResult(string WorkflowInstanceId, string Status, string SubStatus, IReadOnlyDictionary<string, string?> Output,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Outcomes = null);
