namespace ChatArchive.Persistence.Audit;

/// <summary>
/// The one way to write the audit trail: every hook is a single call to <see cref="RecordAsync"/>. Rows are
/// appended in one chain (<see cref="AuditChain"/>), also when several server nodes write at once.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends one event to the chain and returns it as stored.</summary>
    Task<AuditEvent> RecordAsync(AuditEventInput input, CancellationToken ct = default);

    /// <summary>
    /// Records one event and returns once it cannot be lost to a crash; it may be chained into the table a moment later
    /// (<see cref="AuditJournal"/>: a fsynced local journal). What a request awaits before it answers.
    /// </summary>
    Task AppendAsync(AuditEventInput input, CancellationToken ct = default) => RecordAsync(input, ct);

    /// <summary>The newest row, or null when the trail is empty.</summary>
    Task<AuditEvent?> HeadAsync(CancellationToken ct = default);

    /// <summary>Every row in sequence order, streamed.</summary>
    IAsyncEnumerable<AuditEvent> ReadAllAsync(CancellationToken ct = default);

    /// <summary>One page of rows matching the filter, newest first, and how many match in all.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default);
}

/// <summary>Filter for auditors: time window [From, To), action, actor, object id; pages of at most 1,000 rows.</summary>
public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Action = null, string? Actor = null, int Page = 1, int PageSize = 100, string? ObjectId = null);

public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, long Total, int Page, int PageSize);
