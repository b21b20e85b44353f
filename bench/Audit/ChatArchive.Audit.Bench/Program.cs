using System.Diagnostics;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using Npgsql;

// Usage: ChatArchive.Audit.Bench <postgres-admin-connection-string> [events (default 5000)] [writers (default 8)]
//        [mode: journal (default) | table | overlap | sequential | tx | write-journal | write-tx] [rate per second (default 1000; 0 = as fast as possible)] [journal folder | -]
//        [request's own work in ms for overlap (default 2)]
// Creates a fresh database, migrates it, and appends the events from the writers (one chain), then verifies the chain.
// journal: what a request awaits in the server (AuditJournal.AppendAsync: a fsynced local journal, chained into the table
//          by a background writer); table: AuditTrail.RecordAsync (chained before it returns).
// The load is open: event i is due at i / rate seconds; its latency is measured from when the writer starts the call.
// overlap: a content read as the server does it now (AuditBeforeAnswer): the append is started, the request does its own
//          work (a PostgreSQL round trip of that many ms: pg_sleep), and only then waits for the append; the figure is the
//          time the request waited after its own work, i.e. the time the audit added to it. sequential: the way before, the
//          same work done after the awaited append; the figure is the append (all of it is added to the request).
// tx:      a write request that has its own transaction: the event is one more row in that transaction (a pending-events
//          table, as a chain writer would drain it), committed with the request's own row by the one commit the request
//          makes anyway; the figure is the time of that extra INSERT (not chained: the design's cost, measured before building it).
// write-journal / write-tx: a write request with its own transaction (one row of its own, committed), the way before and
//          the way now. write-journal: after its commit the request awaits the event's journal append (AuditJournal.AppendAsync);
//          the figure is that wait. write-tx: the event is a row of audit_staged in the request's transaction
//          (AuditInTransaction.InsertAsync, before the commit the request makes anyway), chained after the commit by the
//          journal's chainer (NotifyStaged, as the server does); the figure is that INSERT. Both print the request's commit
//          and whole time as well (from its BEGIN to the end of what it awaits), and verify the chain at the end.
// write-lock: the alternative to write-tx measured for the choice: the chain's lock taken in the request's transaction and
//          held to its commit, the row chained there (head, hash, INSERT); the figure is lock wait + head + INSERT.
// write-none / write-batch (/ write-batch-held, below): the added time of the event sent in the same batch as the request's own row (as the server
//          does now: Entity Framework's SaveChanges with the staged row added, a read-out session's first write with the row
//          appended to its batch; AuditInTransaction.AddStaged). The figure is the write's round trip: its own row alone
//          (write-none, no event: the baseline) or its own row and the event in one batch (write-batch); the added time is
//          the difference of the two runs' figures, and of their request times.
// Prints events/s offered and chained, the p50/p95/p99 of one call, and how long the chain took to catch up.
// Targets: 1,000 events/s on PostgreSQL; at most 1 ms p95 added to the request.
var admin = args.Length > 0 ? args[0] : throw new ArgumentException("connection string required");
var total = args.Length > 1 ? int.Parse(args[1]) : 5000;
var writers = args.Length > 2 ? int.Parse(args[2]) : 8;
var mode = args.Length > 3 ? args[3] : "journal";
var rate = args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var folder = args.Length > 5 && args[5] != "-" ? args[5] : Path.Combine(Path.GetTempPath(), $"audit-bench-journal-{Guid.NewGuid():N}");
var workMs = args.Length > 6 ? double.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture) : 2;
var name = $"auditbench_{Guid.NewGuid():N}"[..24];
await using (var c = new NpgsqlConnection(admin))
{
    await c.OpenAsync();
    await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
    await cmd.ExecuteNonQueryAsync();
}
var db = new DatabaseOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, Path.GetTempPath());
await new DatabaseMigrator(db).MigrateAsync();
var write = mode is "write-journal" or "write-tx" or "write-lock" or "write-none" or "write-batch" or "write-batch-held";
// write-batch-held: as write-batch with the chainer held off until the end (not woken, no poll): what the chainer's work
// beside the writes (its connections, its commits) adds to them.
AuditJournal? journal = mode is "journal" or "overlap" or "sequential" || write
    ? new AuditJournal(db, TimeProvider.System, folder, stagedChainInterval: mode == "write-batch-held" ? TimeSpan.FromHours(1) : null) : null;
var overlap = mode == "overlap";
IAuditTrail trail = journal ?? (IAuditTrail)new AuditTrail(db, TimeProvider.System);
for (var w = 0; w < 20; w++) await trail.RecordAsync(new AuditEventInput("warm-up", "administrator", null, "bench", "bench", w.ToString())); // pool and JIT
const int warmUp = 20;
// The requests' own database work (overlap and sequential modes) goes through a pool of its own.
await using var own = NpgsqlDataSource.Create(db.ConnectionString);
if (write)
{
    await using var connection = await own.OpenConnectionAsync();
    await using var create = new NpgsqlCommand("CREATE TABLE bench_request_rows (id BIGSERIAL PRIMARY KEY, v INT NOT NULL)", connection);
    await create.ExecuteNonQueryAsync();
}
var commits = new double[total];
var requests = new double[total];
if (mode == "tx")
{
    await using var connection = await own.OpenConnectionAsync();
    await using var create = new NpgsqlCommand(
        "CREATE TABLE bench_request_rows (id BIGSERIAL PRIMARY KEY, v INT NOT NULL); " +
        "CREATE TABLE bench_audit_pending (id BIGSERIAL PRIMARY KEY, actor TEXT NOT NULL, role TEXT NOT NULL, department TEXT NULL, action TEXT NOT NULL, " +
        "object_type TEXT NOT NULL, object_id TEXT NOT NULL, outcome TEXT NOT NULL, at TIMESTAMPTZ NOT NULL)", connection);
    await create.ExecuteNonQueryAsync();
}
async Task OwnWorkAsync()
{
    await using var connection = await own.OpenConnectionAsync();
    await using var work = new NpgsqlCommand("SELECT pg_sleep(@s)", connection);
    work.Parameters.AddWithValue("s", workMs / 1000.0);
    await work.ExecuteNonQueryAsync();
}

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
        if (write)
        {
            var begin = Stopwatch.GetTimestamp();
            await using (var connection = await own.OpenConnectionAsync())
            await using (var tx = await connection.BeginTransactionAsync())
            {
                if (mode is "write-none" or "write-batch" or "write-batch-held")
                {
                    // The request's own row, and in write-batch the event's staged row in the same round trip.
                    t = Stopwatch.GetTimestamp();
                    await using var batch = new NpgsqlBatch(connection, tx);
                    var row = new NpgsqlBatchCommand("INSERT INTO bench_request_rows (v) VALUES (@v)");
                    row.Parameters.AddWithValue("v", i);
                    batch.BatchCommands.Add(row);
                    if (mode != "write-none") AuditInTransaction.AddStaged(batch, input, DateTimeOffset.UtcNow);
                    await batch.ExecuteNonQueryAsync();
                    latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
                else
                {
                    await using var row = new NpgsqlCommand("INSERT INTO bench_request_rows (v) VALUES (@v)", connection, tx);
                    row.Parameters.AddWithValue("v", i);
                    await row.ExecuteNonQueryAsync();
                }
                if (mode == "write-tx")
                {
                    t = Stopwatch.GetTimestamp();
                    await AuditInTransaction.InsertAsync(connection, tx, input, DateTimeOffset.UtcNow, CancellationToken.None);
                    latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
                else if (mode == "write-lock")
                {
                    // The alternative: a sequencer lock taken in the request's transaction and held to its commit; the event
                    // is chained at once (head read, hash, row). Every write then waits for the commit of the one before it.
                    t = Stopwatch.GetTimestamp();
                    await using (var l = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AuditTrail.ChainLockKey})", connection, tx)) await l.ExecuteNonQueryAsync();
                    long seq = 0;
                    var previous = AuditChain.Genesis;
                    await using (var h = new NpgsqlCommand("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1", connection, tx))
                    await using (var r = await h.ExecuteReaderAsync())
                    {
                        if (await r.ReadAsync()) (seq, previous) = (r.GetInt64(0), r.GetString(1));
                    }
                    var at = AuditChain.Truncate(DateTimeOffset.UtcNow);
                    var hash = AuditChain.Hash(seq + 1, at, input.Actor, input.Role, input.Department, input.Action, input.ObjectType, input.ObjectId, input.Outcome, previous);
                    await using (var ins = new NpgsqlCommand("INSERT INTO audit_events (seq, at, actor, role, department, action, object_type, object_id, outcome, previous_hash, hash) " +
                        "VALUES (@s, @t, @a, @r, @d, @x, @ot, @oi, @o, @p, @h)", connection, tx))
                    {
                        ins.Parameters.AddWithValue("s", seq + 1);
                        ins.Parameters.AddWithValue("t", at.UtcDateTime);
                        ins.Parameters.AddWithValue("a", input.Actor);
                        ins.Parameters.AddWithValue("r", input.Role);
                        ins.Parameters.AddWithValue("d", input.Department!);
                        ins.Parameters.AddWithValue("x", input.Action);
                        ins.Parameters.AddWithValue("ot", input.ObjectType);
                        ins.Parameters.AddWithValue("oi", input.ObjectId);
                        ins.Parameters.AddWithValue("o", input.Outcome);
                        ins.Parameters.AddWithValue("p", previous);
                        ins.Parameters.AddWithValue("h", hash);
                        await ins.ExecuteNonQueryAsync();
                    }
                    latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
                var c = Stopwatch.GetTimestamp();
                await tx.CommitAsync();
                commits[i] = Stopwatch.GetElapsedTime(c).TotalMilliseconds;
            }
            if (mode is "write-tx" or "write-batch")
            {
                journal!.NotifyStaged();
            }
            else if (mode == "write-journal")
            {
                t = Stopwatch.GetTimestamp();
                await journal!.AppendAsync(input);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
            requests[i] = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
        }
        else if (mode == "tx")
        {
            await using var connection = await own.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using (var write = new NpgsqlCommand("INSERT INTO bench_request_rows (v) VALUES (@v)", connection, tx))
            {
                write.Parameters.AddWithValue("v", i);
                await write.ExecuteNonQueryAsync();
            }
            t = Stopwatch.GetTimestamp();
            await using (var audit = new NpgsqlCommand(
                "INSERT INTO bench_audit_pending (actor, role, department, action, object_type, object_id, outcome, at) VALUES (@a, @r, @d, @x, @t, @o, 'success', now())",
                connection, tx))
            {
                audit.Parameters.AddWithValue("a", input.Actor);
                audit.Parameters.AddWithValue("r", input.Role);
                audit.Parameters.AddWithValue("d", input.Department!);
                audit.Parameters.AddWithValue("x", input.Action);
                audit.Parameters.AddWithValue("t", input.ObjectType);
                audit.Parameters.AddWithValue("o", input.ObjectId);
                await audit.ExecuteNonQueryAsync();
            }
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            await tx.CommitAsync();
        }
        else if (journal is not null)
        {
            var append = journal.AppendTracedAsync(input);
            if (overlap)
            {
                // The request's own work runs while the journal flushes; only what is left of the append after it counts.
                await OwnWorkAsync();
                t = Stopwatch.GetTimestamp();
            }
            var trace = await append;
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (mode == "sequential") await OwnWorkAsync(); // the same work after the append, as the request did before
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
Console.WriteLine($"| {mode} | {total} | {writers} | {(rate > 0 ? rate.ToString("F0") : "max")} | {chained.TotalSeconds:F2} | {total / chained.TotalSeconds:F0} | {(chained - offered).TotalMilliseconds:F0} | {P(0.50):F3} | {P(0.95):F3} | {P(0.99):F3} | {(mode == "tx" ? "not chained (tx)" : mode == "write-none" ? (rows.Count == warmUp && problems.Count == 0 ? "no events (baseline)" : $"{rows.Count} rows") : problems.Count == 0 && rows.Count == total + warmUp ? "valid" : $"{problems.Count} problems, {rows.Count} rows")} |");
if (write)
{
    // The request as a whole (BEGIN to the end of what it awaits) and its commit alone, in the same run.
    Console.WriteLine($"| {mode} commit | p50 {Q(commits, 0.5):F3} | p95 {Q(commits, 0.95):F3} | p99 {Q(commits, 0.99):F3} |");
    Console.WriteLine($"| {mode} request | p50 {Q(requests, 0.5):F3} | p95 {Q(requests, 0.95):F3} | p99 {Q(requests, 0.99):F3} |");
}
if (journal is not null)
{
    await journal.DisposeAsync();
    Console.WriteLine($"journal folder {folder}: {Directory.EnumerateFiles(folder).Count()} file(s) left after a clean stop");
}
if (journal is not null)
{
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

// The q-quantile of the values (a sorted copy).
static double Q(double[] values, double q)
{
    var sorted = values.ToArray();
    Array.Sort(sorted);
    return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
