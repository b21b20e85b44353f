using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Workflows.Engine.HumanTasks;

/// <inheritdoc cref="IHumanTaskService"/>
public sealed class HumanTaskService(IHumanTaskStore store, WorkSignal signal, TimeProvider clock, ILogger<HumanTaskService> logger) : IHumanTaskService
{
    public Task<Page<HumanTaskItem>> ListAsync(HumanTaskQuery query, CancellationToken ct = default) =>
        store.ListAsync(query with { PageSize = Math.Clamp(query.PageSize, 1, 500), Page = Math.Max(0, query.Page) }, ct);

    public Task<IReadOnlyList<string>> TitlesAsync(HumanTaskQuery query, CancellationToken ct = default) => store.TitlesAsync(query, ct);

    public Task<HumanTaskInbox> InboxAsync(HumanTaskInboxQuery query, CancellationToken ct = default) =>
        store.InboxAsync(query with { PageSize = Math.Clamp(query.PageSize, 1, 500), MinePage = Math.Max(0, query.MinePage), TeamPage = Math.Max(0, query.TeamPage) }, ct);

    public async Task<HumanTaskItem?> GetAsync(string taskId, HumanTaskActor actor, CancellationToken ct = default)
    {
        var task = await store.GetAsync(taskId, ct);
        return task is not null && Visible(task, actor) ? task : null;
    }

    public async Task<HumanTaskItem> ClaimAsync(string taskId, HumanTaskActor actor, CancellationToken ct = default)
    {
        var task = await RequireActableAsync(taskId, actor, ct);
        if (task.Status == HumanTaskStatus.Claimed && task.ClaimedBy == actor.UserId)
        {
            return task;
        }
        if (task.Status != HumanTaskStatus.Open || !await store.TryClaimAsync(taskId, actor.UserId, clock.GetUtcNow(), ct))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict,
                $"Taak '{task.Title}' is al door iemand anders opgepakt of afgerond. Vernieuw de takenlijst.");
        }
        logger.LogInformation("Task {TaskId} claimed by user {UserId}", taskId, actor.UserId);
        return (await store.GetAsync(taskId, ct))!;
    }

    public async Task<HumanTaskItem> ReleaseAsync(string taskId, HumanTaskActor actor, CancellationToken ct = default)
    {
        var task = await RequireActableAsync(taskId, actor, ct);
        if (task.Status != HumanTaskStatus.Claimed || task.ClaimedBy != actor.UserId || !await store.TryReleaseAsync(taskId, actor.UserId, ct))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict, $"Taak '{task.Title}' is niet door u opgepakt, dus u kunt hem niet vrijgeven.");
        }
        return (await store.GetAsync(taskId, ct))!;
    }

    public async Task<HumanTaskItem> CompleteAsync(string taskId, HumanTaskActor actor, string outcome, string? resultJson = null, CancellationToken ct = default)
    {
        var task = await RequireActableAsync(taskId, actor, ct);
        if (task.Status is HumanTaskStatus.Completed or HumanTaskStatus.Canceled)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict, $"Taak '{task.Title}' is al afgerond.");
        }
        if (task.Status == HumanTaskStatus.Claimed && task.ClaimedBy != actor.UserId)
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict, $"Taak '{task.Title}' is opgepakt door een collega; alleen die kan hem afronden.");
        }
        if (!task.Outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Validation,
                $"'{outcome}' is geen uitkomst van taak '{task.Title}'. Kies een van: {string.Join(", ", task.Outcomes)}.");
        }
        if (resultJson is { Length: > 0 })
        {
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(resultJson);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new WorkflowEngineException(WorkflowErrorKind.Validation, "De ingevulde formuliergegevens zijn geen geldige JSON. Controleer het formulier en probeer het opnieuw.");
            }
        }
        var now = clock.GetUtcNow();
        var resume = new WorkItem
        {
            InstanceId = task.InstanceId, Kind = WorkItemKind.Resume, BookmarkId = task.Id, Outcome = outcome, Payload = resultJson,
            ResumedBy = actor.UserId, DedupKey = WorkflowRuntime.ResumeKey(task.Id), CreatedAt = now,
        };
        if (!await store.TryCompleteAsync(taskId, actor.UserId, outcome, resultJson, now, resume, ct))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Conflict, $"Taak '{task.Title}' is intussen door iemand anders opgepakt of afgerond. Vernieuw de takenlijst.");
        }
        logger.LogInformation("Task {TaskId} completed by user {UserId} with outcome index {OutcomeIndex}", taskId, actor.UserId, task.Outcomes.ToList().IndexOf(outcome));
        signal.Notify();
        return (await store.GetAsync(taskId, ct))!;
    }

    private async Task<HumanTaskItem> RequireActableAsync(string taskId, HumanTaskActor actor, CancellationToken ct)
    {
        var task = await store.GetAsync(taskId, ct);
        if (task is null || !Visible(task, actor))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.NotFound, $"Taak '{taskId}' bestaat niet of hoort niet bij uw departement.");
        }
        if (!actor.MayAct(task))
        {
            throw new WorkflowEngineException(WorkflowErrorKind.Forbidden,
                $"Taak '{task.Title}' is voor {(task.AssigneeUser is not null ? "een andere gebruiker" : $"de rol {task.AssigneeRole}")}. Vraag die om de taak af te ronden.");
        }
        return task;
    }

    /// <summary>A task assigned to a named user is that user's alone: nobody else in the department sees it.</summary>
    private static bool Visible(HumanTaskItem task, HumanTaskActor actor) =>
        (actor.Departments is null || (task.Department is not null && actor.Departments.Contains(task.Department, StringComparer.Ordinal)))
        && (task.AssigneeUser is null || string.Equals(task.AssigneeUser, actor.UserId, StringComparison.Ordinal));
}
