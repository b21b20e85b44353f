using ChatArchive.Notifications.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Notifications;

/// <inheritdoc cref="IOutboxStore"/>
public sealed class EfOutboxStore(IDbContextFactory<ChatArchiveDbContext> factory) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var at = now.UtcDateTime;
        // A claim is one conditional UPDATE: a row another node claimed meanwhile no longer matches, so it is skipped.
        // The lease end is unique to this call, which tells this call's rows apart from an earlier claim by the node.
        var until = at + lease + TimeSpan.FromMicroseconds(Random.Shared.Next(1, 1_000_000));
        until = new DateTime(until.Ticks - until.Ticks % 10, DateTimeKind.Utc); // whole microseconds: PostgreSQL keeps no more
        var candidates = await db.Set<OutboxRow>().AsNoTracking()
            .Where(x => x.Status == OutboxRow.Pending && x.NextAttemptAt <= at && (x.ClaimedUntil == null || x.ClaimedUntil < at))
            .OrderBy(x => x.NextAttemptAt).ThenBy(x => x.Id).Select(x => x.Id).Take(Math.Max(1, max)).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        await db.Set<OutboxRow>()
            .Where(x => candidates.Contains(x.Id) && x.Status == OutboxRow.Pending && (x.ClaimedUntil == null || x.ClaimedUntil < at))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedBy, node).SetProperty(x => x.ClaimedUntil, until), ct);
        var claimed = await db.Set<OutboxRow>().AsNoTracking()
            .Where(x => candidates.Contains(x.Id) && x.ClaimedBy == node && x.ClaimedUntil == until && x.Status == OutboxRow.Pending)
            .OrderBy(x => x.NextAttemptAt).ThenBy(x => x.Id).ToListAsync(ct);
        return claimed.Select(x => x.ToEntry()).ToList();
    }

    public async Task<bool> MarkSentAsync(long id, string messageId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var at = now.UtcDateTime;
        return await db.Set<OutboxRow>().Where(x => x.Id == id && x.Status == OutboxRow.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, OutboxRow.Sent).SetProperty(x => x.MessageId, messageId)
                .SetProperty(x => x.SentAt, at).SetProperty(x => x.Attempts, x => x.Attempts + 1)
                .SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntil, (DateTime?)null), ct) == 1;
    }

    public async Task MarkRetryAsync(long id, string node, DateTimeOffset nextAttempt, string error, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var next = nextAttempt.UtcDateTime;
        var reason = error.Length > 500 ? error[..500] : error;
        await db.Set<OutboxRow>().Where(x => x.Id == id && x.Status == OutboxRow.Pending && x.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.NextAttemptAt, next)
                .SetProperty(x => x.LastError, reason)
                .SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntil, (DateTime?)null), ct);
    }

    public async Task MarkUndeliverableAsync(long id, string node, string reason, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var at = now.UtcDateTime;
        await db.Set<OutboxRow>().Where(x => x.Id == id && x.Status == OutboxRow.Pending && x.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, OutboxRow.Undeliverable).SetProperty(x => x.LastError, reason)
                .SetProperty(x => x.SentAt, at)
                .SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntil, (DateTime?)null), ct);
    }

    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, string node, CancellationToken ct = default)
    {
        if (ids.Count == 0) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        var list = ids.ToList();
        await db.Set<OutboxRow>().Where(x => list.Contains(x.Id) && x.Status == OutboxRow.Pending && x.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.ClaimedUntil, (DateTime?)null), ct);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var next = await db.Set<OutboxRow>().AsNoTracking().Where(x => x.Status == OutboxRow.Pending)
            .OrderBy(x => x.NextAttemptAt).Select(x => (DateTime?)x.NextAttemptAt).FirstOrDefaultAsync(ct);
        return next is null ? null : new DateTimeOffset(DateTime.SpecifyKind(next.Value, DateTimeKind.Utc));
    }
}
