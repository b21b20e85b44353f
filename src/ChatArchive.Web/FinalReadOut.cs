using ChatArchive.Persistence;
using ChatArchive.Persistence.ProcessStarts;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Web;

/// <summary>
/// The final read-out appointment of a departing officeholder as the exit checklist shows it (Handreiking hoofdstuk 3:
/// the last read-out before the end date, then the devices are handed in). <see cref="ReadOut"/> is null until the
/// planned read-out has started.
/// </summary>
public sealed record FinalReadOutView(DateTimeOffset Due, bool Cancelled, ReadOutState? ReadOut);

/// <summary>Finds the final read-out planned by a departure (its process start), and the read-out once it has started.</summary>
public sealed class FinalReadOuts(IDbContextFactory<ChatArchiveDbContext> factory, ReadOutQueries queries)
{
    /// <summary>
    /// The final read-out planned by the departure workflow <paramref name="departureInstanceId"/> for this officeholder;
    /// else the latest final read-out planned for them (a departure restarted under another instance); null when none.
    /// </summary>
    public async Task<FinalReadOutView?> FindAsync(long officeholderId, string departureInstanceId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var starts = await db.Set<ProcessStartRow>().AsNoTracking()
            .Where(r => r.OfficeholderId == officeholderId && r.IsFinal)
            .ToListAsync(ct);
        var start = starts.FirstOrDefault(r => r.PreviousInstanceId == departureInstanceId)
            ?? starts.OrderByDescending(r => r.CreatedAt).FirstOrDefault();
        if (start is null) return null;
        var due = new DateTimeOffset(DateTime.SpecifyKind(start.NotBefore, DateTimeKind.Utc));
        ReadOutState? readOut = null;
        if (start.InstanceId is { } instance)
        {
            readOut = (await queries.ListAsync(null, officeholderId, ct)).FirstOrDefault(r => r.WorkflowInstanceId == instance);
        }
        return new FinalReadOutView(readOut?.PlannedAt ?? due, start.CancelledAt is not null, readOut);
    }
}
