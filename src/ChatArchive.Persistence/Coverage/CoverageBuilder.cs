using System.Globalization;
using ChatArchive.Sealing.Coverage;

namespace ChatArchive.Persistence.Coverage;

/// <summary>An appointment as the registry holds it (the rows of the CIO Rijk-rapportage 2024 table).</summary>
public sealed record AppointmentFact(long AppointmentId, long OfficeholderId, string Department, string Function, DateOnly From, DateOnly? To);

public sealed record SealFact(string Channel, DateOnly From, DateOnly To);

public sealed record ElsewhereFact(string Channel, DateOnly From, DateOnly? To, string Where);

public sealed record ReadOutFact(string Channel, DateOnly Day);

public sealed record DeviceFact(IReadOnlyList<string> ChatApps, DateOnly IssuedOn, DateOnly? ReturnedOn);

/// <summary>An unanswered finding of one read-out (kind as ingestion names it).</summary>
public sealed record FindingFact(string Channel, DateOnly ReadOutDay, string Kind);

/// <summary>Everything stored about one officeholder that the report uses; no text, only dates, channels and kinds.</summary>
public sealed class OfficeholderFacts
{
    public List<SealFact> Seals { get; } = [];
    public List<ElsewhereFact> Elsewhere { get; } = [];
    public List<ReadOutFact> ReadOuts { get; } = [];
    public List<DeviceFact> Devices { get; } = [];
    /// <summary>Channels of the business (corporate or hybrid) accounts: <c>email</c>, <c>social-media</c>.</summary>
    public HashSet<string> AccountChannels { get; } = new(StringComparer.Ordinal);
    public List<FindingFact> Findings { get; } = [];
}

/// <summary>
/// Computes the coverage of one appointment from stored facts only (sealed packages' periods, coverage registered
/// elsewhere, read-out moments, the department's published frequency): pure, so the same facts always give the same
/// report. Rules:
/// <list type="bullet">
/// <item>The appointment runs from its first day to its last, or to the report day while it is open.</item>
/// <item>Channels: every chat app of a business device used during the appointment and every chat channel with a read-out,
/// seal or registration ("chat" when none is known), always e-mail, and social media when a business account or any
/// securing of it is registered.</item>
/// <item>Secured: seals and registrations elsewhere, merged (touching periods join) and cut to the appointment; every
/// day of the appointment outside them is a gap (<see cref="GapKinds.NotSecured"/>).</item>
/// <item>Read-outs (of the chat channels, the phone) against the frequency: a read-out is due one period after the
/// previous one (the first one period after the start). A read-out on or before a due date meets it; when k due dates
/// fell on or before the next read-out, k-1 read-outs were missed (that read-out met the last one, late or not). After
/// the last read-out, every due date before the end of the appointment or the report day is missed, and the row is overdue.
/// A read-out up to 14 days after the end of the appointment is its departure read-out.</item>
/// </list>
/// </summary>
public static class CoverageBuilder
{
    public const int DepartureGraceDays = 14;

    public static readonly IReadOnlySet<string> OpenFindingKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "missing-since-read-out", "disappearing-on", "deleted-for-everyone",
    };

    public static AppointmentCoverage? Build(AppointmentFact a, OfficeholderFacts facts, ReadOutSchedule schedule, DateOnly asOf)
    {
        if (a.From > asOf) return null;
        var end = a.To is { } to && to < asOf ? to : asOf;
        var window = new DatePeriod(a.From, end);
        var readOutLimit = a.To is { } t2 ? Min(t2.AddDays(DepartureGraceDays), asOf) : asOf;

        var channels = ChannelsOf(facts, window);
        var rows = new List<ChannelCoverage>();
        var gaps = new List<CoverageGap>();
        foreach (var channel in channels)
        {
            var seals = facts.Seals.Where(s => s.Channel == channel && Overlaps(s.From, s.To, window)).ToList();
            var elsewhere = facts.Elsewhere.Where(e => e.Channel == channel && Overlaps(e.From, e.To ?? DateOnly.MaxValue, window)).ToList();
            var periods = seals.Select(s => new DatePeriod(s.From, s.To))
                .Concat(elsewhere.Select(e => new DatePeriod(e.From, e.To ?? end)))
                .ToList();
            var computed = CoverageCalculator.Compute(a.OfficeholderId.ToString(CultureInfo.InvariantCulture), channel, periods, window);
            var channelGaps = computed.Gaps.Select(g => new CoverageGap(GapKinds.NotSecured, channel, g.From, g.To, Days(g.From, g.To),
                $"{ChannelName(channel)}: niet veiliggesteld van {Dutch(g.From)} t/m {Dutch(g.To)} ({Days(g.From, g.To)} dagen).")).ToList();
            var sources = seals.Select(s => new SecuredSource(SecuredSource.Sealed, s.From, s.To, null))
                .Concat(elsewhere.Select(e => new SecuredSource(SecuredSource.Elsewhere, e.From, e.To, e.Where)))
                .OrderBy(s => s.From).ThenBy(s => s.Source, StringComparer.Ordinal).ToList();
            var findings = Count(facts.Findings.Where(f => f.Channel == channel && f.ReadOutDay >= a.From && f.ReadOutDay <= readOutLimit));
            rows.Add(new ChannelCoverage(channel, CoverageChannels.Group(channel), computed.Secured, sources, channelGaps, seals.Count, findings));
            gaps.AddRange(channelGaps);
        }

        var (timeliness, readOutGaps) = ReadOuts(a, facts, schedule, end, readOutLimit);
        gaps.AddRange(readOutGaps);
        gaps.Sort((x, y) => x.From != y.From ? x.From.CompareTo(y.From) : string.CompareOrdinal(x.Kind + x.Channel, y.Kind + y.Channel));
        var open = rows.Aggregate(OpenFindings.None, (s, c) => s.Plus(c.OpenFindings));
        return new AppointmentCoverage(a.OfficeholderId, a.AppointmentId, a.Department, a.Function, a.From, a.To, rows, timeliness, gaps, open);
    }

    private static List<string> ChannelsOf(OfficeholderFacts facts, DatePeriod window)
    {
        var chat = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var d in facts.Devices.Where(d => Overlaps(d.IssuedOn, d.ReturnedOn ?? DateOnly.MaxValue, window)))
        {
            foreach (var app in d.ChatApps.Where(x => !string.IsNullOrWhiteSpace(x))) chat.Add(app.Trim().ToLowerInvariant());
        }
        foreach (var s in facts.Seals.Where(s => Overlaps(s.From, s.To, window))) chat.Add(s.Channel);
        foreach (var e in facts.Elsewhere.Where(e => Overlaps(e.From, e.To ?? DateOnly.MaxValue, window))) chat.Add(e.Channel);
        foreach (var r in facts.ReadOuts.Where(r => r.Day >= window.From && r.Day <= window.To)) chat.Add(r.Channel);
        var social = chat.Remove(CoverageChannels.SocialMedia) || facts.AccountChannels.Contains(CoverageChannels.SocialMedia);
        chat.Remove(CoverageChannels.Email);
        var list = chat.Count == 0 ? [CoverageChannels.Chat] : chat.ToList();
        list.Add(CoverageChannels.Email);
        if (social) list.Add(CoverageChannels.SocialMedia);
        return list;
    }

    private static (ReadOutTimeliness, List<CoverageGap>) ReadOuts(AppointmentFact a, OfficeholderFacts facts, ReadOutSchedule schedule, DateOnly end, DateOnly limit)
    {
        var days = facts.ReadOuts.Where(r => CoverageChannels.IsChat(r.Channel) && r.Day >= a.From && r.Day <= limit)
            .Select(r => r.Day).Distinct().Order().ToList();
        var gaps = new List<CoverageGap>();
        var missed = 0;
        DateOnly? last = days.Count > 0 ? days[^1] : null;
        int? since = last is { } l ? Math.Max(0, end.DayNumber - l.DayNumber) : null;
        if (schedule.Frequency is null)
        {
            // At departure only: the one read-out that is due is the one at the end of an ended appointment.
            var overdueAtDeparture = a.To is { } to && to <= end && !days.Any(d => d >= to.AddDays(-DepartureGraceDays));
            if (overdueAtDeparture)
            {
                gaps.Add(new CoverageGap(GapKinds.ReadOutOverdue, null, a.To!.Value, a.To.Value, 1,
                    $"Geen uitlezing bij het aftreden op {Dutch(a.To.Value)} (het departement leest alleen bij vertrek uit)."));
            }
            return (new ReadOutTimeliness(schedule.Text, null, days.Count, last, since, a.To, overdueAtDeparture, overdueAtDeparture ? 1 : 0), gaps);
        }

        var previous = a.From;
        var previousIsReadOut = false;
        foreach (var day in days)
        {
            var passed = DueDates(previous, day, schedule, includingLast: true);
            if (passed > 1)
            {
                var n = passed - 1;
                missed += n;
                gaps.Add(new CoverageGap(GapKinds.MissedReadOut, null, previous, day, Days(previous, day),
                    $"{n} uitlezing(en) gemist tussen {(previousIsReadOut ? "de uitlezing van" : "het aantreden op")} {Dutch(previous)} en de uitlezing van {Dutch(day)}: " +
                    $"volgens de frequentie ({schedule.Text}) was de volgende uiterlijk op {Dutch(schedule.NextDue(previous))}."));
            }
            previous = day;
            previousIsReadOut = true;
        }
        var next = schedule.NextDue(previous);
        var tail = DueDates(previous, end, schedule, includingLast: false);
        var overdue = tail > 0;
        if (overdue)
        {
            missed += tail;
            var from = previousIsReadOut ? previous.AddDays(1) : previous;
            gaps.Add(new CoverageGap(GapKinds.ReadOutOverdue, null, from, end, Days(from, end),
                (previousIsReadOut ? $"Sinds de laatste uitlezing op {Dutch(previous)}" : $"Sinds het aantreden op {Dutch(previous)} nooit uitgelezen;") +
                $" de volgende was uiterlijk op {Dutch(next)} nodig (frequentie {schedule.Text}); {tail} uitlezing(en) niet gedaan tot " +
                (a.To is { } to && to <= end ? $"het aftreden op {Dutch(end)}." : $"{Dutch(end)}.")));
        }
        return (new ReadOutTimeliness(schedule.Text, schedule.Days, days.Count, last, since, next, overdue, missed), gaps);
    }

    /// <summary>
    /// How many due dates (one period apart, starting one period after <paramref name="from"/>) fall before
    /// <paramref name="until"/> (or on it, <paramref name="includingLast"/>: a read-out on its due date meets it).
    /// </summary>
    private static int DueDates(DateOnly from, DateOnly until, ReadOutSchedule schedule, bool includingLast)
    {
        var count = 0;
        var due = schedule.NextDue(from);
        while (due < until || (includingLast && due == until))
        {
            count++;
            var following = schedule.NextDue(due);
            if (following <= due) break;
            due = following;
        }
        return count;
    }

    private static OpenFindings Count(IEnumerable<FindingFact> findings)
    {
        int missing = 0, disappearing = 0, deleted = 0;
        foreach (var f in findings)
        {
            switch (f.Kind)
            {
                case "missing-since-read-out": missing++; break;
                case "disappearing-on": disappearing++; break;
                case "deleted-for-everyone": deleted++; break;
            }
        }
        return new OpenFindings(missing, disappearing, deleted);
    }

    public static string ChannelName(string channel) => channel switch
    {
        CoverageChannels.Email => "E-mail",
        CoverageChannels.SocialMedia => "Sociale media",
        CoverageChannels.Chat => "Chat (geen app bekend)",
        "whatsapp" => "WhatsApp",
        "signal" => "Signal",
        "sms" => "Sms",
        "imessage" => "iMessage",
        "telegram" => "Telegram",
        "teams" => "Teams",
        _ => channel,
    };

    public static string Dutch(DateOnly d) => d.ToString("d-M-yyyy", CultureInfo.InvariantCulture);

    private static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber + 1;

    private static bool Overlaps(DateOnly from, DateOnly to, DatePeriod window) => from <= window.To && to >= window.From;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
