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

    /// <summary>Queues the alerts of <paramref name="report"/>; returns how many new ones were queued.</summary>
    public static async Task<int> QueueAsync(DatabaseOptions database, CoverageReport report, DateTimeOffset now, CancellationToken ct = default)
    {
        var due = report.Appointments.Where(a => a.ReadOuts.Overdue).ToList();
        if (due.Count == 0) return 0;
        await using var db = DatabaseSetup.CreateContext(database);
        var existing = await ExistingAsync(db, due.Select(Key).ToList(), ct);
        var queued = 0;
        foreach (var a in due)
        {
            if (existing.Contains(Key(a))) continue;
            var last = a.ReadOuts.LastReadOut is { } l ? "laatste uitlezing " + CoverageBuilder.Dutch(l) : "nog nooit uitgelezen";
            var title = $"{a.Function} ({last}; frequentie {a.ReadOuts.FrequencyText})";
            var link = "/dekking?bewindspersoon=" + a.OfficeholderId.ToString(CultureInfo.InvariantCulture);
            if (await AddAsync(db, OutboxRow.For(NotificationKind.ReadOutOverdue, a.Department, null, Roles.ProcessOwner, title, link, now, dedupKey: Key(a)), ct)) queued++;
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

    /// <summary>
    /// Every alert of one check: overdue read-outs, gaps, unanswered findings and validations not done (one mail each,
    /// one dedup key each), then the auditors' digest of the day (one per report day, counts only).
    /// </summary>
    public static async Task<AlertCounts> QueueAllAsync(DatabaseOptions database, CoverageReport report, AlertSettings settings, DateTimeOffset now, CancellationToken ct = default)
    {
        var overdue = await QueueAsync(database, report, now, ct);
        var gaps = await QueueGapsAsync(database, report, settings, now, ct);
        var findings = await QueueFindingsAsync(database, settings, now, ct);
        var validations = await QueueValidationsAsync(database, settings, now, ct);
        var digest = await QueueDigestAsync(database, report, now, ct);
        return new AlertCounts(overdue, gaps, findings, validations, digest);
    }

    public const string GapPrefix = "coverage-gap";
    public const string FindingPrefix = "finding-unanswered";
    public const string ValidationPrefix = "validation-overdue";
    public const string DigestPrefix = "auditor-digest";

    /// <summary>
    /// A gap (days inside an appointment nothing secured) that began at least <see cref="AlertSettings.GapDays"/> days
    /// before the report day: one mail to the department's process owners per appointment, channel and first day of the gap.
    /// A younger gap is the stretch since the last read-out, which the next read-out normally closes.
    /// </summary>
    public static async Task<int> QueueGapsAsync(DatabaseOptions database, CoverageReport report, AlertSettings settings, DateTimeOffset now, CancellationToken ct = default)
    {
        var gaps = report.Appointments
            .SelectMany(a => a.Channels.SelectMany(c => c.Gaps.Where(g => g.Kind == GapKinds.NotSecured).Select(g => (a, c, g))))
            .Where(x => report.AsOf.DayNumber - x.g.From.DayNumber >= settings.GapDays)
            .ToList();
        if (gaps.Count == 0) return 0;
        static string GapKey((AppointmentCoverage a, ChannelCoverage c, CoverageGap g) x) =>
            $"{GapPrefix}:{x.a.AppointmentId.ToString(CultureInfo.InvariantCulture)}:{x.c.Channel}:{x.g.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        await using var db = DatabaseSetup.CreateContext(database);
        var existing = await ExistingAsync(db, gaps.Select(GapKey).ToList(), ct);
        var queued = 0;
        foreach (var x in gaps)
        {
            if (existing.Contains(GapKey(x))) continue;
            var title = $"{x.a.Function}, {x.c.Channel}: {x.g.Description}";
            var link = "/dekking?bewindspersoon=" + x.a.OfficeholderId.ToString(CultureInfo.InvariantCulture);
            if (await AddAsync(db, OutboxRow.For(NotificationKind.CoverageGap, x.a.Department, null, Roles.ProcessOwner, Clip(title), link, now, dedupKey: GapKey(x)), ct)) queued++;
        }
        return queued;
    }

    /// <summary>
    /// Findings of a read-out (missing messages, disappearing messages on, deleted for everyone) still without an answer
    /// <see cref="AlertSettings.FindingDays"/> days after the read-out: one mail per read-out to the process owners.
    /// </summary>
    public static async Task<int> QueueFindingsAsync(DatabaseOptions database, AlertSettings settings, DateTimeOffset now, CancellationToken ct = default)
    {
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        var before = now.AddDays(-settings.FindingDays);
        var kinds = string.Join(", ", CoverageBuilder.OpenFindingKinds.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
        var open = new List<(long ReadOut, long Officeholder, string Channel, string Department, int Count)>();
        await using (var conn = DatabaseSetup.CreateConnection(database))
        {
            await conn.OpenAsync(ct);
            await using var cmd = DbCommands.Create(conn, null,
                "SELECT ro.id, ro.officeholder_id, ro.channel, d.code, COUNT(*) FROM ingest_findings f " +
                "JOIN ingest_read_outs ro ON ro.id = f.read_out_id JOIN officeholders o ON o.id = ro.officeholder_id JOIN departments d ON d.id = o.department_id " +
                "LEFT JOIN ro_findings answer ON answer.ingest_finding_id = f.id AND answer.resolution IS NOT NULL " +
                $"WHERE answer.id IS NULL AND f.kind IN ({kinds}) AND ro.read_out_at < @before GROUP BY ro.id, ro.officeholder_id, ro.channel, d.code",
                ("before", pg ? before.UtcDateTime : before.ToUnixTimeMilliseconds()));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) open.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture)));
        }
        if (open.Count == 0) return 0;
        static string FindingKey(long readOut) => $"{FindingPrefix}:{readOut.ToString(CultureInfo.InvariantCulture)}";
        await using var db = DatabaseSetup.CreateContext(database);
        var existing = await ExistingAsync(db, open.Select(o => FindingKey(o.ReadOut)).ToList(), ct);
        var queued = 0;
        foreach (var o in open)
        {
            if (existing.Contains(FindingKey(o.ReadOut))) continue;
            var title = $"{o.Count} bevinding(en) van uitlezing {o.ReadOut.ToString(CultureInfo.InvariantCulture)} ({o.Channel}) na {settings.FindingDays} dagen nog zonder antwoord";
            var link = "/dekking?bewindspersoon=" + o.Officeholder.ToString(CultureInfo.InvariantCulture);
            if (await AddAsync(db, OutboxRow.For(NotificationKind.FindingUnanswered, o.Department, null, Roles.ProcessOwner, title, link, now, dedupKey: FindingKey(o.ReadOut)), ct)) queued++;
        }
        return queued;
    }

    /// <summary>
    /// A read-out offered for validation and still not validated <see cref="AlertSettings.ValidationDays"/> days later:
    /// one mail to whoever validates it (the officeholder or the trustee of the department) per read-out and offer.
    /// </summary>
    public static async Task<int> QueueValidationsAsync(DatabaseOptions database, AlertSettings settings, DateTimeOffset now, CancellationToken ct = default)
    {
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        var before = now.AddDays(-settings.ValidationDays);
        var waiting = new List<(long ReadOut, string Department, string Role, DateTimeOffset Offered)>();
        await using (var conn = DatabaseSetup.CreateConnection(database))
        {
            await conn.OpenAsync(ct);
            await using var cmd = DbCommands.Create(conn, null,
                "SELECT ro.id, d.code, ro.validator_role, ro.offered_at FROM ro_read_outs ro JOIN departments d ON d.id = ro.department_id " +
                "WHERE ro.stage = @stage AND ro.offered_at IS NOT NULL AND ro.offered_at < @before",
                ("stage", "Offered"), ("before", pg ? before.UtcDateTime : before.ToUnixTimeMilliseconds()));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var offered = pg ? new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc)) : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3));
                waiting.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), offered));
            }
        }
        if (waiting.Count == 0) return 0;
        static string ValidationKey((long ReadOut, string Department, string Role, DateTimeOffset Offered) w) =>
            $"{ValidationPrefix}:{w.ReadOut.ToString(CultureInfo.InvariantCulture)}:{w.Offered.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
        await using var db = DatabaseSetup.CreateContext(database);
        var existing = await ExistingAsync(db, waiting.Select(ValidationKey).ToList(), ct);
        var queued = 0;
        foreach (var w in waiting)
        {
            if (existing.Contains(ValidationKey(w))) continue;
            var title = $"uitlezing {w.ReadOut.ToString(CultureInfo.InvariantCulture)}, aangeboden op {CoverageBuilder.Dutch(DateOnly.FromDateTime(w.Offered.UtcDateTime))}";
            var link = "/uitlezingen/" + w.ReadOut.ToString(CultureInfo.InvariantCulture) + "/valideren";
            if (await AddAsync(db, OutboxRow.For(NotificationKind.ValidationOverdue, w.Department, null, w.Role, title, link, now, dedupKey: ValidationKey(w)), ct)) queued++;
        }
        return queued;
    }

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

/// <summary>New alerts queued by one check, per kind.</summary>
public sealed record AlertCounts(int Overdue, int Gaps, int Findings, int Validations, int Digest)
{
    public int Total => Overdue + Gaps + Findings + Validations + Digest;
}
