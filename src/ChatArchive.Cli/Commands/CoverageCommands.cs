using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Activities.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive coverage</c>: the CIO Rijk-rapportage 2024 table from the database — every officeholder by function
/// (also those with nothing secured), appointment period, per channel the periods secured (seals and coverage registered
/// elsewhere) and every gap, read-outs against the department's published frequency, open findings. <c>--json</c> and
/// <c>--csv</c> for machines, <c>--pdf FILE</c> for print. A CSV or PDF is a download: it needs <c>--exported-by</c> and is
/// an audit event (who, role "cli", department, which view), as on the web. Exit 0, or 2 with a Dutch message when it
/// cannot run (nothing is changed).
/// </summary>
public static class CoverageCommands
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IEnumerable<Command> Create()
    {
        var json = new Option<bool>("--json") { Description = "Uitvoer als JSON" };
        var csv = new Option<bool>("--csv") { Description = "Uitvoer als CSV (puntkomma, UTF-8)" };
        var department = new Option<string?>("--department") { Description = "Alleen dit departement, bijv. BZK" };
        var officeholder = new Option<long?>("--officeholder") { Description = "Alleen deze bewindspersoon (id uit het register)" };
        var asOf = new Option<string?>("--as-of") { Description = "Peildatum jjjj-mm-dd (standaard vandaag)" };
        var pdf = new Option<string?>("--pdf") { Description = "Schrijft het rapport als PDF (tabel van de CIO Rijk-rapportage 2024) naar dit bestand" };
        var exportedBy = new Option<string?>("--exported-by") { Description = "Wie exporteert (verplicht bij --csv en --pdf): het gebruikers-id; de export komt in het auditspoor" };
        var cmd = new Command("coverage", "Toont per bewindspersoon (functie) en kanaal de veiliggestelde perioden, de gaten, de uitleesfrequentie en open bevindingen");
        foreach (var o in new Option[] { json, csv, department, officeholder, asOf, pdf, exportedBy }) cmd.Options.Add(o);
        cmd.SetAction(async (parse, ct) =>
        {
            DateOnly day;
            var asOfText = parse.GetValue(asOf);
            if (asOfText is null)
            {
                day = CoverageService.Today(TimeProvider.System);
            }
            else if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                Console.Error.WriteLine($"'{asOfText}' is geen datum. Geef de peildatum als jjjj-mm-dd, bijv. --as-of 2024-09-16.");
                return 2;
            }
            var pdfPath = parse.GetValue(pdf);
            if ((parse.GetValue(json) ? 1 : 0) + (parse.GetValue(csv) ? 1 : 0) + (pdfPath is null ? 0 : 1) > 1)
            {
                Console.Error.WriteLine("Kies één uitvoer: --json, --csv of --pdf.");
                return 2;
            }
            if (pdfPath is not null && (pdfPath.Trim().Length == 0 || Path.GetDirectoryName(Path.GetFullPath(pdfPath)) is not { } folder || !Directory.Exists(folder)))
            {
                Console.Error.WriteLine($"Kan de PDF niet schrijven naar '{pdfPath}': de map bestaat niet. Geef een bestand in een bestaande map, bijv. --pdf dekking.pdf.");
                return 2;
            }
            // A file that leaves the system (CSV or PDF) is an audit event naming who took it, as on the web; the person's
            // user id, never the operating-system account (as 'seal --sealed-by').
            var by = parse.GetValue(exportedBy)?.Trim();
            var export = pdfPath is not null || parse.GetValue(csv);
            if (export && string.IsNullOrEmpty(by))
            {
                Console.Error.WriteLine("Geef met --exported-by <gebruiker> op wie het rapport exporteert (het gebruikers-id; de export komt in het auditspoor), " +
                                        "bijv. 'chatarchive coverage --csv --exported-by auditor-devries'. Er is niets geëxporteerd.");
                return 2;
            }
            DatabaseOptions database;
            try
            {
                database = CliConfiguration.Database();
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"Fout in de configuratie: {e.Message}");
                return 2;
            }
            await new DatabaseMigrator(database).MigrateAsync(ct: ct);
            var code = parse.GetValue(department)?.Trim();
            var view = new CoverageQuery(day, string.IsNullOrEmpty(code) ? null : code, parse.GetValue(officeholder));
            var report = await Service(database).ReportAsync(view, ct);
            if (report.Appointments.Count == 0 && (code is { Length: > 0 } || parse.GetValue(officeholder) is not null))
            {
                Console.Error.WriteLine("Geen benoemingen gevonden voor dit departement of deze bewindspersoon op de peildatum. Controleer de code of het id (chatarchive coverage zonder filter toont alles).");
                return 2;
            }
            if (pdfPath is not null)
            {
                var bytes = CoveragePdf.Write(report, await DepartmentNamesAsync(database, ct), await PoliciesAsync(database, report, ct));
                // Written next to the target and moved into place: never a half-written PDF under the asked name.
                var temp = Path.GetFullPath(pdfPath) + ".tmp";
                await File.WriteAllBytesAsync(temp, bytes, ct);
                // Recorded before the PDF is in place: no PDF under the asked name without its event.
                try
                {
                    await RecordExportAsync(database, by!, pdf: true, view, report, ct);
                }
                catch
                {
                    File.Delete(temp);
                    throw;
                }
                File.Move(temp, Path.GetFullPath(pdfPath), overwrite: true);
                Console.WriteLine($"PDF geschreven: {Path.GetFullPath(pdfPath)} ({report.Appointments.Count} benoeming(en), {bytes.Length} bytes).");
            }
            else if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
            }
            else if (parse.GetValue(csv))
            {
                var text = CoverageCsv.ToText(report);
                await RecordExportAsync(database, by!, pdf: false, view, report, ct);
                Console.Write(text);
            }
            else
            {
                Console.Write(Text(report));
            }
            return 0;
        });
        cmd.Subcommands.Add(Backfill());
        yield return cmd;
    }

    /// <summary>
    /// <c>chatarchive coverage backfill</c>: seals recorded before the report kept periods (migration 0810) count as nothing
    /// secured; this fills their period in from each package's seal statement in the write-once store. Exit 0 (also when
    /// nothing was left to fill), 1 when recorded packages are missing from the store (listed; nothing else changes), 2
    /// when it cannot run.
    /// </summary>
    private static Command Backfill()
    {
        var cmd = new Command("backfill", "Vult de veiliggestelde periode in van pakketten die verzegeld zijn voordat het dekkingsrapport die bijhield (uit de zegelverklaring in het archief)");
        cmd.SetAction(async (_, ct) =>
        {
            DatabaseOptions database;
            ChatArchive.Sealing.Packaging.SealingOptions options;
            try
            {
                database = CliConfiguration.Database();
                options = ChatArchive.Sealing.Packaging.SealingOptions.FromLookup(k => CliConfiguration.Current[k], database.DataFolder, embedded: database.Provider == DatabaseProvider.Sqlite);
            }
            catch (Exception e) when (e is InvalidOperationException or ChatArchive.Sealing.SealingException)
            {
                Console.Error.WriteLine($"Fout in de configuratie: {e.Message}");
                return 2;
            }
            if (!Directory.Exists(options.StoreFolder))
            {
                Console.Error.WriteLine($"Het archief ({options.StoreFolder}) bestaat niet. Controleer ChatArchive:Sealing:StoreFolder.");
                return 2;
            }
            var store = new ChatArchive.Sealing.Storage.FileSystemArchiveStore(options.StoreFolder);
            var result = await ChatArchive.Persistence.Sealing.SealRecords.BackfillPeriodsAsync(database, store, ct);
            Console.WriteLine($"{result.Filled} verzegeld(e) pakket(ten) kregen hun periode uit de zegelverklaring; {result.AlreadyFilled} hadden die al.");
            if (result.NotInStore.Count == 0) return 0;
            Console.Error.WriteLine($"{result.NotInStore.Count} pakket(ten) staan in de database maar niet in het archief; hun periode blijft leeg. Controleer met 'chatarchive verify --all':");
            foreach (var p in result.NotInStore) Console.Error.WriteLine("  " + p);
            return 1;
        });
        return cmd;
    }

    /// <summary>
    /// The export in the audit trail: who (role "cli"), the department (asked for, or the one department the report holds),
    /// which view; chained in the table before it returns.
    /// </summary>
    private static Task RecordExportAsync(DatabaseOptions database, string by, bool pdf, CoverageQuery view, CoverageReport report, CancellationToken ct)
    {
        var departments = report.Appointments.Select(a => a.Department).Distinct(StringComparer.Ordinal).Take(2).ToList();
        var department = view.DepartmentCode ?? (departments.Count == 1 ? departments[0] : null);
        return new ChatArchive.Persistence.Audit.AuditTrail(database, TimeProvider.System).RecordAsync(CoverageExport.Event(by, "cli", department, pdf, view), ct);
    }

    private static async Task<IReadOnlyDictionary<string, string>> DepartmentNamesAsync(DatabaseOptions database, CancellationToken ct)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        return await db.Set<ChatArchive.Domain.Registry.Department>().AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Name, StringComparer.Ordinal, ct);
    }

    /// <summary>The ADR audit columns of the report's departments, from each one's published read-out definition (as the pages show them).</summary>
    private static async Task<IReadOnlyList<CoveragePolicyColumns>> PoliciesAsync(DatabaseOptions database, CoverageReport report, CancellationToken ct)
    {
        var services = new ServiceCollection().AddChatArchivePersistence(database).BuildServiceProvider();
        var reader = new DepartmentProcessReader(new EfWorkflowDefinitionStore(services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>()));
        var rows = new List<CoveragePolicyColumns>();
        foreach (var code in report.Appointments.Select(a => a.Department).Distinct().Order(StringComparer.Ordinal))
        {
            var p = await reader.ReadAsync(code, ct);
            rows.Add(new CoveragePolicyColumns(code, p.DeviceSeparation, p.FrequencyText, p.ExcludePrivateContacts, DepartmentProcess.CleaningText(p.Cleaning), p.KeepRawDataset));
        }
        return rows;
    }

    /// <summary>The department's frequency from its published read-out definition, as the server reads it.</summary>
    internal static CoverageService Service(DatabaseOptions database)
    {
        var services = new ServiceCollection().AddChatArchivePersistence(database).BuildServiceProvider();
        var reader = new DepartmentProcessReader(new EfWorkflowDefinitionStore(services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>()));
        return new CoverageService(database, async (code, ct) =>
        {
            var process = await reader.ReadAsync(code, ct);
            return new ReadOutSchedule(process.Frequency, process.FrequencyText);
        });
    }

    /// <summary>The report for people: per appointment a heading (department, function, period), the channels, then the gaps.</summary>
    public static string Text(CoverageReport report)
    {
        var w = new System.Text.StringBuilder();
        w.AppendLine($"Dekking op {CoverageBuilder.Dutch(report.AsOf)} (naar de tabel van de CIO Rijk-rapportage 2024): {report.Appointments.Count} benoeming(en), " +
                     $"{report.NothingSecured} zonder iets veiliggesteld, {report.WithGaps} met gaten.");
        foreach (var a in report.Appointments)
        {
            w.AppendLine();
            w.AppendLine($"{a.Department}  {a.Function} (bewindspersoon {a.OfficeholderId})  {CoverageBuilder.Dutch(a.From)} t/m {(a.To is { } to ? CoverageBuilder.Dutch(to) : "heden")}" +
                         (a.NothingSecured ? "  — NIETS VEILIGGESTELD" : ""));
            var r = a.ReadOuts;
            w.AppendLine($"  uitlezen: frequentie {r.FrequencyText}; {r.ReadOuts} uitlezing(en)" +
                         (r.LastReadOut is { } last ? $", laatste {CoverageBuilder.Dutch(last)} ({r.DaysSinceLastReadOut} dagen geleden)" : ", nog nooit uitgelezen") +
                         (r.MissedReadOuts > 0 ? $"; {r.MissedReadOuts} gemist" : "") + (r.Overdue ? "; ACHTERSTALLIG" : ""));
            foreach (var c in a.Channels)
            {
                var secured = c.Secured.Count == 0
                    ? "niets veiliggesteld"
                    : "veiliggesteld " + string.Join(", ", c.Secured.Select(p => $"{CoverageBuilder.Dutch(p.From)} t/m {CoverageBuilder.Dutch(p.To)}"));
                var sources = c.Sources.Select(s => s.Source == SecuredSource.Sealed ? null : s.Where).OfType<string>().Distinct().ToList();
                var detail = new List<string>();
                if (c.SealedPackages > 0) detail.Add($"{c.SealedPackages} verzegeld(e) pakket(ten)");
                if (sources.Count > 0) detail.Add("elders: " + string.Join(", ", sources));
                w.AppendLine($"  {CoverageBuilder.ChannelName(c.Channel),-24}{secured}{(detail.Count > 0 ? " (" + string.Join("; ", detail) + ")" : "")}");
            }
            if (a.OpenFindings.Total > 0)
            {
                w.AppendLine($"  open bevindingen: {a.OpenFindings.Total} (ontbrekende berichten {a.OpenFindings.MissingMessages}, tijdelijke berichten aan " +
                             $"{a.OpenFindings.DisappearingMessages}, verwijderd voor iedereen {a.OpenFindings.DeletionTombstones})");
            }
            if (a.Gaps.Count == 0)
            {
                w.AppendLine("  geen gaten");
            }
            else
            {
                w.AppendLine($"  gaten ({a.Gaps.Count}):");
                foreach (var g in a.Gaps) w.AppendLine($"    [{g.Kind}] {g.Description}");
            }
        }
        return w.ToString();
    }
}
