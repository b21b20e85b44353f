using System.Globalization;
using ChatArchive.Domain.Registry;
using ChatArchive.Notifications;
using ChatArchive.Persistence.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Coverage;

/// <summary>
/// Alerts from the coverage report: a read-out overdue against the department's frequency becomes a mail to the
/// department's process owners, through the mail outbox (sent by the outbox job to the SMTP server). One mail per
/// appointment and missed due date (dedup key), however often the scan runs or on how many nodes. The mail names the
/// function and dates only: no message text, no contact names, no phone numbers.
/// </summary>
public static class CoverageAlerts
{
    public const string DedupPrefix = "coverage-overdue";

    /// <summary>Queues the alerts of <paramref name="report"/>; returns how many new ones were queued.</summary>
    public static async Task<int> QueueAsync(DatabaseOptions database, CoverageReport report, DateTimeOffset now, CancellationToken ct = default)
    {
        var due = report.Appointments.Where(a => a.ReadOuts.Overdue).ToList();
        if (due.Count == 0) return 0;
        await using var db = DatabaseSetup.CreateContext(database);
        var keys = due.Select(Key).ToList();
        var existing = (await db.Set<OutboxRow>().AsNoTracking().Where(o => o.DedupKey != null && keys.Contains(o.DedupKey))
            .Select(o => o.DedupKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var queued = 0;
        foreach (var a in due)
        {
            if (existing.Contains(Key(a))) continue;
            var last = a.ReadOuts.LastReadOut is { } l ? "laatste uitlezing " + CoverageBuilder.Dutch(l) : "nog nooit uitgelezen";
            var title = $"uitlezing achterstallig bij {a.Function} ({last}; frequentie {a.ReadOuts.FrequencyText})";
            var link = "/dekking?bewindspersoon=" + a.OfficeholderId.ToString(CultureInfo.InvariantCulture);
            var row = OutboxRow.For(NotificationKind.FindingAttention, a.Department, null, Roles.ProcessOwner, title, link, now, dedupKey: Key(a));
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                queued++;
            }
            catch (DbUpdateException)
            {
                // Another node queued the same alert a moment ago (unique dedup key): one is enough.
                db.Entry(row).State = EntityState.Detached;
            }
        }
        return queued;
    }

    /// <summary>Per appointment and the due date that was missed: a later missed date alerts again.</summary>
    private static string Key(AppointmentCoverage a) =>
        $"{DedupPrefix}:{a.AppointmentId.ToString(CultureInfo.InvariantCulture)}:{a.ReadOuts.NextDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}";
}
