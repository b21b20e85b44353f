using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.WhatsApp;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.Cli.Ingestion;
using Spectre.Console;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive inspect | compare | ingest</c> (issue 3 §7): operator tools and the stable machine
/// interface. Exit codes: 0 done, 2 the export or an argument is not usable (Dutch message on stderr).
/// Nothing is logged; message content only goes to stdout where the operator asked for it.
/// </summary>
public static class IngestionCommands
{
    private const int BadInput = 2;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<Command> Create()
    {
        yield return Inspect();
        yield return Compare();
        yield return Ingest();
    }

    private static Option<string?> FormatOption() => new("--format")
    {
        Description = $"Formaat van de export in plaats van automatisch herkennen: {string.Join(", ", ExportFormats.All)}",
    };

    private static Option<string?> DateOrderOption() => new("--date-order")
    {
        Description = "Volgorde van dag en maand in WhatsApp-datums als de export die niet bewijst: dmy, mdy of ymd",
    };

    private static Command Inspect()
    {
        var path = new Argument<string>("path") { Description = "Export: bestand, map of zip" };
        var format = FormatOption();
        var dateOrder = DateOrderOption();
        var json = new Option<bool>("--json") { Description = "JSON op stdout (de stabiele machine-interface)" };
        var cmd = new Command("inspect", "Leest een export zonder iets op te slaan en toont gesprekken, berichten en bevindingen") { path, format, dateOrder, json };
        cmd.SetAction((parse, ct) => Guard(() =>
        {
            using var source = ExportSourceFactory.Open(parse.GetValue(path)!);
            var reader = Reader(source, parse.GetValue(format), parse.GetValue(dateOrder));
            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                using var writer = new InspectJsonWriter(stdout, reader.Format);
                foreach (var item in reader.Read(source, ct)) writer.Write(item);
                writer.Complete();
                return 0;
            }
            var findings = new ReadOutFindings();
            var conversations = 0;
            foreach (var item in reader.Read(source, ct))
            {
                findings.Observe(item);
                if (item is ConversationStarted) conversations++;
            }
            var all = findings.Complete();
            Console.WriteLine($"Formaat: {reader.Format}");
            Console.WriteLine($"Gesprekken: {conversations}, berichten: {findings.Messages}, systeemmeldingen: {findings.SystemEvents}, bijlagen: {findings.Attachments}");
            foreach (var f in all) Console.WriteLine($"  {f.Kind}: {f.Detail}");
            return 0;
        }));
        return cmd;
    }

    private static Command Compare()
    {
        var earlier = new Argument<string>("earlier") { Description = "De eerdere export van het gesprek" };
        var later = new Argument<string>("later") { Description = "De latere export van hetzelfde gesprek" };
        var format = FormatOption();
        var dateOrder = DateOrderOption();
        var json = new Option<bool>("--json") { Description = "JSON op stdout" };
        var cmd = new Command("compare", "Vergelijkt twee exports van één gesprek: nieuwe berichten en berichten die in de latere ontbreken") { earlier, later, format, dateOrder, json };
        cmd.SetAction((parse, ct) => Guard(() =>
        {
            using var a = ExportSourceFactory.Open(parse.GetValue(earlier)!);
            using var b = ExportSourceFactory.Open(parse.GetValue(later)!);
            var ra = Reader(a, parse.GetValue(format), parse.GetValue(dateOrder));
            var rb = Reader(b, parse.GetValue(format), parse.GetValue(dateOrder));
            var result = ReadOutComparer.Compare(ra.Read(a, ct), rb.Read(b, ct), ct);
            if (parse.GetValue(json))
            {
                var payload = new Dictionary<string, object>
                {
                    ["new"] = result.New,
                    ["missing"] = result.Missing.Select(m => new Dictionary<string, string>
                    {
                        ["sender"] = m.Sender,
                        ["sent"] = InspectJsonWriter.Iso(m.Sent),
                        ["text"] = m.Text,
                    }).ToList(),
                };
                Console.WriteLine(JsonSerializer.Serialize(payload, Json));
                return 0;
            }
            Console.WriteLine($"Nieuw: {result.New}, al bekend: {result.Known}, ontbrekend: {result.Missing.Count}");
            foreach (var m in result.Missing) Console.WriteLine($"  ontbreekt: {InspectJsonWriter.Iso(m.Sent)} {m.Sender}");
            return 0;
        }));
        return cmd;
    }

    private static Command Ingest()
    {
        var path = new Argument<string>("path") { Description = "Export: bestand, map of zip" };
        var officeholder = new Option<long>("--officeholder") { Description = "Id van de bewindspersoon", Required = true };
        var channel = new Option<string>("--channel") { Description = $"Kanaal: {string.Join(", ", Channels.All)}", Required = true };
        var format = FormatOption();
        var dateOrder = DateOrderOption();
        var readOutAt = new Option<string?>("--read-out-at") { Description = "Moment van uitlezen (ISO 8601); standaard nu" };
        var json = new Option<bool>("--json") { Description = "Samenvatting als JSON op stdout" };
        var cmd = new Command("ingest", "Slaat een export op als uitlezing van een bewindspersoon en kanaal, en vergelijkt met eerdere uitlezingen")
        {
            path, officeholder, channel, format, dateOrder, readOutAt, json,
        };
        cmd.SetAction((parse, ct) => GuardAsync(async () =>
        {
            var officeholderId = parse.GetValue(officeholder);
            if (officeholderId <= 0) throw new ExportFormatException("--officeholder moet een positief id zijn.");
            var channelName = parse.GetValue(channel)!.Trim().ToLowerInvariant();
            if (!Channels.IsKnown(channelName)) throw new ExportFormatException($"Onbekend kanaal '{channelName}'. Kies een van: {string.Join(", ", Channels.All)}.");
            var at = DateTimeOffset.UtcNow;
            if (parse.GetValue(readOutAt) is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            {
                throw new ExportFormatException($"--read-out-at '{text}' is geen datum en tijd. Gebruik bijvoorbeeld 2024-03-01T10:00:00+01:00.");
            }

            using var source = new CountingExportSource(ExportSourceFactory.Open(parse.GetValue(path)!));
            var reader = Reader(source, parse.GetValue(format), parse.GetValue(dateOrder));
            var expected = FormatChannels.ChannelOf(reader.Format);
            if (expected != channelName)
            {
                throw new ExportFormatException($"'{source.DisplayName}' is een {reader.Format}-export en hoort bij kanaal '{expected}', niet '{channelName}'. Kies het juiste kanaal.", source.DisplayName);
            }

            // The export's SHA-256 (a full read) is computed while the database is prepared.
            var hashing = Task.Run(() => SourceHash.Compute(source, ct), ct);
            var options = CliConfiguration.Database();
            try
            {
                await new DatabaseMigrator(options).MigrateAsync(ct: ct);
                // The registry owns officeholders (issue 2); PostgreSQL enforces it by FK (0101), SQLite cannot yet, so check here first.
                if (!await new OfficeholderLookup(options).ExistsAsync(officeholderId, ct))
                {
                    throw new ExportFormatException($"Bewindspersoon {officeholderId} staat niet in het register. Registreer de bewindspersoon eerst (/api/officeholders) of controleer het id.");
                }
            }
            catch
            {
                // The source is closed on the way out: let the hash finish (or fail) first; the error above is the one to report.
                await Task.WhenAny(hashing);
                throw;
            }
            var store = new ReadOutStore(options);
            ReadOutStored stored;
            var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && !parse.GetValue(json);
            if (interactive)
            {
                stored = null!;
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        // Reading passes over the text twice (date order first, then the messages) and hashes everything once.
                        var task = progress.AddTask("Uitlezing inlezen", maxValue: Math.Max(1, source.TotalLength * 3));
                        var work = Task.Run(async () =>
                        {
                            var hash = await hashing;
                            return await store.IngestAsync(new ReadOutRequest(officeholderId, channelName, reader.Format, source.DisplayName, hash, at), reader.Read(source, ct), null, ct);
                        }, ct);
                        while (!work.IsCompleted)
                        {
                            task.Value = Math.Min(task.MaxValue * 0.99, source.BytesRead);
                            await Task.WhenAny(work, Task.Delay(200, ct));
                        }
                        stored = await work;
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                var hash = await hashing;
                stored = await store.IngestAsync(new ReadOutRequest(officeholderId, channelName, reader.Format, source.DisplayName, hash, at), reader.Read(source, ct), null, ct);
            }

            // After the commit: a crash in between is resumed by ingesting again (the read-out is found, the link is added).
            var vaultId = await RawExportIntake.KeepAsync(options, stored.ReadOutId, parse.GetValue(path)!, ct);
            if (vaultId is null)
            {
                Console.Error.WriteLine("Let op: er is geen kluissleutel ingesteld (ChatArchive:Sealing:VaultKey), dus de ruwe export is niet bewaard; bijlagen kunnen dan niet verzegeld worden.");
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["readOut"] = stored.Number,
                    ["alreadyIngested"] = stored.AlreadyIngested,
                    ["format"] = reader.Format,
                    ["messages"] = stored.Messages,
                    ["new"] = stored.New,
                    ["known"] = stored.Known,
                    ["missing"] = stored.Missing,
                    ["systemEvents"] = stored.SystemEvents,
                    ["attachments"] = stored.Attachments,
                    ["daysSincePrevious"] = stored.DaysSincePrevious,
                    ["findings"] = stored.Findings.Select(f => new Dictionary<string, object?>
                    {
                        ["kind"] = f.Kind,
                        ["at"] = f.At is { } t ? InspectJsonWriter.Iso(t) : null,
                        ["actor"] = f.Actor,
                        ["detail"] = f.Detail,
                    }).ToList(),
                }, Json));
                return 0;
            }
            if (stored.AlreadyIngested)
            {
                Console.WriteLine($"Deze export is al opgeslagen als uitlezing {stored.Number} van dit kanaal; er is niets toegevoegd.");
                return 0;
            }
            Console.WriteLine($"Uitlezing {stored.Number} opgeslagen ({reader.Format}).");
            Console.WriteLine($"  Nieuw:             {stored.New}");
            Console.WriteLine($"  Al bekend:         {stored.Known}");
            Console.WriteLine($"  Ontbrekend:        {stored.Missing}");
            Console.WriteLine($"  Systeemmeldingen:  {stored.SystemEvents}");
            Console.WriteLine($"  Bijlagen:          {stored.Attachments}");
            Console.WriteLine($"  Bevindingen:       {stored.Findings.Count}");
            foreach (var group in stored.Findings.GroupBy(f => f.Kind))
            {
                Console.WriteLine($"    {group.Key}: {group.Count()}");
            }
            return 0;
        }));
        return cmd;
    }

    private static IExportReader Reader(IExportSource source, string? format, string? dateOrder)
    {
        var reader = FormatDetector.Default().Detect(source, format);
        if (dateOrder is not null)
        {
            var order = dateOrder.Trim().ToLowerInvariant() switch
            {
                "dmy" => DateOrder.DayMonthYear,
                "mdy" => DateOrder.MonthDayYear,
                "ymd" => DateOrder.YearMonthDay,
                _ => throw new ExportFormatException($"--date-order '{dateOrder}' is onbekend. Kies dmy, mdy of ymd.", source.DisplayName),
            };
            if (reader is WhatsAppTextReader w) w.DateOrderOverride = order;
        }
        return reader;
    }

    private static Task<int> Guard(Func<int> action) => GuardAsync(() => Task.FromResult(action()));

    private static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ExportFormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return BadInput;
        }
        catch (ChatArchive.Sealing.SealingException e)
        {
            // The vault (bad key, unwritable folder): the read-out itself is stored; ingesting again adds the raw export.
            await Console.Error.WriteLineAsync(e.Message);
            return BadInput;
        }
    }
}
