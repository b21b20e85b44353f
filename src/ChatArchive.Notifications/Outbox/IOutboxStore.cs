namespace ChatArchive.Notifications.Outbox;

/// <summary>
/// The outbox table, the source of truth for mail: rows are written in the same transaction as their event
/// and leave the pending state only when the SMTP server has accepted the mail (or nobody can receive it).
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> pending rows that are due, for <paramref name="node"/> until the lease ends.
    /// A row claimed by another node whose lease has not ended is never returned.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default);

    /// <summary>Marks a row delivered (whoever holds its claim now); false when it was already marked.</summary>
    Task<bool> MarkSentAsync(long id, string messageId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Records a failed attempt and when to try again; the claim is released.</summary>
    Task MarkRetryAsync(long id, string node, DateTimeOffset nextAttempt, string error, CancellationToken ct = default);

    /// <summary>Ends a row that cannot be delivered (no recipient with an address); kept for the record.</summary>
    Task MarkUndeliverableAsync(long id, string node, string reason, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Gives back the claim of rows this node claimed but did not hand to the SMTP server (a run stopped by an unexpected
    /// error or by shutdown), so the next run takes them at once instead of after the lease. Only this node's claims.
    /// </summary>
    Task ReleaseAsync(IReadOnlyCollection<long> ids, string node, CancellationToken ct = default);

    /// <summary>When the next pending row is due (null when none): the job schedules its next run for then.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default);
}

/// <summary>Who receives a mail: addresses of active users, resolved when the mail is sent (never stored in the outbox).</summary>
public interface IRecipientDirectory
{
    Task<IReadOnlyList<string>> ResolveAsync(OutboxEntry entry, CancellationToken ct = default);
}
