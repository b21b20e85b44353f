using ChatArchive.Workflows.Engine.Definitions;

namespace ChatArchive.Workflows.Engine.HumanTasks;

public enum HumanTaskStatus
{
    Open,
    Claimed,
    Completed,
    Canceled,
}

/// <summary>A task waiting for a person; <see cref="Id"/> equals the bookmark id it fills.</summary>
public sealed record HumanTaskItem
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string DefinitionId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public string? Department { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? AssigneeRole { get; init; }
    public string? AssigneeUser { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public string? FormData { get; init; }
    public IReadOnlyList<string> Outcomes { get; init; } = [];
    public HumanTaskStatus Status { get; init; }
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public string? CompletedBy { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Outcome { get; init; }
    public string? Result { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Task list filter. <see cref="Departments"/> null = every department (auditors, administrators);
/// <see cref="Roles"/>/<see cref="User"/>: tasks for any of these roles or assigned to/claimed by the user.
/// </summary>
public sealed record HumanTaskQuery
{
    public IReadOnlyList<string>? Departments { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<HumanTaskStatus>? Statuses { get; init; }
    public string? InstanceId { get; init; }

    /// <summary>
    /// Who is looking: a task assigned to a named user (e.g. the validation of one officeholder's messages,
    /// Handreiking §2.2.2 stap 6) is listed only for that user. Null = no such restriction (the engine itself).
    /// </summary>
    public string? Viewer { get; init; }

    /// <summary>Only tasks with this title (the kind of task, as the workflow names it); null = every kind.</summary>
    public string? Title { get; init; }

    /// <summary>Leaves out the tasks assigned to or claimed by this user (the inbox's team list next to "mine").</summary>
    public string? ExceptUser { get; init; }

    /// <summary>Only tasks of instances with this correlation id (a read-out process's officeholder id); null = all.</summary>
    public string? CorrelationId { get; init; }

    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

/// <summary>
/// The inbox of one user (the web page /taken): "mine" (assigned to or claimed by <see cref="User"/>) and "team"
/// (open to one of <see cref="Roles"/> without a named assignee, not claimed by <see cref="User"/>), both Open or
/// Claimed, in <see cref="Departments"/> (null = every department), optionally of one kind (<see cref="Title"/>),
/// each list one page of <see cref="PageSize"/> with its whole count. The same lists as
/// <see cref="IHumanTaskService.ListAsync"/> gives for <c>User</c> (mine) and <c>Roles</c> + <c>ExceptUser</c> (team).
/// </summary>
public sealed record HumanTaskInboxQuery
{
    public IReadOnlyList<string>? Departments { get; init; }
    public required string User { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? Title { get; init; }

    /// <summary>Only tasks of instances with this correlation id (a read-out process's officeholder id); null = all.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Page of "mine", from 0.</summary>
    public int MinePage { get; init; }

    /// <summary>Page of "team", from 0.</summary>
    public int TeamPage { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>
/// The two lists of an inbox. Its items carry what a list shows (id, workflow, kind, department, assignee, due date,
/// status, who claimed it, created); the description, form, outcomes and result are not read (open the task for those).
/// </summary>
public sealed record HumanTaskInbox(Page<HumanTaskItem> Mine, Page<HumanTaskItem> Team);

/// <summary>Who acts on a task: user id, roles, and the departments they work for (null = all).</summary>
public sealed record HumanTaskActor(string UserId, IReadOnlyList<string> Roles, IReadOnlyList<string>? Departments)
{
    public bool MayAct(HumanTaskItem task) =>
        (Departments is null || (task.Department is not null && Departments.Contains(task.Department, StringComparer.Ordinal)))
        && (task.AssigneeUser is not null
            ? string.Equals(task.AssigneeUser, UserId, StringComparison.Ordinal)
            : task.AssigneeRole is null || Roles.Contains(task.AssigneeRole, StringComparer.Ordinal));
}
