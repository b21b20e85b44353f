namespace ChatArchive.Workflows.Engine.HumanTasks;

/// <summary>
/// What a waiting human task asks for: who (role or user, in a department), by when, a form, and the
/// outcomes a person may choose; the chosen outcome is the port the workflow continues on.
/// </summary>
public sealed record HumanTaskRequest
{
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? AssigneeRole { get; init; }
    public string? AssigneeUser { get; init; }
    public string? Department { get; init; }
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>JSON the task form shows; ids and settings only, never message content.</summary>
    public string? FormData { get; init; }

    public required IReadOnlyList<string> Outcomes { get; init; }

    /// <summary>
    /// Whether the new task is announced by mail (default). A workflow that already mails the same people about the
    /// same cause (a coverage signal) turns it off, so nobody gets two mails for one event.
    /// </summary>
    public bool SendMail { get; init; } = true;
}
