using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Sealing;

/// <summary>Appends fixity-check events and reads the latest ones back (e.g. for the archivist's dashboard).</summary>
public sealed class FixityCheckLog(IDbContextFactory<ChatArchiveDbContext> contexts)
{
    public async Task<long> RecordAsync(FixityCheckRecord record, CancellationToken ct = default)
    {
        // PostgreSQL timestamptz takes UTC only; store every instant in UTC (ARCHITECTURE.md "Time").
        record.StartedAt = record.StartedAt.ToUniversalTime();
        record.FinishedAt = record.FinishedAt.ToUniversalTime();
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Set<FixityCheckRecord>().Add(record);
        await db.SaveChangesAsync(ct);
        return record.Id;
    }

    public async Task<IReadOnlyList<FixityCheckRecord>> LatestAsync(int count, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // Ordered by id: SQLite stores instants as text, and ids grow with time.
        return await db.Set<FixityCheckRecord>().AsNoTracking().OrderByDescending(x => x.Id).Take(count).ToListAsync(ct);
    }
}
