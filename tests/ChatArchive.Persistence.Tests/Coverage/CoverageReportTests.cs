using ChatArchive.Persistence.Coverage;
using DatePeriod = ChatArchive.Sealing.Coverage.DatePeriod;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.Coverage;

/// <summary>The coverage report from stored facts, on both providers (CIO Rijk-rapportage 2024 §2: the gaps are what matters).</summary>
public sealed class CoverageReportTests
{
    private static async Task<(CoverageHistory History, CoverageReport Report)> ReportAsync(DatabaseProvider provider, Func<CoverageHistory, CoverageQuery>? query = null)
    {
        var db = await TestDatabases.CreateAsync(provider, "coverage");
        var history = await CoverageHistory.WriteAsync(db);
        var service = new CoverageService(db, CoverageHistory.MonthlySource);
        return (history, await service.ReportAsync(query?.Invoke(history) ?? new CoverageQuery(CoverageHistory.AsOf)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Known_history_shows_the_missed_read_out_the_never_secured_channel_and_the_e_mail_gap_and_nothing_else(DatabaseProvider provider)
    {
        var (_, report) = await ReportAsync(provider);
        var minister = report.Appointments.Single(a => a.Function == CoverageHistory.MinisterFunction);

        Assert.Equal("BZK", minister.Department);
        Assert.Equal(new DateOnly(2024, 1, 8), minister.From);
        Assert.Equal(new DateOnly(2024, 6, 28), minister.To);
        Assert.Equal(["signal", "whatsapp", "email", "social-media"], minister.Channels.Select(c => c.Channel));
        var gaps = minister.Gaps.Select(g => $"{g.Kind}|{g.Channel}|{g.From:yyyy-MM-dd}|{g.To:yyyy-MM-dd}").ToList();
        Assert.Equal(
        [
            "niet-veiliggesteld|signal|2024-01-08|2024-06-28",
            "uitlezing-gemist||2024-03-04|2024-05-06",
            "niet-veiliggesteld|email|2024-06-01|2024-06-28",
        ], gaps);

        var whatsapp = minister.Channels.Single(c => c.Channel == "whatsapp");
        Assert.Equal([new DatePeriod(new DateOnly(2024, 1, 8), new DateOnly(2024, 6, 28))], whatsapp.Secured);
        Assert.Equal(5, whatsapp.SealedPackages);
        var email = minister.Channels.Single(c => c.Channel == "email");
        Assert.Equal([new DatePeriod(new DateOnly(2024, 1, 8), new DateOnly(2024, 5, 31))], email.Secured);
        Assert.Equal("Exchange-archief (journaling)", Assert.Single(email.Sources).Where);
        var social = minister.Channels.Single(c => c.Channel == "social-media");
        Assert.Equal([new DatePeriod(new DateOnly(2024, 1, 8), new DateOnly(2024, 6, 28))], social.Secured);
        Assert.Empty(social.Gaps);

        Assert.Equal(1, minister.ReadOuts.MissedReadOuts);
        Assert.False(minister.ReadOuts.Overdue);
        Assert.Equal(5, minister.ReadOuts.ReadOuts);
        Assert.Equal(new DateOnly(2024, 6, 28), minister.ReadOuts.LastReadOut);
        // The one open finding: disappearing messages; the answered tombstone and the informational finding do not count.
        Assert.Equal(new OpenFindings(0, 1, 0), minister.OpenFindings);
        Assert.Equal(1, whatsapp.OpenFindings.DisappearingMessages);
        Assert.False(minister.NothingSecured);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_officeholder_with_nothing_secured_is_listed_with_the_whole_appointment_as_gap_and_every_missed_read_out(DatabaseProvider provider)
    {
        var (_, report) = await ReportAsync(provider);
        var secretary = report.Appointments.Single(a => a.Function == CoverageHistory.StateSecretaryFunction);

        Assert.True(secretary.NothingSecured);
        Assert.Equal(["chat", "email"], secretary.Channels.Select(c => c.Channel));
        Assert.All(secretary.Channels, c => Assert.Equal([new DateOnly(2024, 1, 8), new DateOnly(2024, 9, 16)], [c.Gaps.Single().From, c.Gaps.Single().To]));
        var overdue = secretary.Gaps.Single(g => g.Kind == GapKinds.ReadOutOverdue);
        Assert.Equal(new DateOnly(2024, 1, 8), overdue.From);
        Assert.Equal(CoverageHistory.AsOf, overdue.To);
        Assert.True(secretary.ReadOuts.Overdue);
        // Due on 8 Feb, 8 Mar, … 8 Sep: eight read-outs before the report day.
        Assert.Equal(8, secretary.ReadOuts.MissedReadOuts);
        Assert.Null(secretary.ReadOuts.LastReadOut);
        Assert.Equal(1, report.NothingSecured);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_department_and_officeholder_views_hold_only_their_rows(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "coverage");
        var history = await CoverageHistory.WriteAsync(db);
        var service = new CoverageService(db, CoverageHistory.MonthlySource);

        var all = await service.ReportAsync(new CoverageQuery(CoverageHistory.AsOf));
        Assert.Equal(["BZK", "BZK", "FIN"], all.Appointments.Select(a => a.Department).Order());
        var bzk = await service.ReportAsync(new CoverageQuery(CoverageHistory.AsOf, "bzk"));
        Assert.Equal([CoverageHistory.MinisterFunction, CoverageHistory.StateSecretaryFunction], bzk.Appointments.Select(a => a.Function).Order());
        var one = await service.ReportAsync(new CoverageQuery(CoverageHistory.AsOf, null, history.FinanceMinister));
        Assert.Equal(CoverageHistory.FinanceFunction, Assert.Single(one.Appointments).Function);
        var none = await service.ReportAsync(new CoverageQuery(CoverageHistory.AsOf, "BZK", history.FinanceMinister));
        Assert.Empty(none.Appointments);
        // An appointment that starts after the report day is not in the report yet.
        var early = await service.ReportAsync(new CoverageQuery(new DateOnly(2023, 1, 1)));
        Assert.Equal([CoverageHistory.FinanceFunction], early.Appointments.Select(a => a.Function));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_csv_has_one_line_per_appointment_and_channel_and_no_message_text_names_or_numbers(DatabaseProvider provider)
    {
        var (_, report) = await ReportAsync(provider);
        var csv = CoverageCsv.ToText(report);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(';', CoverageCsv.Header), lines[0]);
        Assert.Equal(1 + report.Appointments.Sum(a => a.Channels.Count), lines.Length);
        var signal = lines.Single(l => l.Contains(";signal;", StringComparison.Ordinal));
        Assert.Contains(";2024-01-08 t/m 2024-06-28;173;", signal, StringComparison.Ordinal);
        var email = lines.Single(l => l.StartsWith("BZK;" + CoverageHistory.MinisterFunction, StringComparison.Ordinal) && l.Contains(";email;", StringComparison.Ordinal));
        Assert.Contains(";2024-01-08 t/m 2024-05-31;elders: Exchange-archief (journaling);2024-06-01 t/m 2024-06-28;28;", email, StringComparison.Ordinal);
        Assert.DoesNotContain("Marloes", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Voorjaarsnota", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("+316", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("minister@minbzk.nl", csv, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Sealed_packages_from_before_0810_keep_their_rows_and_get_a_period_column(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "coverage-upgrade");
        await new DatabaseMigrator(db).MigrateAsync(upTo: 801);
        var pg = provider == DatabaseProvider.PostgreSql;
        var history = new CoverageHistory { Db = db };
        var at = pg ? (object)DateTime.UtcNow : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await history.ScalarAsync("INSERT INTO sealed_packages (officeholder_id, channel, sequence, package_id, seal_sha256, sealed_at, recorded_at) " +
                                  "VALUES ('7', 'whatsapp', 1, 'pakket-0001', @h, @at, @at) RETURNING sequence", ("h", new string('a', 64)), ("at", at));

        var applied = await new DatabaseMigrator(db).MigrateAsync();

        Assert.Contains(applied, s => s.Id == 810);
        Assert.Equal(1, await history.ScalarAsync("SELECT COUNT(*) FROM sealed_packages WHERE package_id = 'pakket-0001' AND period_start IS NULL AND period_end IS NULL"));
        // A seal without its period yet counts as nothing secured (the next 'seal' of the chain fills it in), and does not break the report.
        var report = await new CoverageService(db, CoverageHistory.MonthlySource).ReportAsync(new CoverageQuery(CoverageHistory.AsOf));
        Assert.Empty(report.Appointments);
        Assert.Empty((await new DatabaseMigrator(db).StatusAsync()).Pending);
    }
}
