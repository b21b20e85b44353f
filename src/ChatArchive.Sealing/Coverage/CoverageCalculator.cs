using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Storage;

namespace ChatArchive.Sealing.Coverage;

/// <summary>Derives coverage from the seals in the store: only what is sealed counts as secured.</summary>
public static class CoverageCalculator
{
    /// <summary>Coverage of every officeholder and channel that has at least one seal.</summary>
    public static IReadOnlyList<CoverageReport> ForStore(IArchiveStore store) =>
        store.ListPackages()
            .GroupBy(a => (a.OfficeholderId, a.Channel))
            .OrderBy(g => g.Key.OfficeholderId, StringComparer.Ordinal).ThenBy(g => g.Key.Channel, StringComparer.Ordinal)
            .Select(g => Compute(g.Key.OfficeholderId, g.Key.Channel,
                ChainIndex.Read(store, g.Key.OfficeholderId, g.Key.Channel).Select(l => new DatePeriod(l.Statement.PeriodStart, l.Statement.PeriodEnd)).ToList()))
            .ToList();

    /// <summary>
    /// Merges sealed periods (touching or overlapping periods join: a period ending on the 14th and the next starting
    /// on the 15th leave no gap) and lists the gaps between them and, given an appointment, before and after them.
    /// </summary>
    public static CoverageReport Compute(string officeholderId, string channel, IReadOnlyList<DatePeriod> sealedPeriods, DatePeriod? appointment = null)
    {
        var merged = new List<DatePeriod>();
        foreach (var p in sealedPeriods.Where(p => p.From <= p.To).OrderBy(p => p.From).ThenBy(p => p.To))
        {
            if (merged.Count > 0 && p.From <= merged[^1].To.AddDays(1))
            {
                if (p.To > merged[^1].To) merged[^1] = merged[^1] with { To = p.To };
            }
            else
            {
                merged.Add(p);
            }
        }
        if (appointment is not null)
        {
            merged = merged.Where(p => p.To >= appointment.From && p.From <= appointment.To)
                .Select(p => new DatePeriod(Max(p.From, appointment.From), Min(p.To, appointment.To))).ToList();
        }
        var gaps = new List<DatePeriod>();
        if (appointment is not null)
        {
            if (merged.Count == 0) gaps.Add(appointment);
            else if (merged[0].From > appointment.From) gaps.Add(new DatePeriod(appointment.From, merged[0].From.AddDays(-1)));
        }
        for (var i = 1; i < merged.Count; i++)
        {
            gaps.Add(new DatePeriod(merged[i - 1].To.AddDays(1), merged[i].From.AddDays(-1)));
        }
        if (appointment is not null && merged.Count > 0 && merged[^1].To < appointment.To)
        {
            gaps.Add(new DatePeriod(merged[^1].To.AddDays(1), appointment.To));
        }
        return new CoverageReport(officeholderId, channel, merged, gaps, sealedPeriods.Count);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
