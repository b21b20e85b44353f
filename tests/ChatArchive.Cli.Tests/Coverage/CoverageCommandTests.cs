using System.Text.Json;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Coverage;

/// <summary><c>chatarchive coverage</c> as an auditor runs it: functions, every officeholder, the gaps; <c>--json</c> for machines.</summary>
public sealed class CoverageCommandTests
{
    private static async Task<(CoverageHistory History, Dictionary<string, string> Env)> HistoryAsync(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "coveragecli");
        var history = await CoverageHistory.WriteAsync(db);
        await history.PublishMonthlyAsync();
        return (history, IngestionData.Env(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Json_shows_exactly_the_known_gaps_by_function_and_the_officeholder_with_nothing_secured(DatabaseProvider provider)
    {
        var (_, env) = await HistoryAsync(provider);

        var run = await CliRunner.RunAsync(["coverage", "--json", "--as-of", "2024-09-16"], env);

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var doc = JsonDocument.Parse(run.StdOut);
        var rows = doc.RootElement.GetProperty("appointments").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        var minister = rows.Single(r => r.GetProperty("function").GetString() == CoverageHistory.MinisterFunction);
        var gaps = minister.GetProperty("gaps").EnumerateArray()
            .Select(g => $"{g.GetProperty("kind").GetString()}|{g.GetProperty("channel").GetString()}|{g.GetProperty("from").GetString()}|{g.GetProperty("to").GetString()}").ToList();
        Assert.Equal(
        [
            "niet-veiliggesteld|signal|2024-01-08|2024-06-28",
            "uitlezing-gemist||2024-03-04|2024-05-06",
            "niet-veiliggesteld|email|2024-06-01|2024-06-28",
        ], gaps);
        Assert.Equal("P1M", minister.GetProperty("readOuts").GetProperty("frequencyText").GetString());
        Assert.Equal(1, minister.GetProperty("openFindings").GetProperty("disappearingMessages").GetInt32());
        Assert.Equal(1, minister.GetProperty("openFindings").GetProperty("total").GetInt32());
        var secretary = rows.Single(r => r.GetProperty("function").GetString() == CoverageHistory.StateSecretaryFunction);
        Assert.True(secretary.GetProperty("nothingSecured").GetBoolean());
        Assert.DoesNotContain("Marloes", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("+316", run.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Text_names_the_function_not_an_id_and_lists_each_gap_and_the_department_filter_keeps_to_it(DatabaseProvider provider)
    {
        var (_, env) = await HistoryAsync(provider);

        var run = await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-16", "--department", "bzk"], env);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("2 benoeming(en), 1 zonder iets veiliggesteld, 2 met gaten", run.StdOut, StringComparison.Ordinal);
        Assert.Contains($"BZK  {CoverageHistory.MinisterFunction}", run.StdOut, StringComparison.Ordinal);
        Assert.Contains($"BZK  {CoverageHistory.StateSecretaryFunction}", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("NIETS VEILIGGESTELD", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("[niet-veiliggesteld] Signal: niet veiliggesteld van 8-1-2024 t/m 28-6-2024 (173 dagen).", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("[niet-veiliggesteld] E-mail: niet veiliggesteld van 1-6-2024 t/m 28-6-2024 (28 dagen).", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("[uitlezing-gemist] 1 uitlezing(en) gemist tussen de uitlezing van 4-3-2024 en de uitlezing van 6-5-2024", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(CoverageHistory.FinanceFunction, run.StdOut, StringComparison.Ordinal);

        var csv = await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-16", "--csv", "--exported-by", "auditor-1"], env);
        Assert.Equal(0, csv.ExitCode);
        Assert.StartsWith("departement;functie;", csv.StdOut, StringComparison.Ordinal);
        Assert.Contains(CoverageHistory.FinanceFunction, csv.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_input_gives_a_dutch_message_and_exit_2(DatabaseProvider provider)
    {
        var (_, env) = await HistoryAsync(provider);

        var date = await CliRunner.RunAsync(["coverage", "--as-of", "16-09-2024"], env);
        Assert.Equal(2, date.ExitCode);
        Assert.Contains("geen datum", date.StdErr, StringComparison.Ordinal);
        var unknown = await CliRunner.RunAsync(["coverage", "--department", "XYZ", "--as-of", "2024-09-16"], env);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Geen benoemingen gevonden", unknown.StdErr, StringComparison.Ordinal);
        var both = await CliRunner.RunAsync(["coverage", "--json", "--csv"], env);
        Assert.Equal(2, both.ExitCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_real_seal_records_its_period_and_the_report_shows_it_secured(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "coverageseal");
        var env = await SealedFebruary.CreateAsync(db, provider);

        var run = await CliRunner.RunAsync(["coverage", "--json", "--as-of", "2024-02-08"], env);

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var doc = JsonDocument.Parse(run.StdOut);
        var row = Assert.Single(doc.RootElement.GetProperty("appointments").EnumerateArray());
        var whatsapp = row.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "whatsapp");
        var secured = Assert.Single(whatsapp.GetProperty("secured").EnumerateArray());
        // The export's messages run from 1 to 7 February; the appointment from 2 January.
        Assert.Equal("2024-02-01", secured.GetProperty("from").GetString());
        Assert.Equal("2024-02-07", secured.GetProperty("to").GetString());
        Assert.Equal(["2024-01-02|2024-01-31", "2024-02-08|2024-02-08"],
            whatsapp.GetProperty("gaps").EnumerateArray().Select(g => $"{g.GetProperty("from").GetString()}|{g.GetProperty("to").GetString()}"));
        // No definition published: the government-wide default frequency.
        Assert.Equal("P6W", row.GetProperty("readOuts").GetProperty("frequencyText").GetString());
        Assert.False(row.GetProperty("readOuts").GetProperty("overdue").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Pdf_writes_the_cio_rijk_table_with_the_policy_to_the_file_and_refuses_a_missing_folder(DatabaseProvider provider)
    {
        var (_, env) = await HistoryAsync(provider);
        var folder = Directory.CreateTempSubdirectory("coverage-pdf-").FullName;
        var file = Path.Combine(folder, "dekking.pdf");

        var run = await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-16", "--pdf", file, "--exported-by", "auditor-1"], env);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("PDF geschreven", run.StdOut, StringComparison.Ordinal);
        var all = string.Join(" ", PdfText.Pages(await File.ReadAllBytesAsync(file)));
        Assert.Contains("veiliggestelde e-mail", all, StringComparison.Ordinal);
        Assert.Contains("Staatssecretaris", all, StringComparison.Ordinal);
        Assert.Contains("8 januari 2024 t/m 31 mei 2024", all, StringComparison.Ordinal);
        Assert.Contains("Werkproces van BZK (kolommen van de ADR audit)", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Marloes", all, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left

        var refused = await CliRunner.RunAsync(["coverage", "--pdf", Path.Combine(folder, "bestaat-niet", "dekking.pdf")], env);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("de map bestaat niet", refused.StdErr, StringComparison.Ordinal);
        var both = await CliRunner.RunAsync(["coverage", "--json", "--pdf", file], env);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("Kies één uitvoer", both.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Csv_and_pdf_exports_are_audit_events_naming_who_and_which_view_and_need_exported_by(DatabaseProvider provider)
    {
        var (history, env) = await HistoryAsync(provider);
        var folder = Directory.CreateTempSubdirectory("coverage-pdf-audit-").FullName;
        var file = Path.Combine(folder, "dekking.pdf");

        // Without who exports: refused in Dutch, nothing written, no event.
        var anonymousCsv = await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-16", "--csv"], env);
        Assert.Equal(2, anonymousCsv.ExitCode);
        Assert.Contains("--exported-by", anonymousCsv.StdErr, StringComparison.Ordinal);
        Assert.Equal("", anonymousCsv.StdOut);
        var anonymousPdf = await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-16", "--pdf", file, "--exported-by", "  "], env);
        Assert.Equal(2, anonymousPdf.ExitCode);
        Assert.Empty(Directory.GetFiles(folder));
        Assert.Empty(await ExportsAsync(history.Db));

        // Text and JSON on the terminal are no export (nothing leaves as a file): no event either.
        Assert.Equal(0, (await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-16", "--json"], env)).ExitCode);
        Assert.Empty(await ExportsAsync(history.Db));

        var csv = await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-16", "--department", "BZK", "--csv", "--exported-by", "auditor-7"], env);
        Assert.True(csv.ExitCode == 0, csv.StdErr);
        var before = DateTimeOffset.UtcNow;
        var pdf = await CliRunner.RunAsync(["coverage", "--as-of", "2024-09-01", "--officeholder", history.StateSecretary.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--pdf", file, "--exported-by", "auditor-8"], env);
        Assert.True(pdf.ExitCode == 0, pdf.StdErr);
        Assert.True(File.Exists(file));

        var events = await ExportsAsync(history.Db);
        Assert.Equal(2, events.Count);
        Assert.Equal(("auditor-7", "cli", "BZK", CoverageExport.CsvObjectType, "BZK@2024-09-16", AuditOutcomes.Success),
            (events[0].Actor, events[0].Role, events[0].Department, events[0].ObjectType, events[0].ObjectId, events[0].Outcome));
        // An officeholder's view names the id and the department the report holds; never the function or a name.
        Assert.Equal(("auditor-8", "cli", "BZK", CoverageExport.PdfObjectType, $"bewindspersoon-{history.StateSecretary}@2024-09-01"),
            (events[1].Actor, events[1].Role, events[1].Department, events[1].ObjectType, events[1].ObjectId));
        Assert.InRange(events[1].At, before.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var rows = new List<AuditEvent>();
        await foreach (var e in new AuditTrail(history.Db, TimeProvider.System).ReadAllAsync()) rows.Add(e);
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
        Assert.All(rows, e => Assert.DoesNotContain("Staatssecretaris", string.Join("|", e.Actor, e.Department, e.ObjectType, e.ObjectId), StringComparison.Ordinal));
    }

    private static async Task<List<AuditEvent>> ExportsAsync(DatabaseOptions db)
    {
        var page = await new AuditTrail(db, TimeProvider.System).QueryAsync(new AuditQuery(Action: AuditActions.CoverageExport, PageSize: 100));
        return [.. page.Items.OrderBy(e => e.Sequence)];
    }
}
