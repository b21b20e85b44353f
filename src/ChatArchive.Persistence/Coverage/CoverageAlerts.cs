using System.Globalization;
using ChatArchive.Domain.Registry;
using ChatArchive.Notifications;
using ChatArchive.Persistence.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Coverage;

/// <summary>
/// Alerts from the coverage report, through the mail outbox (sent by the outbox job to the SMTP server), each kind with
/// its own Dutch template: a read-out overdue against the department's frequency, a gap, findings unanswered and a
/// validation not done for the set number of days go to the department's process owners (a validation to its
/// validator's role: officeholder or trustee); every auditor gets a daily digest of counts. One mail per dedup key,
/// however often the scan runs or on how many nodes. Mails name functions, channels, ids, dates and counts only:
/// no message text, no contact names, no phone numbers.
/// </summary>
public static class CoverageAlerts
{
    public const string DedupPrefix = "coverage-overdue";

    /// <summary>
    /// Every alert of one check: overdue read-outs, gaps, unanswered findings and validations not done (one mail each,
    /// one dedup key each), then the auditors' digest of the day (one per report day, counts only).
    /// </summary>
    public static async Task<AlertCounts> QueueAllAsync(DatabaseOptions database, CoverageReport report, AlertSettings settings, DateTimeOffset now, CancellationToken ct = default) =>
        (await CheckAsync(database, report, settings, now, ct)).Counts;

    /// <summary>
    /// One check: every alert whose cause is there now (<see cref="CurrentAsync"/>), the mails of the new ones queued,
    /// and the auditors' digest of the day. The current alerts are returned as well: the server opens a task per alert
    /// and closes the tasks whose cause is gone.
    /// </summary>
    public static async Task<AlertCheck> CheckAsync(DatabaseOptions database, CoverageReport report, AlertSettings settings, DateTimeOffset now, CancellationToken ct = default)
    {
        var current = await CurrentAsync(database, report, settings, now, ct);
        var queued = await QueueMailsAsync(database, current, now, ct);
        var digest = await QueueDigestAsync(database, report, now, ct);
        int Count(NotificationKind kind) => queued.Count(a => a.Kind == kind);
        var counts = new AlertCounts(Count(NotificationKind.ReadOutOverdue), Count(NotificationKind.CoverageGap),
            Count(NotificationKind.FindingUnanswered), Count(NotificationKind.ValidationOverdue), digest);
        return new AlertCheck(counts, current);
    }

    /// <summary>The alerts whose cause is there on the report day (the digest not included), one per dedup key.</summary>
    public static async Task<IReadOnlyList<CoverageAlert>> CurrentAsync(DatabaseOptions database, CoverageReport report, AlertSettings settings, DateTimeOffset now, CancellationToken ct = default)
    {
        var alerts = new List<CoverageAlert>();
        alerts.AddRange(Overdue(report));
        alerts.AddRange(Gaps(report, settings));
        alerts.AddRange(await FindingsAsync(database, settings, now, ct));
        alerts.AddRange(await ValidationsAsync(database, settings, now, ct));
        return alerts.DistinctBy(a => a.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Queues one mail per alert not yet in the outbox (dedup key); returns the ones queued now.</summary>
    public static async Task<List<CoverageAlert>> QueueMailsAsync(DatabaseOptions database, IReadOnlyList<CoverageAlert> alerts, DateTimeOffset now, CancellationToken ct)
    {
        if (alerts.Count == 0) return [];
        await using var db = DatabaseSetup.CreateContext(database);
        var existing = await ExistingAsync(db, alerts.Select(a => a.Key).ToList(), ct);
        var queued = new List<CoverageAlert>();
        foreach (var a in alerts)
        {
            if (existing.Contains(a.Key)) continue;
            if (await AddAsync(db, OutboxRow.For(a.Kind, a.Department, null, a.Role, Clip(a.Title), a.Link, now, dedupKey: a.Key), ct)) queued.Add(a);
        }
        return queued;
    }

    /// <summary>Adds one alert; false when another node queued the same (unique dedup key) a moment ago.</summary>
    private static async Task<bool> AddAsync(ChatArchiveDbContext db, OutboxRow row, CancellationToken ct)
    {
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>Dedup keys among <paramref name="keys"/> already in the outbox.</summary>
    private static async Task<HashSet<string>> ExistingAsync(ChatArchiveDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        keys.Count == 0 ? [] : (await db.Set<OutboxRow>().AsNoTracking().Where(o => o.DedupKey != null && keys.Contains(o.DedupKey))
            .Select(o => o.DedupKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    public const string GapPrefix = "coverage-gap";
    public const string FindingPrefix = "finding-unanswered";
    public const string ValidationPrefix = "validation-overdue";
    public const string DigestPrefix = "auditor-digest";

    /// <summary>A read-out overdue against the department's frequency: to the process owners, per appointment and missed due date.</summary>
    private static IEnumerable<CoverageAlert> Overdue(CoverageReport report) =>
        report.Appointments.Where(a => a.ReadOuts.Overdue).Select(a =>
        {
            var last = a.ReadOuts.LastReadOut is { } l ? "laatste uitlezing " + CoverageBuilder.Dutch(l) : "nog nooit uitgelezen";
            return new CoverageAlert(NotificationKind.ReadOutOverdue, a.Department, Roles.ProcessOwner,
                $"{a.Function} ({last}; frequentie {a.ReadOuts.FrequencyText})", OfficeholderLink(a.OfficeholderId), Key(a));
        });

    /// <summary>
    /// A gap (days inside an appointment nothing secured) that began at least <see cref="AlertSettings.GapDays"/> days
    /// before the report day: to the department's process owners, per appointment, channel and first day of the gap.
    /// A younger gap is the stretch since the last read-out, which the next read-out normally closes.
    /// </summary>
    private static IEnumerable<CoverageAlert> Gaps(CoverageReport report, AlertSettings settings) =>
        report.Appointments
            .SelectMany(a => a.Channels.SelectMany(c => c.Gaps.Where(g => g.Kind == GapKinds.NotSecured).Select(g => (a, c, g))))
            .Where(x => report.AsOf.DayNumber - x.g.From.DayNumber >= settings.GapDays)
            .Select(x => new CoverageAlert(NotificationKind.CoverageGap, x.a.Department, Roles.ProcessOwner,
                $"{x.a.Function}, {x.c.Channel}: {x.g.Description}", OfficeholderLink(x.a.OfficeholderId),
                $"{GapPrefix}:{x.a.AppointmentId.ToString(CultureInfo.InvariantCulture)}:{x.c.Channel}:{x.g.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"));

    /// <summary>
    /// Findings of a read-out (missing messages, disappearing messages on, deleted for everyone) still without an answer
    /// <see cref="AlertSettings.FindingDays"/> days after the read-out: to the process owners, one per read-out.
    /// </summary>
    private static async Task<List<CoverageAlert>> FindingsAsync(DatabaseOptions database, AlertSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        var before = now.AddDays(-settings.FindingDays);
        var kinds = string.Join(", ", CoverageBuilder.OpenFindingKinds.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
        var alerts = new List<CoverageAlert>();
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var cmd = DbCommands.Create(conn, null,
            "SELECT ro.id, ro.officeholder_id, ro.channel, d.code, COUNT(*) FROM ingest_findings f " +
            "JOIN ingest_read_outs ro ON ro.id = f.read_out_id JOIN officeholders o ON o.id = ro.officeholder_id JOIN departments d ON d.id = o.department_id " +
            "LEFT JOIN ro_findings answer ON answer.ingest_finding_id = f.id AND answer.resolution IS NOT NULL " +
            $"WHERE answer.id IS NULL AND f.kind IN ({kinds}) AND ro.read_out_at < @before GROUP BY ro.id, ro.officeholder_id, ro.channel, d.code",
            ("before", pg ? before.UtcDateTime : before.ToUnixTimeMilliseconds()));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var readOut = r.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            var count = Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture);
            alerts.Add(new CoverageAlert(NotificationKind.FindingUnanswered, r.GetString(3), Roles.ProcessOwner,
                $"{count} bevinding(en) van uitlezing {readOut} ({r.GetString(2)}) na {settings.FindingDays} dagen nog zonder antwoord",
                OfficeholderLink(r.GetInt64(1)), $"{FindingPrefix}:{readOut}"));
        }
        return alerts;
    }

    /// <summary>
    /// A read-out offered for validation and still not validated <see cref="AlertSettings.ValidationDays"/> days later:
    /// to whoever validates it (the officeholder or the trustee of the department), per read-out and offer.
    /// </summary>
    private static async Task<List<CoverageAlert>> ValidationsAsync(DatabaseOptions database, AlertSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        var before = now.AddDays(-settings.ValidationDays);
        var alerts = new List<CoverageAlert>();
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var cmd = DbCommands.Create(conn, null,
            "SELECT ro.id, d.code, ro.validator_role, ro.offered_at FROM ro_read_outs ro JOIN departments d ON d.id = ro.department_id " +
            "WHERE ro.stage = @stage AND ro.offered_at IS NOT NULL AND ro.offered_at < @before",
            ("stage", "Offered"), ("before", pg ? before.UtcDateTime : before.ToUnixTimeMilliseconds()));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var offered = pg ? new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc)) : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3));
            var readOut = r.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            alerts.Add(new CoverageAlert(NotificationKind.ValidationOverdue, r.GetString(1), r.GetString(2),
                $"uitlezing {readOut}, aangeboden op {CoverageBuilder.Dutch(DateOnly.FromDateTime(offered.UtcDateTime))}",
                "/uitlezingen/" + readOut + "/valideren",
                $"{ValidationPrefix}:{readOut}:{offered.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"));
        }
        return alerts;
    }

    private static string OfficeholderLink(long officeholder) => "/dekking?bewindspersoon=" + officeholder.ToString(CultureInfo.InvariantCulture);

    /// <summary>The auditors' digest of the report day: counts only, one mail a day to every auditor.</summary>
    public static async Task<int> QueueDigestAsync(DatabaseOptions database, CoverageReport report, DateTimeOffset now, CancellationToken ct = default)
    {
        var key = $"{DigestPrefix}:{report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        await using var db = DatabaseSetup.CreateContext(database);
        if ((await ExistingAsync(db, [key], ct)).Count > 0) return 0;
        var title = DigestTitle(report);
        return await AddAsync(db, OutboxRow.For(NotificationKind.AuditorDigest, null, null, Roles.Auditor, Clip(title), "/dekking", now, dedupKey: key), ct) ? 1 : 0;
    }

    /// <summary>"7 december 2026: 600 aanstellingen in 12 departementen, 3 uitlezingen achterstallig, …" — numbers only.</summary>
    public static string DigestTitle(CoverageReport report)
    {
        var a = report.Appointments;
        var gaps = a.Sum(x => x.Channels.Sum(c => c.Gaps.Count(g => g.Kind == GapKinds.NotSecured)));
        return string.Create(CultureInfo.InvariantCulture,
            $"{CoverageBuilder.Dutch(report.AsOf)}: {a.Count} aanstelling(en) in {a.Select(x => x.Department).Distinct().Count()} departement(en), " +
            $"{a.Count(x => x.ReadOuts.Overdue)} uitlezing(en) achterstallig, {a.Sum(x => x.ReadOuts.MissedReadOuts)} uitlezing(en) gemist, " +
            $"{gaps} gat(en) in de veiliggestelde periode, {a.Sum(x => x.OpenFindings.Total)} open bevinding(en), " +
            $"{a.Count(x => x.NothingSecured)} zonder iets veiliggesteld");
    }

    /// <summary>The outbox title column holds at most a few hundred characters.</summary>
    private static string Clip(string s) => s.Length <= 400 ? s : s[..397] + "...";

    /// <summary>Per appointment and the due date that was missed: a later missed date alerts again.</summary>
    private static string Key(AppointmentCoverage a) =>
        $"{DedupPrefix}:{a.AppointmentId.ToString(CultureInfo.InvariantCulture)}:{a.ReadOuts.NextDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}";
}

/// <summary>
/// Days before an alert: a gap that began this long ago (<c>ChatArchive:Coverage:GapAlertDays</c>, default 30), findings
/// unanswered this long after the read-out (<c>ChatArchive:Coverage:FindingAlertDays</c>, default 14), a validation offered
/// this long ago (<c>ChatArchive:Coverage:ValidationAlertDays</c>, default 14).
/// </summary>
public sealed record AlertSettings(int GapDays = 30, int FindingDays = 14, int ValidationDays = 14)
{
    public const string GapDaysKey = "ChatArchive:Coverage:GapAlertDays";
    public const string FindingDaysKey = "ChatArchive:Coverage:FindingAlertDays";
    public const string ValidationDaysKey = "ChatArchive:Coverage:ValidationAlertDays";

    public static AlertSettings FromLookup(Func<string, string?> lookup)
    {
        static int Days(Func<string, string?> lookup, string key, int fallback) =>
            lookup(key) is { Length: > 0 } text
                ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d >= 0 ? d
                    : throw new InvalidOperationException($"{key} must be a whole number of days (0 or more), got '{text}'.")
                : fallback;
        return new AlertSettings(Days(lookup, GapDaysKey, 30), Days(lookup, FindingDaysKey, 14), Days(lookup, ValidationDaysKey, 14));
    }
}

/// <summary>New alerts queued by one check, per kind; the server adds the tasks it opened and closed.</summary>
public sealed record AlertCounts(int Overdue, int Gaps, int Findings, int Validations, int Digest)
{
    public int TasksOpened { get; init; }
    public int TasksClosed { get; init; }

    /// <summary>Of <see cref="TasksOpened"/>: tasks opened again for a cause that had gone and came back.</summary>
    public int TasksReopened { get; init; }

    public int Total => Overdue + Gaps + Findings + Validations + Digest;
}

/// <summary>
/// One alert whose cause is there now: its kind (the mail template), the department and role it goes to, a title
/// (functions, channels, ids, dates and counts only), the page that shows the cause, and its dedup key.
/// </summary>
public sealed record CoverageAlert(NotificationKind Kind, string Department, string Role, string Title, string Link, string Key);

/// <summary>One check: the new mails per kind, and every alert whose cause is there now.</summary>
public sealed record AlertCheck(AlertCounts Counts, IReadOnlyList<CoverageAlert> Current);
