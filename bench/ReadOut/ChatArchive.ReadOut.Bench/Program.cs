using System.Diagnostics;
using System.Globalization;
using ChatArchive.Classification;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.ReadOut.Bench;
using ChatArchive.Sealing.Packaging;
using Microsoft.Extensions.Logging;
using Npgsql;

// Usage: ChatArchive.ReadOut.Bench <postgres|sqlite> [admin-connection-string] (settings from the environment, see run.sh)
// Drives the real ReadOutService (service level, no HTTP) through one read-out: upload → ingest → suggest, listing pages,
// bulk decisions, review of the rest, validation, cleaning (Verwijderen) and sealing. Prints one Markdown row per measure.
var provider = args.Length > 0 && args[0].StartsWith("p", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;
var messages = Env("MESSAGES", 100_000);
var conversations = Env("CONVERSATIONS", 200);
var big = Env("BIG", 10_000);
var seed = Env("SEED", 20241206);
var pageRuns = Env("PAGE_RUNS", 40);
var bulkRuns = Env("BULK_RUNS", 12);
var pgPid = Env("PG_PID", 0);
var dataFolder = Directory.CreateTempSubdirectory("chatarchive-bench-readout-").FullName;

DatabaseOptions db;
if (provider == DatabaseProvider.PostgreSql)
{
    var admin = args.Length > 1 ? args[1] : throw new ArgumentException("PostgreSQL needs an admin connection string");
    var name = "bench_readout_" + Guid.NewGuid().ToString("N")[..8];
    await using (var c = new NpgsqlConnection(admin))
    {
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE \"{name}\"";
        await cmd.ExecuteNonQueryAsync();
    }
    db = new DatabaseOptions(provider, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, dataFolder);
}
else
{
    db = new DatabaseOptions(provider, $"Data Source={Path.Combine(dataFolder, "bench.db")}", dataFolder);
}
await new DatabaseMigrator(db).MigrateAsync();

var p = provider == DatabaseProvider.PostgreSql ? "postgres" : "sqlite";
Console.Error.WriteLine($"[bench] {p}: generating {messages} messages in {conversations} conversations (seed {seed})");
var chats = Generator.Generate(messages, conversations, big, seed);

// Registry: one department, the officeholder and their user, an information professional.
long dept = await Scalar("INSERT INTO departments (code, name) VALUES ('BZK', 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties') RETURNING id");
long officeholder = await Scalar("INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, @n, 'Minister', @at) RETURNING id",
    ("d", dept), ("n", Generator.Officeholder), ("at", DateTimeOffset.UtcNow));
var professional = new Actor((await Scalar("INSERT INTO users (user_name, display_name, roles, department_id, officeholder_id, is_active) VALUES ('ip', 'ip', @r, @d, NULL, @t) RETURNING id",
    ("r", Roles.InformationProfessional), ("d", dept), ("t", true))).ToString(CultureInfo.InvariantCulture), Roles.InformationProfessional);
var ministerUser = new Actor((await Scalar("INSERT INTO users (user_name, display_name, roles, department_id, officeholder_id, is_active) VALUES ('bakker', 'bakker', @r, @d, @o, @t) RETURNING id",
    ("r", Roles.Officeholder), ("d", dept), ("o", officeholder), ("t", true))).ToString(CultureInfo.InvariantCulture), Roles.Officeholder);

var sealing = SealingOptions.FromLookup(_ => null, dataFolder, embedded: true);
var phases = new PhaseLog();
var service = new ReadOutService(db, new ReadOutModules { Classifier = MessageClassifier.Create(), Vault = sealing.OpenVault(), Sealing = sealing }, null, phases);
var queries = new ReadOutQueries(db, service);
var policy = new DepartmentPolicy(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true);
var rows = new List<string>();
var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];

// ---- 1. upload → suggestions ready ----------------------------------------------------------------------------
var ro = await service.CreateAsync(new CreateReadOut(new StepKey("bench-1", "uitlezing"), officeholder, "whatsapp", policy, Roles.Officeholder, professional));
var total = Measure.Start(pgPid);
var m = Measure.Start(pgPid);
await service.RegisterUploadsAsync(ro.Id, chats.Select(c => new ExportUpload(c.FileName, "whatsapp", new MemoryStream(c.Bytes))).ToList(), professional);
Row("upload (register 200 files)", m.Stop(), null);
m = Measure.Start(pgPid);
var ingest = await service.IngestAsync(ro.Id);
Row("ingest", m.Stop(), null);
m = Measure.Start(pgPid);
var suggest = await service.SuggestAsync(ro.Id, policy);
Row("suggest", m.Stop(), null);
Row("**upload → suggestions ready**", total.Stop(), "≤ 30 s");
if (ingest.New != messages || suggest.Suggested != messages) throw new InvalidOperationException($"expected {messages} messages, ingested {ingest.New}, suggested {suggest.Suggested}");

var convs = await queries.ConversationsAsync(ro.Id);
var bigConv = convs.Single(c => c.Messages == big);

// ---- 2. listing a page of 100 --------------------------------------------------------------------------------
var rnd = new Random(seed);
var pages = (int)(messages / 100);
Timed("page of 100, no filter (random page)", pageRuns, async () => await queries.MessagesAsync(ro.Id, new MessageQuery(Page: rnd.Next(1, pages + 1))), "≤ 300 ms p95");
Timed("page of 100, 10k conversation (random page)", pageRuns, async () => await queries.MessagesAsync(ro.Id, new MessageQuery(Page: rnd.Next(1, big / 100 + 1), ConversationId: bigConv.Id)), "≤ 300 ms p95");
Timed("page of 100, undecided, first page", pageRuns, async () => await queries.MessagesAsync(ro.Id, new MessageQuery(Undecided: true)), "≤ 300 ms p95");
Timed("page of 100, text search 'stikstof'", pageRuns / 4, async () => await queries.MessagesAsync(ro.Id, new MessageQuery(Text: "stikstof")), "(informative)");

// ---- 3. bulk decision on the 10,000-message conversation (alternating labels; ends Business) ------------------
var bulkLabel = bulkRuns % 2 == 0 ? MessageLabel.Private : MessageLabel.Business;
var target = bigConv.Id.ToString(CultureInfo.InvariantCulture);
Timed("bulk decision, 10k conversation", bulkRuns, async () =>
{
    bulkLabel = bulkLabel == MessageLabel.Business ? MessageLabel.Private : MessageLabel.Business;
    var r = await service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, target, bulkLabel, "bulk", professional));
    if (r.Decided != big) throw new InvalidOperationException($"bulk decided {r.Decided}");
}, "≤ 300 ms p95");
// One message of the bulk overridden on its own (the single path on a message with a long history).
var one = (await queries.MessagesAsync(ro.Id, new MessageQuery(ConversationId: bigConv.Id, PageSize: 1))).Items[0].Id.ToString(CultureInfo.InvariantCulture);
Timed("single decision in the 10k conversation", pageRuns / 4, async () =>
    await service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Message, one, MessageLabel.Business, null, professional)), "(informative)");

// ---- 4. the rest reviewed, offered, validated -----------------------------------------------------------------
var privateTitles = chats.Where(c => c.PrivateChat).Select(c => c.Contact).ToHashSet(StringComparer.Ordinal);
m = Measure.Start(pgPid);
foreach (var c in convs.Where(c => c.Id != bigConv.Id))
{
    var label = privateTitles.Any(t => c.Title.Contains(t, StringComparison.Ordinal)) ? MessageLabel.Private : MessageLabel.Business;
    await service.DecideAsync(ro.Id, new DecisionRequest(DecisionScope.Conversation, c.Id.ToString(CultureInfo.InvariantCulture), label, null, professional));
}
Row($"review of the other {convs.Count - 1} conversations (one bulk each)", m.Stop(), "(informative)");
m = Measure.Start(pgPid);
var offered = await service.OfferForValidationAsync(ro.Id, professional);
var marked = new List<long>();
for (var page = 1; ; page++)
{
    var pg = await queries.MessagesAsync(ro.Id, new MessageQuery(Page: page, PageSize: ReadOutQueries.MaxPageSize, AwaitingValidation: true, IncludeText: false));
    marked.AddRange(pg.Items.Select(i => i.Id));
    if (pg.Items.Count < ReadOutQueries.MaxPageSize) break;
}
if (marked.Count == 0) throw new InvalidOperationException("nothing marked: the generated data must hold private chats");
var validated = await service.ValidateAsync(ro.Id, new ValidationRequest(marked.Select(id => new MessageVerdict(id, true, null)).ToList(), ministerUser));
if (validated.Outcome != ValidationOutcome.Agreed) throw new InvalidOperationException("validation not agreed");
Row($"offer + validate {marked.Count} marked messages", m.Stop(), "(informative)");

// ---- 5. apply cleaning + seal ------------------------------------------------------------------------------------
total = Measure.Start(pgPid);
m = Measure.Start(pgPid);
var cleaned = await service.ApplyCleaningAsync(ro.Id, policy, professional);
Row($"apply cleaning ({cleaned.Removed} removed, {cleaned.Kept} kept)", m.Stop(), null);
m = Measure.Start(pgPid);
var sealedResult = await service.SealAsync(ro.Id, professional);
Row($"seal ({sealedResult.Packages.Count} package(s))", m.Stop(), null);
Row("**apply cleaning + seal**", total.Stop(), "≤ 20 s");
if (cleaned.Removed != marked.Count) throw new InvalidOperationException($"removed {cleaned.Removed}, marked {marked.Count}");

Console.WriteLine($"Read-out benchmark, {p}, {messages:N0} messages in {conversations} conversations (largest {big:N0}), seed {seed}; " +
    $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average at start {string.Join(' ', load)}, at end {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}; {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine("| measure | n | p50 ms | p95 ms | max ms | CPU s (bench) | CPU s (PostgreSQL) | goal |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var r in rows) Console.WriteLine(r);
Console.WriteLine();
Console.WriteLine("Phases logged by the service (ids and counts only):");
foreach (var l in phases.Lines) Console.WriteLine("    " + l);
try { Directory.Delete(dataFolder, true); } catch (IOException) { }
return 0;

void Row(string name, Measure.Result r, string? goal) =>
    rows.Add($"| {name} | 1 | {r.Ms:F0} | {r.Ms:F0} | {r.Ms:F0} | {r.Cpu:F2} | {(pgPid > 0 ? r.PgCpu.ToString("F2", CultureInfo.InvariantCulture) : "–")} | {goal ?? ""} |");

void Timed(string name, int n, Func<Task> run, string goal)
{
    run().GetAwaiter().GetResult(); // warm-up, not counted
    var times = new List<double>(n);
    var all = Measure.Start(pgPid);
    for (var i = 0; i < n; i++)
    {
        var sw = Stopwatch.StartNew();
        run().GetAwaiter().GetResult();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    var r = all.Stop();
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    rows.Add($"| {name} | {n} | {P(0.5):F0} | {P(0.95):F0} | {times[^1]:F0} | {r.Cpu / n:F3}/op | {(pgPid > 0 ? (r.PgCpu / n).ToString("F3", CultureInfo.InvariantCulture) + "/op" : "–")} | {goal} |");
}

async Task<long> Scalar(string sql, params (string, object?)[] ps)
{
    await using var conn = DatabaseSetup.CreateConnection(db);
    await conn.OpenAsync();
    await using var cmd = conn.CreateCommand();
    cmd.CommandText = sql;
    foreach (var (n, v) in ps)
    {
        var prm = cmd.CreateParameter();
        prm.ParameterName = "@" + n;
        prm.Value = v ?? DBNull.Value;
        cmd.Parameters.Add(prm);
    }
    return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

/// <summary>Wall time, this process's CPU time and the PostgreSQL server's CPU time (postmaster and its backends, from /proc).</summary>
internal readonly record struct Measure(Stopwatch Watch, TimeSpan Cpu, double PgCpu, int PgPid)
{
    public readonly record struct Result(double Ms, double Cpu, double PgCpu);

    public static Measure Start(int pgPid) => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime, PgSeconds(pgPid), pgPid);

    public Result Stop() => new(Watch.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalSeconds, PgSeconds(PgPid) - PgCpu);

    private static double PgSeconds(int pid)
    {
        if (pid <= 0) return 0;
        const double tick = 100.0; // USER_HZ on Linux
        double sum = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var id)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] is field 3 (state)
            var ppid = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (id == pid) sum += (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture) + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture)) / tick;
            else if (ppid == pid) sum += (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / tick;
        }
        return sum;
    }
}

/// <summary>Collects the service's log lines (ids and counts only) so the phases of a slow step can be read.</summary>
internal sealed class PhaseLog : ILogger<ReadOutService>
{
    public List<string> Lines { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {formatter(state, exception)}";
        Lines.Add(line);
        Console.Error.WriteLine("[svc] " + line);
    }
}
