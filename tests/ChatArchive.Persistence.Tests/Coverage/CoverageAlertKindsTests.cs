using ChatArchive.Domain.Registry;
using ChatArchive.Notifications;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Persistence.Notifications;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Tests.Coverage;

/// <summary>
/// Every kind of coverage alert from the known history, on both providers: overdue read-outs, gaps older than the set
/// days, findings unanswered and validations not done for the set days (to the process owner, or the validator's role),
/// and the auditors' digest with counts only. One outbox row per dedup key: a second check queues nothing.
/// The mail itself (templates, real SMTP) is tested in the Server tests.
/// </summary>
public sealed class CoverageAlertKindsTests
{
    private static readonly DateTimeOffset Now = new(2024, 9, 16, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_alert_kind_goes_to_the_right_people_once_and_holds_no_content(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "coveragealerts");
        var history = await CoverageHistory.WriteAsync(db);
        var pg = provider == DatabaseProvider.PostgreSql;
        object At(DateTimeOffset t) => pg ? t.UtcDateTime : t.ToUnixTimeMilliseconds();
        // Two read-outs offered for validation: 15 days ago (overdue at 14 days) and 6 days ago (not yet).
        var late = await history.ScalarAsync(
            "INSERT INTO ro_read_outs (officeholder_id, department_id, channel, workflow_instance_id, activity_id, stage, policy, validator_role, created_by, created_at, offered_by, offered_at) " +
            "VALUES (@o, @d, 'whatsapp', 'wf-val-1', 'uitlezing', 'Offered', '{}', 'trustee', '7', @at, '7', @off) RETURNING id",
            ("o", history.Minister), ("d", history.Bzk), ("at", At(Now.AddDays(-20))), ("off", At(Now.AddDays(-15))));
        await history.ScalarAsync(
            "INSERT INTO ro_read_outs (officeholder_id, department_id, channel, workflow_instance_id, activity_id, stage, policy, validator_role, created_by, created_at, offered_by, offered_at) " +
            "VALUES (@o, @d, 'whatsapp', 'wf-val-2', 'uitlezing', 'Offered', '{}', 'officeholder', '7', @at, '7', @off) RETURNING id",
            ("o", history.FinanceMinister), ("d", history.Fin), ("at", At(Now.AddDays(-8))), ("off", At(Now.AddDays(-6))));

        var report = await new CoverageService(db, CoverageHistory.MonthlySource).ReportAsync(new CoverageQuery(CoverageHistory.AsOf));
        var settings = new AlertSettings(GapDays: 30, FindingDays: 14, ValidationDays: 14);
        var counts = await CoverageAlerts.QueueAllAsync(db, report, settings, Now);

        await using var check = DatabaseSetup.CreateContext(db);
        var rows = await check.Set<OutboxRow>().AsNoTracking().ToListAsync();
        Assert.Equal(counts.Total, rows.Count);

        // Overdue: the state secretary (never read out) and the FIN minister; not the BZK minister, who left with a departure read-out.
        var overdue = rows.Where(r => r.Kind == nameof(NotificationKind.ReadOutOverdue)).ToList();
        Assert.Equal(["BZK", "FIN"], overdue.Select(r => r.Department!).Order(StringComparer.Ordinal));
        Assert.All(overdue, r => Assert.Equal(Roles.ProcessOwner, r.RecipientRole));

        // Gaps: every not-secured gap that began 30 days or more before the report day, one row each, to the process owners.
        var expectedGaps = report.Appointments
            .SelectMany(a => a.Channels.SelectMany(c => c.Gaps.Where(g => g.Kind == GapKinds.NotSecured && CoverageHistory.AsOf.DayNumber - g.From.DayNumber >= 30)
                .Select(g => $"{CoverageAlerts.GapPrefix}:{a.AppointmentId}:{c.Channel}:{g.From:yyyy-MM-dd}")))
            .Order(StringComparer.Ordinal).ToList();
        var gaps = rows.Where(r => r.Kind == nameof(NotificationKind.CoverageGap)).ToList();
        Assert.Equal(expectedGaps, gaps.Select(r => r.DedupKey!).Order(StringComparer.Ordinal));
        Assert.Equal(counts.Gaps, gaps.Count);
        var minister = report.Appointments.Single(a => a.Function == CoverageHistory.MinisterFunction);
        Assert.Contains($"{CoverageAlerts.GapPrefix}:{minister.AppointmentId}:signal:2024-01-08", expectedGaps);
        Assert.Contains($"{CoverageAlerts.GapPrefix}:{minister.AppointmentId}:email:2024-06-01", expectedGaps);
        Assert.All(gaps, r => Assert.Equal(Roles.ProcessOwner, r.RecipientRole));
        var signalGap = gaps.Single(r => r.DedupKey!.EndsWith(":signal:2024-01-08", StringComparison.Ordinal));
        Assert.StartsWith(CoverageHistory.MinisterFunction + ", signal: ", signalGap.Title);
        Assert.Equal($"/dekking?bewindspersoon={history.Minister}", signalGap.LinkPath);

        // Findings: the one open finding (read-out of 6 May) is unanswered for more than 14 days; the answered one is not mailed.
        var finding = Assert.Single(rows, r => r.Kind == nameof(NotificationKind.FindingUnanswered));
        Assert.Equal("BZK", finding.Department);
        Assert.Equal(Roles.ProcessOwner, finding.RecipientRole);
        Assert.StartsWith("1 bevinding(en) van uitlezing ", finding.Title);

        // Validation: only the read-out offered 15 days ago, to its validator's role in its department.
        var validation = Assert.Single(rows, r => r.Kind == nameof(NotificationKind.ValidationOverdue));
        Assert.Equal(("BZK", Roles.Trustee, $"/uitlezingen/{late}/valideren"), (validation.Department, validation.RecipientRole, validation.LinkPath));

        // Digest: one row for every auditor (no department), counts only.
        var digest = Assert.Single(rows, r => r.Kind == nameof(NotificationKind.AuditorDigest));
        Assert.Null(digest.Department);
        Assert.Equal(Roles.Auditor, digest.RecipientRole);
        Assert.Equal(CoverageAlerts.DigestTitle(report), digest.Title);
        Assert.StartsWith("16-9-2024: 3 aanstelling(en) in 2 departement(en), 2 uitlezing(en) achterstallig, ", digest.Title);
        Assert.EndsWith("1 open bevinding(en), 1 zonder iets veiliggesteld", digest.Title);

        foreach (var r in rows)
        {
            foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "+316", "minister@minbzk.nl", "@ministerbzk" })
            {
                Assert.DoesNotContain(secret, r.Title, StringComparison.Ordinal);
            }
        }

        // Again, also with the next day's digest already there: nothing new.
        Assert.Equal(0, (await CoverageAlerts.QueueAllAsync(db, report, settings, Now.AddHours(1))).Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_thresholds_hold_back_young_gaps_findings_and_validations(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "coveragealertdays");
        await CoverageHistory.WriteAsync(db);
        var report = await new CoverageService(db, CoverageHistory.MonthlySource).ReportAsync(new CoverageQuery(CoverageHistory.AsOf));
        // 400 days: no gap began that long before 16-9-2024 except the FIN minister's (appointed 10-1-2022); the open
        // finding (6 May 2024) is younger than 200 days.
        var counts = await CoverageAlerts.QueueAllAsync(db, report, new AlertSettings(GapDays: 400, FindingDays: 200, ValidationDays: 14), Now);
        Assert.Equal(0, counts.Findings);
        Assert.Equal(0, counts.Validations);
        await using var check = DatabaseSetup.CreateContext(db);
        var gaps = await check.Set<OutboxRow>().AsNoTracking().Where(r => r.Kind == nameof(NotificationKind.CoverageGap)).ToListAsync();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.Equal("FIN", g.Department));
    }
}
