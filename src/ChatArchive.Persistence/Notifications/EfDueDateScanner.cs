using ChatArchive.Domain.Registry;
using ChatArchive.Notifications;
using ChatArchive.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Notifications;

/// <summary>
/// Turns due dates into mail: a reminder to whoever holds an open task when its due date is near, and an
/// escalation to the department's process owners once it has passed. One of each per task (dedup key), however
/// often the scan runs or on how many nodes.
/// </summary>
public sealed class EfDueDateScanner(IDbContextFactory<ChatArchiveDbContext> factory)
{
    public async Task<(int Reminders, int Escalations)> ScanAsync(DateTimeOffset now, TimeSpan reminderLead, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var at = now.UtcDateTime;
        var horizon = (now + reminderLead).UtcDateTime;
        var open = await db.Set<HumanTaskRow>().AsNoTracking()
            .Where(t => (t.Status == "Open" || t.Status == "Claimed") && t.DueAt != null && t.DueAt <= horizon)
            .ToListAsync(ct);
        if (open.Count == 0) return (0, 0);
        var keys = open.SelectMany(t => new[] { Key(NotificationKind.DueReminder, t.Id), Key(NotificationKind.Escalation, t.Id) }).ToList();
        var existing = (await db.Set<OutboxRow>().AsNoTracking().Where(o => o.DedupKey != null && keys.Contains(o.DedupKey))
            .Select(o => o.DedupKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        int reminders = 0, escalations = 0;
        foreach (var t in open)
        {
            var overdue = t.DueAt!.Value <= at;
            var kind = overdue ? NotificationKind.Escalation : NotificationKind.DueReminder;
            if (existing.Contains(Key(kind, t.Id))) continue;
            var row = overdue
                ? OutboxRow.For(kind, t.Department, null, Roles.ProcessOwner, t.Title, OutboxRow.TaskLink(t.Id), now, t.DueAt, t.Id, Key(kind, t.Id))
                : OutboxRow.For(kind, t.Department, t.ClaimedBy ?? t.AssigneeUser, t.AssigneeRole, t.Title, OutboxRow.TaskLink(t.Id), now, t.DueAt, t.Id, Key(kind, t.Id));
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                if (overdue) escalations++; else reminders++;
            }
            catch (DbUpdateException)
            {
                // Another node wrote the same reminder a moment ago (unique dedup key): one is enough.
                db.Entry(row).State = EntityState.Detached;
            }
        }
        return (reminders, escalations);
    }

    private static string Key(NotificationKind kind, string taskId) => $"{kind}:{taskId}";
}
