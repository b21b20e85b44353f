namespace ChatArchive.Notifications.Outbox;

/// <summary>
/// One queued mail as the outbox holds it: the event (kind, task, department, who) and delivery state.
/// It carries ids, a workflow-defined task title and a due date only — never message content, contact
/// names or phone numbers — so nothing private can reach a mail by way of the outbox.
/// </summary>
public sealed record OutboxEntry
{
    public required long Id { get; init; }
    public required NotificationKind Kind { get; init; }
    public string? TaskId { get; init; }

    /// <summary>Department code (e.g. BZK): selects the department's templates and recipients.</summary>
    public string? Department { get; init; }

    /// <summary>Registry user id of the one person to tell, or null for everyone with <see cref="RecipientRole"/>.</summary>
    public string? RecipientUser { get; init; }

    public string? RecipientRole { get; init; }

    /// <summary>The task's title as the workflow names it (e.g. "Uitlezing controleren").</summary>
    public string? Title { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Path in the web application the mail links to (e.g. <c>/taken/{id}</c>); the base URL comes from the settings.</summary>
    public string? LinkPath { get; init; }

    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Rows claimed by one node for a while (a lease), so several nodes never send the same row together.</summary>
public sealed record OutboxClaim(string Node, DateTimeOffset Until);
