using System.Diagnostics;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using Npgsql;

// Usage: ChatArchive.Audit.Bench <postgres-admin-connection-string> [events (default 5000)] [writers (default 8)]
// Creates a fresh database, migrates it, appends the events from the writers at once (one chain), verifies the chain,
// and prints events/s and the p50/p95/p99 latency of one RecordAsync call. Target: >= 1,000 events/s on PostgreSQL.
var admin = args.Length > 0 ? args[0] : throw new ArgumentException("connection string required");
var total = args.Length > 1 ? int.Parse(args[1]) : 5000;
var writers = args.Length > 2 ? int.Parse(args[2]) : 8;
var name = $"auditbench_{Guid.NewGuid():N}"[..24];
await using (var c = new NpgsqlConnection(admin))
{
    await c.OpenAsync();
    await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
    await cmd.ExecuteNonQueryAsync();
}
var db = new DatabaseOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, Path.GetTempPath());
await new DatabaseMigrator(db).MigrateAsync();
var trail = new AuditTrail(db, TimeProvider.System);
await trail.RecordAsync(new AuditEventInput("warm-up", "administrator", null, "bench", "bench", "0")); // pool and JIT

var latencies = new double[total];
var next = -1;
var sw = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        var t = Stopwatch.GetTimestamp();
        await trail.RecordAsync(new AuditEventInput($"user-{w}", "information-professional", "BZK", AuditActions.RegistryUpdate, "contacts", i.ToString()));
        latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }
})));
sw.Stop();
Array.Sort(latencies);
double P(double q) => latencies[Math.Min(total - 1, (int)(q * total))];
var rows = new List<AuditEvent>();
await foreach (var e in trail.ReadAllAsync()) rows.Add(e);
var problems = AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]);
Console.WriteLine($"| events | writers | seconds | events/s | p50 ms | p95 ms | p99 ms | chain |");
Console.WriteLine($"|---|---|---|---|---|---|---|---|");
Console.WriteLine($"| {total} | {writers} | {sw.Elapsed.TotalSeconds:F2} | {total / sw.Elapsed.TotalSeconds:F0} | {P(0.50):F2} | {P(0.95):F2} | {P(0.99):F2} | {(problems.Count == 0 && rows.Count == total + 1 ? "valid" : $"{problems.Count} problems")} |");
