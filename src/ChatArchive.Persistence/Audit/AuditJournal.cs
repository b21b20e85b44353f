using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace ChatArchive.Persistence.Audit;

/// <summary>
/// The server's audit trail: a request's event is appended to a local journal file and flushed to disk before
/// <see cref="AppendAsync"/> returns, so an acknowledged event survives a crash; a background writer then chains the
/// journal's entries into <c>audit_events</c> in batches (<see cref="AuditTrail.WriteBatchAsync"/>, one transaction
/// under the chain lock) and records in the same transaction how far it got (<c>audit_journal_marks</c>). On start the
/// writer first replays the journals a crashed process left behind (entries after their mark, oldest file first), so
/// nothing is lost and nothing is chained twice.
/// <para>
/// Group commit on a dedicated flusher thread: a caller only queues its entry and awaits it; the flusher writes every
/// entry waiting at that moment in one write and one flush, then acknowledges them all. Request threads never block in
/// the flush. Journal files are pre-allocated (filled with zero bytes and fully synced when made, the next one made ahead
/// in the background), so an append overwrites blocks the file already has and the flush is an <c>fdatasync</c> on
/// Linux (data only: no size or block map to journal). Replay reads up to the first zero byte.
/// </para>
/// <para>
/// Journal files are named after the database they belong to (a fingerprint of provider and connection string without
/// password), so a folder shared by test servers or nodes never replays one database's events into another. Each file
/// is held open exclusively by its process (on Linux an advisory lock): a live process's journal is never replayed by
/// another. The folder must be on local, persistent disk (<c>ChatArchive:Audit:JournalFolder</c>, default
/// <c>&lt;DataFolder&gt;/audit-journal</c>); a file is deleted once all its entries are chained.
/// </para>
/// <para>
/// An entry's instant is the moment it was appended; within one process instants never decrease. Entries of several
/// processes may reach the chain slightly out of time order; the chain itself (sequence and previous hash) is the order.
/// </para>
/// </summary>
public sealed class AuditJournal : IAuditTrail, IAsyncDisposable
{
    public const string FolderKey = "ChatArchive:Audit:JournalFolder";
    public const string ChainIntervalKey = "ChatArchive:Audit:ChainInterval";

    /// <summary>The least time between two chainings of staged events by this node's chainer (default 0: at once; tests of a crash set it long).</summary>
    public const string StagedChainIntervalKey = "ChatArchive:Audit:StagedChainInterval";

    /// <summary>The size of a journal file (pre-allocated); a batch that does not fit goes into the next file.</summary>
    public const long RotateBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Without a <see cref="ChainIntervalKey"/>, the chainer starts a transaction at most this often: a steady load is
    /// chained in batches of this much time, an event after a quiet spell at once.
    /// </summary>
    public static readonly TimeSpan ChainSpacing = TimeSpan.FromMilliseconds(10);

    private readonly AuditTrail table;
    private readonly DatabaseOptions options;
    private readonly TimeProvider clock;
    private readonly TimeSpan chainInterval;
    private readonly string fingerprint;
    private readonly long segmentBytes;
    private readonly object gate = new();
    private List<Entry> toWrite = [];
    private readonly Queue<Entry> toChain = new();
    private readonly HashSet<string> ownPaths = [];
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task chainer;
    private readonly Thread flusher;
    private readonly TaskCompletionSource flusherDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool flusherIdle;
    private bool closing;
    private Segment current;
    private Task<Segment>? spare;
    private DateTimeOffset lastAt = DateTimeOffset.MinValue;
    private Entry? lastAppended;

    /// <param name="segmentBytes">Size of one journal file (default <see cref="RotateBytes"/>; small in tests of rotation).</param>
    public AuditJournal(DatabaseOptions options, TimeProvider clock, string folder, TimeSpan? chainInterval = null, long? segmentBytes = null,
        TimeSpan? stagedChainInterval = null)
    {
        this.stagedChainInterval = stagedChainInterval ?? TimeSpan.Zero;
        lastStagedChain = System.Diagnostics.Stopwatch.GetTimestamp();
        this.options = options;
        this.clock = clock;
        this.chainInterval = chainInterval ?? TimeSpan.Zero;
        this.segmentBytes = segmentBytes ?? RotateBytes;
        ArgumentOutOfRangeException.ThrowIfLessThan(this.segmentBytes, 1024L, nameof(segmentBytes));
        table = new AuditTrail(options, clock);
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        fingerprint = Fingerprint(options);
        current = OpenSegment();
        flusher = new Thread(FlusherLoop) { IsBackground = true, Name = "audit-journal-flusher" };
        flusher.Start();
        chainer = Task.Run(ChainLoopAsync);
    }

    /// <summary>ChatArchive:Audit:JournalFolder (default DataFolder/audit-journal) and ChatArchive:Audit:ChainInterval (default 0).</summary>
    public static AuditJournal FromLookup(Func<string, string?> lookup, DatabaseOptions options, TimeProvider clock)
    {
        var folder = lookup(FolderKey) is { Length: > 0 } f ? f : Path.Combine(options.DataFolder, "audit-journal");
        var interval = lookup(ChainIntervalKey) is { Length: > 0 } i ? TimeSpan.Parse(i, CultureInfo.InvariantCulture) : TimeSpan.Zero;
        var staged = lookup(StagedChainIntervalKey) is { Length: > 0 } st ? TimeSpan.Parse(st, CultureInfo.InvariantCulture) : TimeSpan.Zero;
        return new AuditJournal(options, clock, folder, interval, stagedChainInterval: staged);
    }

    public string Folder { get; }

    /// <summary>
    /// How often the chainer looks for staged events without being told of one (<c>audit_staged</c>: written in their
    /// request's own transaction by another node, or left by a process that died between its commit and the chaining).
    /// </summary>
    public static readonly TimeSpan StagedPoll = TimeSpan.FromSeconds(1);

    private int stagedHint = 1; // at start: rows a crashed process left
    private readonly TimeSpan stagedChainInterval;
    private long lastStagedChain;

    /// <summary>A transaction that carries an audit event committed (<see cref="AuditInTransaction"/>): chain it soon.</summary>
    public void NotifyStaged()
    {
        Volatile.Write(ref stagedHint, 1);
        try
        {
            wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // stopped: the next start chains it
        }
    }

    /// <summary>Arms <paramref name="input"/> to ride in the next committing write transaction of this async flow.</summary>
    public AuditInTransaction ArmInTransaction(AuditEventInput input) => AuditInTransaction.Arm(input, clock, NotifyStaged);

    /// <summary>Entries replayed from journals a crashed process left behind (at start-up).</summary>
    public int Recovered { get; private set; }

    /// <summary>Lines of left-behind journals that could not be read (a write torn by the crash: never acknowledged).</summary>
    public int TornLines { get; private set; }

    /// <summary>Done once the left-behind journals are replayed.</summary>
    public Task Recovery => recovery.Task;

    /// <summary>The last failure of the background writer (null after a success): the database was unreachable.</summary>
    public Exception? LastChainError { get; private set; }

    private readonly TaskCompletionSource recovery = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task AppendAsync(AuditEventInput input, CancellationToken ct = default)
    {
        var entry = Enqueue(input);
        await entry.Durable.Task.WaitAsync(ct);
    }

    /// <summary>
    /// <see cref="AppendAsync"/> with where the time went (for the benchmark): waiting for the write to start (queued
    /// behind the fsync in progress), the write and fsync of the batch, and from the fsync's end to the caller running
    /// again (the continuation's hop to a pool thread). Stopwatch ticks.
    /// </summary>
    public async Task<AppendTrace> AppendTracedAsync(AuditEventInput input, CancellationToken ct = default)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var entry = Enqueue(input);
        await entry.Durable.Task.WaitAsync(ct);
        var resumed = System.Diagnostics.Stopwatch.GetTimestamp();
        return new AppendTrace(entry.WriteStart - start, entry.Synced - entry.WriteStart, resumed - entry.Synced, entry.BatchSize);
    }

    /// <summary>Appends and waits until the event is chained; returns it as stored.</summary>
    public async Task<AuditEvent> RecordAsync(AuditEventInput input, CancellationToken ct = default)
    {
        var entry = Enqueue(input);
        return await entry.Chained.Task.WaitAsync(ct);
    }

    /// <summary>Waits until every event appended so far is chained (reads see the caller's own events).</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        Entry? last;
        lock (gate) last = lastAppended;
        if (last is not null)
        {
            try
            {
                await last.Chained.Task.WaitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // that event failed; its caller was told
            }
        }
        // Events committed in their writes' transactions before this call are chained before it returns.
        await table.ChainStagedAsync(ct);
    }

    public async Task<AuditEvent?> HeadAsync(CancellationToken ct = default)
    {
        await FlushAsync(ct);
        return await table.HeadAsync(ct);
    }

    public async IAsyncEnumerable<AuditEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await FlushAsync(ct);
        await foreach (var e in table.ReadAllAsync(ct)) yield return e;
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        await FlushAsync(ct);
        return await table.QueryAsync(query, ct);
    }

    private Entry Enqueue(AuditEventInput input)
    {
        AuditTrail.Validate(input);
        lock (gate)
        {
            if (closing || stopping.IsCancellationRequested) throw new ObjectDisposedException(nameof(AuditJournal));
            var now = AuditChain.Truncate(clock.GetUtcNow());
            lastAt = now > lastAt ? now : lastAt;
            var entry = new Entry(input, lastAt);
            toWrite.Add(entry);
            lastAppended = entry;
            if (flusherIdle) Monitor.Pulse(gate);
            return entry;
        }
    }

    /// <summary>
    /// The flusher thread: takes everything queued, writes it in one write and flushes it (group commit), acknowledges
    /// the batch and hands it to the chainer; sleeps when nothing is queued. Ends once closing and nothing is left.
    /// </summary>
    private void FlusherLoop()
    {
        var batch = new List<Entry>();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (true)
            {
                Segment segment;
                lock (gate)
                {
                    while (toWrite.Count == 0)
                    {
                        if (closing) return;
                        flusherIdle = true;
                        Monitor.Wait(gate);
                        flusherIdle = false;
                    }
                    (batch, toWrite) = (toWrite, batch);
                }
                buffer.ResetWrittenCount();
                var writeStart = System.Diagnostics.Stopwatch.GetTimestamp();
                Segment? next = null;
                try
                {
                    segment = current;
                    var first = segment.Position + 1;
                    foreach (var e in batch)
                    {
                        e.WriteStart = writeStart;
                        e.BatchSize = batch.Count;
                        e.Segment = segment;
                        e.Position = first++;
                        WriteLine(buffer, e);
                    }
                    // With less room left than the headroom after this write, the next batch goes into the spare file.
                    // A batch larger than the room left grows the file; fdatasync then also writes the new size.
                    if (segment.Capacity - segment.Offset - buffer.WrittenCount < Headroom) next = TakeSpare();
                    RandomAccess.Write(segment.Handle, buffer.WrittenSpan, segment.Offset);
                    JournalDisk.DataSync(segment.Handle);
                    segment.Offset += buffer.WrittenCount;
                    segment.Position = first - 1;
                }
                catch (Exception ex)
                {
                    foreach (var e in batch)
                    {
                        e.Durable.TrySetException(ex);
                        e.Chained.TrySetException(ex);
                    }
                    batch.Clear();
                    // The file may end in a torn line: continue in a new one (the old one is replayed at the next start).
                    next ??= TakeSpare();
                    if (next is not null)
                    {
                        lock (gate) current = next;
                    }
                    continue;
                }
                lock (gate)
                {
                    foreach (var e in batch) toChain.Enqueue(e);
                    if (next is not null)
                    {
                        // Retired in the same step as its last entries are handed over: the chainer that chains them
                        // knows the file is complete and deletes it.
                        segment.Retired = true;
                        current = next;
                    }
                }
                var synced = System.Diagnostics.Stopwatch.GetTimestamp();
                foreach (var e in batch)
                {
                    e.Synced = synced;
                    e.Durable.TrySetResult(); // the caller continues on a pool thread, never on this one
                }
                batch.Clear();
                wake.Release();
                // The next file is made ahead, once this one is half full, so a rotation rarely waits for it.
                if (spare is null && current.Offset > current.Capacity / 2) PrepareSpare();
            }
        }
        finally
        {
            flusherDone.TrySetResult();
        }
    }

    /// <summary>Room kept free at a file's end: with less left after a write, the next batch starts a new file.</summary>
    private long Headroom => Math.Min(64 * 1024, segmentBytes / 4);

    /// <summary>The spare file (made ahead in the background, or now); null when it cannot be made.</summary>
    private Segment? TakeSpare()
    {
        var made = spare;
        spare = null;
        Segment? next;
        try
        {
            next = made is not null ? made.GetAwaiter().GetResult() : OpenSegment();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            next = null; // keep writing to the current file; the next write will tell
        }
        return next;
    }

    private void PrepareSpare()
    {
        // Its own thread (writing a few MiB of zeros and syncing them): no pool thread blocks in a flush.
        var made = Task.Factory.StartNew(OpenSegment, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        made.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        spare = made;
    }

    private async Task ChainLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync();
                recovery.TrySetResult();
                break;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                LastChainError = ex;
                await Pause();
            }
        }
        recovery.TrySetResult();
        var lastDrain = 0L;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!await wake.WaitAsync(StagedPoll, stopping.Token)) Volatile.Write(ref stagedHint, 1);
                if (chainInterval > TimeSpan.Zero)
                {
                    await Task.Delay(chainInterval, stopping.Token);
                }
                else if (lastDrain != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(lastDrain) is var since && since < ChainSpacing)
                {
                    // Under a steady load, one transaction per ChainSpacing takes every entry flushed meanwhile: the chain's
                    // database work (which shares the machine with the requests) is paid per batch, not per flush. A lone
                    // event after a quiet spell is chained at once.
                    await Task.Delay(ChainSpacing - since, stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // stopping: drain what is there below
            }
            await DrainAsync();
            await DrainStagedAsync();
            lastDrain = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    private async Task Pause()
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Chains the staged events (<see cref="AuditInTransaction"/>) when one was committed or the poll came round.</summary>
    private async Task DrainStagedAsync()
    {
        if (stagedChainInterval > TimeSpan.Zero && System.Diagnostics.Stopwatch.GetElapsedTime(lastStagedChain) < stagedChainInterval) return;
        if (Interlocked.Exchange(ref stagedHint, 0) == 0) return;
        lastStagedChain = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await table.ChainStagedAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // They stay staged (committed with their writes); the next poll tries again.
            LastChainError = ex;
            Volatile.Write(ref stagedHint, 1);
        }
    }

    /// <summary>Chains every queued entry, at most <see cref="AuditTrail.MaxBatch"/> of one journal file per transaction.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            List<Entry> batch = [];
            lock (gate)
            {
                if (toChain.Count == 0) return;
                var segment = toChain.Peek().Segment;
                while (toChain.Count > 0 && batch.Count < AuditTrail.MaxBatch && toChain.Peek().Segment == segment) batch.Add(toChain.Dequeue());
            }
            var seg = batch[0].Segment!;
            while (true)
            {
                try
                {
                    var written = await table.WriteBatchAsync(batch.Select(e => (e.Input, (DateTimeOffset?)e.At)).ToList(), (seg.Name, batch[^1].Position), CancellationToken.None);
                    for (var i = 0; i < batch.Count; i++) batch[i].Chained.TrySetResult(written[i]);
                    LastChainError = null;
                    break;
                }
                catch (Exception ex)
                {
                    LastChainError = ex;
                    if (stopping.IsCancellationRequested) return; // the journal keeps them for the next start
                    await Pause();
                    // The commit may have gone through before the connection broke: skip what the mark says is chained.
                    try
                    {
                        var mark = await ReadMarkAsync(seg.Name);
                        foreach (var e in batch.Where(e => e.Position <= mark)) e.Chained.TrySetException(new InvalidOperationException("chained before the connection broke"));
                        batch.RemoveAll(e => e.Position <= mark);
                        if (batch.Count == 0) break;
                    }
                    catch (Exception markError)
                    {
                        LastChainError = markError;
                    }
                }
            }
            if (seg.Retired && batch.Count > 0 && batch[^1].Position == seg.Position) await RemoveAsync(seg);
        }
    }

    /// <summary>Replays the journals of this database that no live process holds, oldest first; then deletes them.</summary>
    private async Task RecoverAsync()
    {
        var files = Directory.EnumerateFiles(Folder, $"journal-{fingerprint}-*.log").Order(StringComparer.Ordinal).ToList();
        foreach (var path in files)
        {
            lock (gate)
            {
                if (ownPaths.Contains(path)) continue;
            }
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // a live process's journal
            }
            var name = Path.GetFileNameWithoutExtension(path);
            await using (stream)
            {
                var mark = await ReadMarkAsync(name);
                var (entries, torn) = ReadEntries(stream);
                TornLines += torn;
                var pending = entries.Where(e => e.Position > mark).ToList();
                foreach (var chunk in pending.Chunk(AuditTrail.MaxBatch))
                {
                    await table.WriteBatchAsync(chunk.Select(e => (e.Input, (DateTimeOffset?)e.At)).ToList(), (name, chunk[^1].Position), CancellationToken.None);
                    Recovered += chunk.Length;
                }
            }
            File.Delete(path);
            await DeleteMarkAsync(name);
        }
    }

    private async Task RemoveAsync(Segment segment)
    {
        try
        {
            segment.Handle.Dispose();
            File.Delete(segment.Path);
            await DeleteMarkAsync(segment.Name);
        }
        catch (Exception ex) when (ex is IOException or DbException)
        {
            LastChainError = ex; // a leftover file is replayed from its mark (nothing) at the next start
        }
    }

    private int disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return; // registered under two service types
        Entry? last;
        lock (gate)
        {
            last = lastAppended;
        }
        if (last is not null)
        {
            try
            {
                await last.Durable.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // nothing more to wait for
            }
        }
        lock (gate)
        {
            closing = true;
            Monitor.Pulse(gate);
        }
        try
        {
            await flusherDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // a flush hangs (disk); what it acknowledges is in the file, replayed at the next start
        }
        await stopping.CancelAsync();
        try
        {
            await chainer.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // the journal keeps what was not chained
        }
        bool allChained;
        lock (gate) allChained = toChain.Count == 0 && toWrite.Count == 0;
        if (flusherDone.Task.IsCompleted)
        {
            current.Handle.Dispose();
            if (allChained && LastChainError is null)
            {
                try
                {
                    File.Delete(current.Path);
                    await DeleteMarkAsync(current.Name);
                }
                catch (Exception ex) when (ex is IOException or DbException)
                {
                    // replayed (as nothing) at the next start
                }
            }
            if (spare is { } made)
            {
                try
                {
                    var unused = await made;
                    unused.Handle.Dispose();
                    File.Delete(unused.Path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // an empty file: replayed as nothing at the next start
                }
            }
        }
        wake.Dispose();
        stopping.Dispose();
    }

    /// <summary>
    /// A new journal file, held exclusively, filled with zero bytes up to its size and fully synced (size, blocks and its
    /// name in the folder), so later appends overwrite blocks it already has and need only a data sync.
    /// </summary>
    private Segment OpenSegment()
    {
        var name = $"journal-{fingerprint}-{clock.GetUtcNow().UtcDateTime:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
        var path = Path.Combine(Folder, name + ".log");
        lock (gate) ownPaths.Add(path);
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var zeros = new byte[Math.Min(segmentBytes, 256 * 1024)];
            for (long at = 0; at < segmentBytes; at += zeros.Length)
            {
                RandomAccess.Write(handle, zeros.AsSpan(0, (int)Math.Min(zeros.Length, segmentBytes - at)), at);
            }
            RandomAccess.FlushToDisk(handle);
            JournalDisk.SyncFolder(Folder);
        }
        catch
        {
            handle.Dispose();
            File.Delete(path);
            throw;
        }
        return new Segment(name, path, handle, segmentBytes);
    }

    /// <summary>Provider and connection string without password, hashed: the same database gives the same name.</summary>
    public static string Fingerprint(DatabaseOptions options)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        foreach (var key in new[] { "Password", "Pwd" }) builder.Remove(key);
        var text = options.Provider + "|" + builder.ConnectionString;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static void WriteLine(ArrayBufferWriter<byte> buffer, Entry e)
    {
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("p", e.Position);
            w.WriteNumber("at", e.At.ToUnixTimeMilliseconds());
            w.WriteString("actor", e.Input.Actor);
            w.WriteString("role", e.Input.Role);
            if (e.Input.Department is { } d) w.WriteString("dept", d);
            w.WriteString("action", e.Input.Action);
            w.WriteString("otype", e.Input.ObjectType);
            w.WriteString("oid", e.Input.ObjectId);
            w.WriteString("outcome", e.Input.Outcome);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
    }

    /// <summary>
    /// Every complete, readable line up to the first zero byte; a last line without its newline, or an unreadable one, is
    /// counted as torn.
    /// </summary>
    private static (List<Entry> Entries, int Torn) ReadEntries(Stream stream)
    {
        stream.Position = 0;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        // A journal file is pre-allocated with zero bytes: the first zero byte is the end of what was written (JSON
        // escapes a zero character, so no entry holds one). Anything after it was never acknowledged.
        var length = Array.IndexOf(bytes, (byte)0);
        if (length < 0) length = bytes.Length;
        var entries = new List<Entry>();
        var torn = 0;
        var start = 0;
        while (start < length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start, length - start);
            if (end < 0)
            {
                torn++;
                break;
            }
            try
            {
                using var doc = JsonDocument.Parse(bytes.AsMemory(start, end - start));
                var r = doc.RootElement;
                var input = new AuditEventInput(r.GetProperty("actor").GetString()!, r.GetProperty("role").GetString()!,
                    r.TryGetProperty("dept", out var d) ? d.GetString() : null, r.GetProperty("action").GetString()!,
                    r.GetProperty("otype").GetString()!, r.GetProperty("oid").GetString()!, r.GetProperty("outcome").GetString()!);
                entries.Add(new Entry(input, DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty("at").GetInt64())) { Position = r.GetProperty("p").GetInt64() });
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                torn++;
            }
            start = end + 1;
        }
        return (entries, torn);
    }

    private async Task<long> ReadMarkAsync(string journal)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync();
        await using var cmd = DbCommands.Create(conn, null, "SELECT position FROM audit_journal_marks WHERE journal = @j", [("j", journal)]);
        return await cmd.ExecuteScalarAsync() is { } v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
    }

    private async Task DeleteMarkAsync(string journal)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync();
        await using var cmd = DbCommands.Create(conn, null, "DELETE FROM audit_journal_marks WHERE journal = @j", [("j", journal)]);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed class Segment(string name, string path, SafeFileHandle handle, long capacity)
    {
        public string Name { get; } = name;
        public string Path { get; } = path;
        public SafeFileHandle Handle { get; } = handle;
        public long Capacity { get; } = capacity;

        /// <summary>Bytes written (the first zero byte after them ends the journal).</summary>
        public long Offset { get; set; }

        /// <summary>The position of the last entry written.</summary>
        public long Position { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Entry(AuditEventInput input, DateTimeOffset at)
    {
        public AuditEventInput Input { get; } = input;
        public DateTimeOffset At { get; } = at;
        public Segment? Segment { get; set; }
        public long Position { get; set; }
        public long WriteStart { get; set; }
        public long Synced { get; set; }
        public int BatchSize { get; set; }
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<AuditEvent> Chained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Where one append's time went (Stopwatch ticks): queued before its write, write + fsync, fsync end to the caller running again.</summary>
public readonly record struct AppendTrace(long QueuedTicks, long WriteSyncTicks, long ResumeTicks, int BatchSize);

/// <summary>Flushing a journal file to disk: data only where the platform can (fdatasync on Linux), else a full flush.</summary>
internal static class JournalDisk
{
    /// <summary>The file's written data (and its size if it grew) on disk; on Linux without its times (fdatasync).</summary>
    public static void DataSync(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }
        while (NativeMethods.fdatasync(handle) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != EINTR) throw new IOException($"fdatasync failed (errno {errno})");
        }
    }

    /// <summary>The folder's entries (a new file's name) on disk; where a folder cannot be opened, nothing.</summary>
    public static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = NativeMethods.open(folder, O_RDONLY | O_DIRECTORY);
        if (fd < 0) return;
        try
        {
            while (NativeMethods.fsync(fd) != 0)
            {
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != EINTR) throw new IOException($"fsync of the journal folder failed (errno {errno})");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    private const int EINTR = 4;
    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000; // Linux (x86-64 and arm64)

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        public static extern int fdatasync(SafeFileHandle fd);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        public static extern int fsync(int fd);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true, CharSet = System.Runtime.InteropServices.CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        public static extern int open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        public static extern int close(int fd);
    }
}
