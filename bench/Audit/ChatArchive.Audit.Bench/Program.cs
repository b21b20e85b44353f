using System.Diagnostics;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using Npgsql;

// Usage: ChatArchive.Audit.Bench <postgres-admin-connection-string> [events (default 5000)] [writers (default 8)]
//        [mode: journal (default) | table] [rate per second (default 1000; 0 = as fast as possible)] [journal folder]
// Creates a fresh database, migrates it, and appends the events from the writers (one chain), then verifies the chain.
// journal: what a request awaits in the server (AuditJournal.AppendAsync: a fsynced local journal, chained into the table
//          by a background writer); table: AuditTrail.RecordAsync (chained before it returns).
// The load is open: event i is due at i / rate seconds; its latency is measured from when the writer starts the call.
// Prints events/s offered and chained, the p50/p95/p99 of one call, and how long the chain took to catch up.
// Targets: 1,000 events/s on PostgreSQL; at most 1 ms p95 added to the request.
var admin = args.Length > 0 ? args[0] : throw new ArgumentException("connection string required");
var total = args.Length > 1 ? int.Parse(args[1]) : 5000;
var writers = args.Length > 2 ? int.Parse(args[2]) : 8;
var mode = args.Length > 3 ? args[3] : "journal";
var rate = args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var folder = args.Length > 5 ? args[5] : Path.Combine(Path.GetTempPath(), $"audit-bench-journal-{Guid.NewGuid():N}");
var name = $"auditbench_{Guid.NewGuid():N}"[..24];
await using (var c = new NpgsqlConnection(admin))
{
    await c.OpenAsync();
    await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
    await cmd.ExecuteNonQueryAsync();
}
var db = new DatabaseOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, Path.GetTempPath());
await new DatabaseMigrator(db).MigrateAsync();
AuditJournal? journal = mode == "journal" ? new AuditJournal(db, TimeProvider.System, folder) : null;
IAuditTrail trail = journal ?? (IAuditTrail)new AuditTrail(db, TimeProvider.System);
for (var w = 0; w < 20; w++) await trail.RecordAsync(new AuditEventInput("warm-up", "administrator", null, "bench", "bench", w.ToString())); // pool and JIT
const int warmUp = 20;

var latencies = new double[total];
var queued = new double[total];
var writeSync = new double[total];
var resume = new double[total];
var batchSizes = new int[total];
var next = -1;
var gcPauseBefore = GC.GetTotalPauseDuration();
var gen0Before = GC.CollectionCount(0);
var gen2Before = GC.CollectionCount(2);
var maxPending = 0L;
var maxThreads = 0;
using var probe = new Timer(_ =>
{
    // Thread-pool pressure while the load runs: work items waiting for a thread, and how many threads the pool has.
    var pending = ThreadPool.PendingWorkItemCount;
    if (pending > Interlocked.Read(ref maxPending)) Interlocked.Exchange(ref maxPending, pending);
    if (ThreadPool.ThreadCount > maxThreads) maxThreads = ThreadPool.ThreadCount;
}, null, 0, 5);
var sw = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        if (rate > 0)
        {
            var due = TimeSpan.FromSeconds(i / rate) - sw.Elapsed;
            if (due > TimeSpan.FromMilliseconds(1)) await Task.Delay(due);
            else if (due > TimeSpan.Zero) SpinWait.SpinUntil(() => sw.Elapsed >= TimeSpan.FromSeconds(i / rate));
        }
        var t = Stopwatch.GetTimestamp();
        var input = new AuditEventInput($"user-{w}", "information-professional", "BZK", AuditActions.RegistryUpdate, "contacts", i.ToString());
        if (journal is not null)
        {
            var trace = await journal.AppendTracedAsync(input);
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            queued[i] = trace.QueuedTicks * 1000.0 / Stopwatch.Frequency;
            writeSync[i] = trace.WriteSyncTicks * 1000.0 / Stopwatch.Frequency;
            resume[i] = trace.ResumeTicks * 1000.0 / Stopwatch.Frequency;
            batchSizes[i] = trace.BatchSize;
        }
        else
        {
            await trail.AppendAsync(input);
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
    }
})));
var offered = sw.Elapsed;
if (journal is not null) await journal.FlushAsync();
var chained = sw.Elapsed;
var gcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
var gen0 = GC.CollectionCount(0) - gen0Before;
var gen2 = GC.CollectionCount(2) - gen2Before;
// Where the slowest 5 % of the calls spent their time (mean over those calls), before sorting the totals.
var slow = Enumerable.Range(0, total).OrderByDescending(i => latencies[i]).Take(Math.Max(1, total / 20)).ToList();
Array.Sort(latencies);
double P(double q) => latencies[Math.Min(total - 1, (int)(q * total))];
var rows = new List<AuditEvent>();
await foreach (var e in trail.ReadAllAsync()) rows.Add(e);
var problems = AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]);
Console.WriteLine($"| mode | events | writers | rate asked | seconds | events/s chained | chain behind at end (ms) | p50 ms | p95 ms | p99 ms | chain |");
Console.WriteLine($"|---|---|---|---|---|---|---|---|---|---|---|");
Console.WriteLine($"| {mode} | {total} | {writers} | {(rate > 0 ? rate.ToString("F0") : "max")} | {chained.TotalSeconds:F2} | {total / chained.TotalSeconds:F0} | {(chained - offered).TotalMilliseconds:F0} | {P(0.50):F3} | {P(0.95):F3} | {P(0.99):F3} | {(problems.Count == 0 && rows.Count == total + warmUp ? "valid" : $"{problems.Count} problems, {rows.Count} rows")} |");
if (journal is not null)
{
    await journal.DisposeAsync();
    Console.WriteLine($"journal folder {folder}: {Directory.EnumerateFiles(folder).Count()} file(s) left after a clean stop");
}
if (journal is not null)
{
    static double Q(double[] values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
    Console.WriteLine();
    Console.WriteLine("Where the time of one append went (ms): queued = waiting for its write to start (behind the fsync in progress);");
    Console.WriteLine("write+fsync = the batch's write and flush (fdatasync on Linux); resume = from the fsync's end until the caller ran again (continuation hop, pool queue).");
    Console.WriteLine("| part | p50 | p95 | p99 | mean over the slowest 5 % of calls |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (label, values) in new[] { ("queued", queued), ("write+fsync", writeSync), ("resume", resume) })
    {
        Console.WriteLine($"| {label} | {Q(values, 0.5):F3} | {Q(values, 0.95):F3} | {Q(values, 0.99):F3} | {slow.Average(i => values[i]):F3} |");
    }
    Console.WriteLine($"batch size p50 {Q(batchSizes.Select(b => (double)b).ToArray(), 0.5):F0}, p95 {Q(batchSizes.Select(b => (double)b).ToArray(), 0.95):F0} (one write and one flush each, on the journal's flusher thread)");
    Console.WriteLine($"GC during the load: {gen0} gen0, {gen2} gen2 collections, {gcPause.TotalMilliseconds:F1} ms paused; thread pool: up to {maxThreads} threads, up to {Interlocked.Read(ref maxPending)} work items waiting");
}
