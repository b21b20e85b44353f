using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ChatArchive.Classification;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Storage;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChatArchive.Server.Tests.ReadOuts;

/// <summary>
/// Issue 10, "Bad input and faults": a crash (process killed with SIGKILL) between any two steps of a read-out loses no
/// decision and runs no module twice. The real server runs as a child process (<see cref="ServerProcess"/>) and is killed
/// hard after each step it acknowledged, then restarted on the same database and data folder. The steps the workflow's
/// activities perform (ingest, suggest, clean, seal) call the read-out service from the test process on the same store, as
/// <see cref="ReadOutJourney"/> does; after each restart the step that was last run is run again, as a resumed workflow
/// repeats the step whose bookmark it had not yet passed. Sealing itself is also killed mid-way: the real
/// <c>chatarchive seal</c> is killed while its package waits in staging just before the commit (the sealing module's own
/// fault-injection point), and the read-out's seal step resumes it.
/// </summary>
public class ReadOutCrashTests(ITestOutputHelper output)
{
    private const string Channel = "whatsapp";

    private static readonly string[] Work =
    [
        "01-02-2024 09:00 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar.",
        "01-02-2024 09:05 - Minister: Dank, ik lees hem vanavond.",
        "02-02-2024 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de stikstofruimte.",
    ];

    private static readonly string[] Family =
    [
        "10-02-2024 08:00 - Tante Ria: Gefeliciteerd met je verjaardag! Fijne dag met de kinderen, groetjes van tante Ria",
        "10-02-2024 08:10 - Minister: Dank je wel lieve tante, ik bel je na het werkbezoek!",
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Killing_the_server_between_the_steps_of_a_read_out_loses_no_decision_and_runs_no_module_twice(DatabaseProvider provider)
    {
        var (database, settings, sealing, service, officeholder, professional, ro) = await ArrangeAsync(provider, "readoutcrash", "crash-");
        var policy = Policy;

        // Kill point 1: after the upload was acknowledged. The upload is kept once; the read-out stays Uploaded.
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var ip = await server.SignInAsync("ip.crash");
            using var form = new MultipartFormDataContent();
            foreach (var (name, zip) in new[] { ReadOutJourney.ChatZip("Sanne de Vries", Work), ReadOutJourney.ChatZip("Tante Ria", Family) })
            {
                var content = new ByteArrayContent(zip);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
                form.Add(content, "files", name);
            }
            form.Add(new StringContent(Channel), "channel");
            var upload = await ReadOutJourney.OkAsync(await ip.PostAsync($"/api/read-outs/{ro}/uploads", form));
            Assert.Equal("Uploaded", upload.GetProperty("readOut").GetProperty("stage").GetString());
            server.KillHard();
        }
        Assert.Equal(2, await CountAsync(database, $"SELECT COUNT(*) FROM ro_uploads WHERE read_out_id = {ro}"));
        Assert.Equal(ReadOutStage.Uploaded, (await service.GetAsync(ro))!.Stage);

        // Kill point 2: after ingest and suggestions. Run again after the restart, neither stores anything twice.
        await service.IngestAsync(ro);
        await service.SuggestAsync(ro, policy);
        var ingestReadOuts = await CountAsync(database, $"SELECT COUNT(*) FROM ingest_read_outs WHERE officeholder_id = {officeholder}");
        var messages = await CountAsync(database, $"SELECT COUNT(*) FROM ingest_messages WHERE officeholder_id = {officeholder}");
        Assert.Equal(2, ingestReadOuts);
        Assert.Equal(5, messages);
        Assert.Equal(5, await CountAsync(database, $"SELECT COUNT(*) FROM ro_messages WHERE read_out_id = {ro}"));
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var ip = await server.SignInAsync("ip.crash");
            Assert.Equal("Suggested", (await ReadOutJourney.OkAsync(await ip.GetAsync($"/api/read-outs/{ro}"))).GetProperty("stage").GetString());
            server.KillHard();
        }
        await service.IngestAsync(ro);
        await service.SuggestAsync(ro, policy);
        Assert.Equal(ingestReadOuts, await CountAsync(database, $"SELECT COUNT(*) FROM ingest_read_outs WHERE officeholder_id = {officeholder}"));
        Assert.Equal(messages, await CountAsync(database, $"SELECT COUNT(*) FROM ingest_messages WHERE officeholder_id = {officeholder}"));
        Assert.Equal(5, await CountAsync(database, $"SELECT COUNT(*) FROM ro_messages WHERE read_out_id = {ro}"));
        Assert.Equal(2, await CountAsync(database, $"SELECT COUNT(DISTINCT ingest_read_out_id) FROM ro_uploads WHERE read_out_id = {ro}"));

        // Kill point 3: after the review decisions were acknowledged (bulk per conversation and per contact). All are still there.
        string decided;
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var ip = await server.SignInAsync("ip.crash");
            var conversations = await ReadOutJourney.OkAsync(await ip.GetAsync($"/api/read-outs/{ro}/conversations"));
            var work = conversations.EnumerateArray().Single(c => c.GetProperty("title").GetString()!.Contains("Sanne", StringComparison.Ordinal)).GetProperty("id").GetInt64();
            Assert.Equal(3, await DecideAsync(ip, ro, "conversation", work.ToString(CultureInfo.InvariantCulture), "business"));
            Assert.Equal(2, await DecideAsync(ip, ro, "contact", "Tante Ria", "private"));
            decided = await DecisionsAsync(database, ro);
            server.KillHard();
        }
        Assert.Equal(decided, await DecisionsAsync(database, ro));
        Assert.Equal(5, await CountAsync(database, $"SELECT COUNT(*) FROM ro_decisions WHERE read_out_id = {ro}"));

        // Kill point 4: after the offer and after the officeholder's validation were acknowledged.
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var ip = await server.SignInAsync("ip.crash");
            var undecided = await ReadOutJourney.OkAsync(await ip.GetAsync($"/api/read-outs/{ro}/messages?undecided=true"));
            Assert.Empty(undecided.GetProperty("items").EnumerateArray());
            Assert.Equal("Offered", (await ReadOutJourney.OkAsync(await ip.PostAsJsonAsync($"/api/read-outs/{ro}/offer", new { }))).GetProperty("stage").GetString());
            server.KillHard();
        }
        Assert.Equal(ReadOutStage.Offered, (await service.GetAsync(ro))!.Stage);
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var owner = await server.SignInAsync("bp.crash");
            var offered = (await ReadOutJourney.OkAsync(await owner.GetAsync($"/api/read-outs/{ro}/validation"))).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, offered.Count);
            var verdicts = offered.Select(m => new { messageId = m.GetProperty("id").GetInt64(), agrees = true, note = (string?)null }).ToList();
            var result = await ReadOutJourney.OkAsync(await owner.PostAsJsonAsync($"/api/read-outs/{ro}/validation", new { verdicts }));
            Assert.Equal("Agreed", result.GetProperty("outcome").GetString());
            decided = await DecisionsAsync(database, ro);
            server.KillHard();
        }
        Assert.Equal(ReadOutStage.Validated, (await service.GetAsync(ro))!.Stage);
        Assert.Equal(decided, await DecisionsAsync(database, ro));

        // Kill point 5: after cleaning. Run again after the restart, it removes nothing twice and keeps one deletion record per message.
        var cleaned = await service.ApplyCleaningAsync(ro, policy, professional);
        Assert.Equal(2, cleaned.Removed);
        // Cleaning makes each decision final (status Final); label, reviewer and validation stay as decided.
        var final = await DecisionsAsync(database, ro);
        Assert.Equal(WithoutStatus(decided), WithoutStatus(final));
        Assert.All(final.Split('\n'), line => Assert.Equal("Final", line.Split(':')[1]));
        await RestartAndKillAsync(database, settings);
        var again = await service.ApplyCleaningAsync(ro, policy, professional);
        Assert.Equal(ReadOutStage.Cleaned, again.ReadOut.Stage);
        Assert.Equal(2, await CountAsync(database, $"SELECT COUNT(*) FROM ro_deletion_records WHERE read_out_id = {ro}"));
        Assert.Equal(final, await DecisionsAsync(database, ro));
        Assert.Equal(0, await CountAsync(database, $"SELECT COUNT(*) FROM ingest_messages WHERE officeholder_id = {officeholder} AND text LIKE '%tante%'"));
        Assert.Equal(2, await CountAsync(database, $"SELECT COUNT(*) FROM ro_messages WHERE read_out_id = {ro} AND final_state = 'Removed'"));

        // Kill point 6: sealing killed just before its commit. Nothing is visible; the seal step resumes it to one package.
        var store = new FileSystemArchiveStore(sealing.StoreFolder);
        var marker = Path.Combine(Directory.CreateTempSubdirectory("chatarchive-crash-").FullName, "paused");
        using (var seal = StartCli(["seal", "--officeholder", officeholder.ToString(CultureInfo.InvariantCulture), "--channel", Channel, "--sealed-by", professional.UserId],
                   database, settings["ChatArchive__Sealing__VaultKey"], new Dictionary<string, string> { [SealFaultInjection.Variable] = marker }))
        {
            var watch = Stopwatch.StartNew();
            while (!File.Exists(marker) && !seal.HasExited && watch.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(20);
            Assert.True(File.Exists(marker), "chatarchive seal did not reach the point before its commit: " + (seal.HasExited ? await seal.StandardError.ReadToEndAsync() : "timeout"));
            seal.Kill(entireProcessTree: true);
            await seal.WaitForExitAsync();
        }
        Assert.Empty(store.ListPackages());
        Assert.Equal(0, await CountAsync(database, "SELECT COUNT(*) FROM sealed_packages"));
        Assert.Equal(ReadOutStage.Cleaned, (await service.GetAsync(ro))!.Stage);

        var sealedResult = await service.SealAsync(ro, professional);
        Assert.Equal(ReadOutStage.Sealed, sealedResult.ReadOut.Stage);
        // One package per export (two uploads, two ingested exports).
        var packages = sealedResult.Packages.ToList();
        Assert.Equal(2, packages.Count);
        Assert.Equal(2, store.ListPackages().Count());
        Assert.Equal(2, await CountAsync(database, "SELECT COUNT(*) FROM sealed_packages"));

        // Kill point 7: after sealing, before the instance moves on. The seal step runs again and seals nothing twice.
        await RestartAndKillAsync(database, settings);
        var repeated = await service.SealAsync(ro, professional);
        Assert.True(repeated.AlreadySealed);
        Assert.Equal(packages, repeated.Packages);
        Assert.Equal(2, store.ListPackages().Count());
        Assert.Equal(2, await CountAsync(database, "SELECT COUNT(*) FROM sealed_packages"));
        Assert.Equal(2, await CountAsync(database, $"SELECT COUNT(*) FROM ro_deletion_records WHERE read_out_id = {ro}"));
        Assert.Equal(final, await DecisionsAsync(database, ro));

        var verify = await RunCliAsync(["verify", "--all", "--json"], database, settings["ChatArchive__Sealing__VaultKey"]);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        using var report = JsonDocument.Parse(verify.StdOut);
        Assert.True(report.RootElement.GetProperty("valid").GetBoolean(), verify.StdOut);
        Assert.Equal(2, report.RootElement.GetProperty("packages").GetInt32());
        output.WriteLine($"{provider}: read-out {ro} survived 7 kill points; packages {string.Join(", ", packages)}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Killing_the_server_during_a_burst_of_decisions_loses_no_acknowledged_decision_and_the_read_out_goes_on_to_its_seal(DatabaseProvider provider)
    {
        var (database, settings, sealing, service, officeholder, professional, ro) = await ArrangeAsync(provider, "readoutburst", "burst-");
        var policy = Policy;
        var lines = Enumerable.Range(0, 300).Select(i =>
            $"{1 + i / 12:00}-02-2024 {8 + i % 12:00}:{i % 60:00} - Sanne de Vries: Werkbericht {i} over de voortgang van de woningbouwopgave.").ToList();

        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<long, bool>();
        var failures = 0;
        List<long> ids;
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var ip = await server.SignInAsync("ip.crash");
            using var form = new MultipartFormDataContent();
            var (name, zip) = ReadOutJourney.ChatZip("Sanne de Vries", lines);
            var content = new ByteArrayContent(zip);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(content, "files", name);
            form.Add(new StringContent(Channel), "channel");
            await ReadOutJourney.OkAsync(await ip.PostAsync($"/api/read-outs/{ro}/uploads", form));
            await service.IngestAsync(ro);
            await service.SuggestAsync(ro, policy);
            ids = await MessageIdsAsync(database, ro);
            Assert.Equal(300, ids.Count);

            // Six workers decide one message each per call; the server is killed while they run.
            var queue = new System.Collections.Concurrent.ConcurrentQueue<long>(ids);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && queue.TryDequeue(out var id))
                {
                    try
                    {
                        using var response = await ip.PostAsJsonAsync($"/api/read-outs/{ro}/decisions",
                            new { scope = "message", target = id.ToString(CultureInfo.InvariantCulture), label = "business", note = (string?)null });
                        if (response.IsSuccessStatusCode) acknowledged[id] = true;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        Interlocked.Increment(ref failures);
                        await Task.Delay(50);
                    }
                }
            })).ToArray();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (acknowledged.Count < 30 && DateTime.UtcNow < deadline) await Task.Delay(10);
            server.KillHard();
            await Task.Delay(300);
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        output.WriteLine($"{provider}: {acknowledged.Count} decisions acknowledged before kill -9, {failures} calls failed after it");
        Assert.True(acknowledged.Count >= 30, "the burst did not get going before the kill");
        Assert.True(acknowledged.Count < ids.Count, "every decision was made before the kill; the kill came too late to test anything");

        // Every acknowledged decision is stored with its history row; no message is half-decided (a state without its row or the reverse).
        var stored = (await DecisionsAsync(database, ro)).Split('\n').Select(l => l.Split(':')).ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture));
        foreach (var id in acknowledged.Keys) Assert.Equal("Business", stored[id][2]);
        var decidedIds = stored.Where(kv => kv.Value[2] != "-").Select(kv => kv.Key).Order().ToList();
        Assert.Equal(decidedIds.Count, await CountAsync(database, $"SELECT COUNT(DISTINCT message_id) FROM ro_decisions WHERE read_out_id = {ro}"));
        Assert.Equal(decidedIds.Count, await CountAsync(database, $"SELECT COUNT(*) FROM ro_decisions WHERE read_out_id = {ro}"));

        // After the restart the read-out goes on to the end: the rest is decided, offered, cleaned and sealed once.
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var ip = await server.SignInAsync("ip.crash");
            foreach (var id in ids.Except(decidedIds))
            {
                Assert.Equal(1, await DecideAsync(ip, ro, "message", id.ToString(CultureInfo.InvariantCulture), "business"));
            }
            var stage = (await ReadOutJourney.OkAsync(await ip.PostAsJsonAsync($"/api/read-outs/{ro}/offer", new { }))).GetProperty("stage").GetString();
            Assert.Equal("Validated", stage); // nothing private or party-political: nothing to validate
            server.KillHard();
        }
        Assert.Equal(ids.Count, await CountAsync(database, $"SELECT COUNT(*) FROM ro_decisions WHERE read_out_id = {ro}"));
        var cleaned = await service.ApplyCleaningAsync(ro, policy, professional);
        Assert.Equal(0, cleaned.Removed);
        Assert.Equal(ids.Count, cleaned.Kept);
        var sealedResult = await service.SealAsync(ro, professional);
        Assert.Single(sealedResult.Packages);
        Assert.Single(new FileSystemArchiveStore(sealing.StoreFolder).ListPackages());
        Assert.Equal(1, await CountAsync(database, "SELECT COUNT(*) FROM sealed_packages"));
        var verify = await RunCliAsync(["verify", "--all", "--json"], database, settings["ChatArchive__Sealing__VaultKey"]);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        using var report = JsonDocument.Parse(verify.StdOut);
        Assert.True(report.RootElement.GetProperty("valid").GetBoolean(), verify.StdOut);
    }

    private static async Task<List<long>> MessageIdsAsync(DatabaseOptions database, long ro)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        var sql = "SELECT message_id AS \"Value\" FROM ro_messages WHERE read_out_id = " + ro.ToString(CultureInfo.InvariantCulture);
        return await db.Database.SqlQueryRaw<long>(sql).ToListAsync();
    }

    private static async Task<(long Officeholder, Actor Professional)> ArrangeRegistryAsync(DatabaseOptions database)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        var department = new Department { Code = "BZK", Name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties" };
        db.Add(department);
        await db.SaveChangesAsync();
        var officeholder = new Officeholder { DepartmentId = department.Id, DisplayName = "Minister Crashproef", Kind = OfficeholderKind.Minister };
        db.Add(officeholder);
        await db.SaveChangesAsync();
        var ip = new User { UserName = "ip.crash", DisplayName = "Informatieprofessional BZK", Roles = [Roles.InformationProfessional], DepartmentId = department.Id };
        db.Add(ip);
        db.Add(new User { UserName = "bp.crash", DisplayName = "Minister Crashproef", Roles = [Roles.Officeholder], DepartmentId = department.Id, OfficeholderId = officeholder.Id });
        await db.SaveChangesAsync();
        return (officeholder.Id, new Actor(ip.Id.ToString(CultureInfo.InvariantCulture), Roles.InformationProfessional));
    }

    /// <summary>A server started on the store and killed at once with SIGKILL: whatever the last step left must survive it.</summary>
    private static async Task RestartAndKillAsync(DatabaseOptions database, Dictionary<string, string> settings)
    {
        await using var server = await ServerProcess.StartAsync(database, settings);
        using var ip = await server.SignInAsync("ip.crash");
        using var response = await ip.GetAsync("/api/read-outs");
        response.EnsureSuccessStatusCode();
        server.KillHard();
    }

    private static async Task<int> DecideAsync(HttpClient client, long ro, string scope, string target, string label)
    {
        var r = await ReadOutJourney.OkAsync(await client.PostAsJsonAsync($"/api/read-outs/{ro}/decisions", new { scope, target, label, note = (string?)null }));
        return r.GetProperty("decided").GetInt32();
    }

    /// <summary>Every message's stored decision and validation, one line each (ids and labels only).</summary>
    private static async Task<string> DecisionsAsync(DatabaseOptions database, long ro)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        var sql = "SELECT CAST(message_id AS TEXT) || ':' || status || ':' || COALESCE(label, '-') || ':' || COALESCE(decided_by, '-') || ':' || " +
                  "COALESCE(CAST(validation_agrees AS TEXT), '-') || ':' || COALESCE(validated_by, '-') AS \"Value\" FROM ro_message_states WHERE read_out_id = " +
                  ro.ToString(CultureInfo.InvariantCulture);
        var rows = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        Assert.NotEmpty(rows);
        return string.Join("\n", rows.Order(StringComparer.Ordinal));
    }

    /// <summary>The lines of <see cref="DecisionsAsync"/> without the status (which cleaning moves on).</summary>
    private static string WithoutStatus(string decisions) =>
        string.Join("\n", decisions.Split('\n').Select(l => l.Split(':')).Select(f => string.Join(':', f.Take(1).Concat(f.Skip(2)))));

    private static async Task<long> CountAsync(DatabaseOptions database, string sql)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        return await db.Database.SqlQueryRaw<long>(sql.Replace("SELECT COUNT(", "SELECT CAST(COUNT(", StringComparison.Ordinal)
            .Replace(") FROM", ") AS BIGINT) AS \"Value\" FROM", StringComparison.Ordinal)).SingleAsync();
    }

    private static Process StartCli(IEnumerable<string> args, DatabaseOptions database, string vaultKey, IReadOnlyDictionary<string, string>? extra = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateTempSubdirectory("chatarchive-cli-").FullName,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chatarchive.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ChatArchive__Database__Provider"] = database.Provider.ToString();
        psi.Environment["ConnectionStrings__ChatArchive"] = database.ConnectionString;
        psi.Environment["ChatArchive__DataFolder"] = database.DataFolder;
        psi.Environment["ChatArchive__Sealing__VaultKey"] = vaultKey;
        psi.Environment["DOTNET_ENVIRONMENT"] = "Test";
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunCliAsync(IEnumerable<string> args, DatabaseOptions database, string vaultKey)
    {
        using var p = StartCli(args, database, vaultKey);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    private static readonly DepartmentPolicy Policy = new(ReadOutFrequency.Monthly, true, CleaningMode.Remove, KeepRawDataset: true, true);

    /// <summary>A fresh database with the registry, the server's settings, the sealing store and a read-out created in the service.</summary>
    private static async Task<(DatabaseOptions Database, Dictionary<string, string> Settings, SealingOptions Sealing, ReadOutService Service, long Officeholder,
        Actor Professional, long ReadOut)> ArrangeAsync(DatabaseProvider provider, string purpose, string instancePrefix)
    {
        var database = await TestDatabases.CreateAsync(provider, purpose);
        var vaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = ServerProcess.DevelopmentSettings(("ChatArchive__Sealing__VaultKey", vaultKey));
        var sealing = SealingOptions.FromLookup(k => k == SealingOptions.Section + ":VaultKey" ? vaultKey : null, database.DataFolder,
            embedded: provider == DatabaseProvider.Sqlite);
        ChatArchive.Sealing.Chain.ArchiveKey.LoadOrCreate(sealing.ArchiveKeyFile).Dispose();
        var service = new ReadOutService(database, new ReadOutModules { Classifier = MessageClassifier.Create(null), Vault = sealing.OpenVault(), Sealing = sealing });
        var (officeholder, professional) = await ArrangeRegistryAsync(database);
        var ro = (await service.CreateAsync(new CreateReadOut(new StepKey(instancePrefix + provider, "uitlezing"), officeholder, Channel, Policy,
            Roles.Officeholder, professional))).Id;
        return (database, settings, sealing, service, officeholder, professional, ro);
    }
}
