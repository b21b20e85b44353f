using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;

namespace ChatArchive.Persistence.Audit;

/// <summary>
/// <see cref="IAuditTrail"/> on PostgreSQL and SQLite with plain ADO.NET. One chain for all writers: on PostgreSQL a
/// transaction-scoped advisory lock serialises appenders across connections and nodes (the lock is released at
/// commit or when the connection dies); on SQLite the write transaction is IMMEDIATE, which takes the database's
/// single write lock before the head is read. The head is read and the next row inserted inside that transaction,
/// so no two rows ever share a predecessor. Within one process, concurrent appends share a transaction (group commit).
/// </summary>
public sealed class AuditTrail(DatabaseOptions options, TimeProvider clock) : IAuditTrail
{
    /// <summary>Advisory lock key of the audit chain (the migrator uses 7243015).</summary>
    public const long ChainLockKey = 7243800;

    private const string Columns = "seq, at, actor, role, department, action, object_type, object_id, outcome, previous_hash, hash";

    private bool Postgres => options.Provider == DatabaseProvider.PostgreSql;

    /// <summary>At most this many events go into one transaction (one commit, one flush to disk).</summary>
    public const int MaxBatch = 256;

    /// <summary>Rows in one INSERT statement (11 parameters each; well under SQLite's and PostgreSQL's limits).</summary>
    private const int RowsPerInsert = 64;

    private readonly object gate = new();
    private readonly List<Pending> queue = [];
    private bool writing;

    private sealed record Pending(AuditEventInput Input, TaskCompletionSource<AuditEvent> Done);

    /// <summary>
    /// Group commit: events that arrive while a transaction is being written wait for the next one, which takes them all
    /// (up to <see cref="MaxBatch"/>) under one lock and one commit. Every caller still returns only after its own row
    /// is committed, so an answer never goes out for an event a crash could lose; concurrent requests share the flush.
    /// </summary>
    public async Task<AuditEvent> RecordAsync(AuditEventInput input, CancellationToken ct = default)
    {
        Validate(input);
        var pending = new Pending(input, new TaskCompletionSource<AuditEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (gate)
        {
            queue.Add(pending);
            lead = !writing;
            writing = true;
        }
        if (lead) _ = Task.Run(DrainAsync, CancellationToken.None);
        // A cancelled caller stops waiting; its event is still written (the action it records may have happened).
        return await pending.Done.Task.WaitAsync(ct);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (gate)
            {
                if (queue.Count == 0)
                {
                    writing = false;
                    return;
                }
                batch = queue.GetRange(0, Math.Min(queue.Count, MaxBatch));
                queue.RemoveRange(0, batch.Count);
            }
            try
            {
                var written = await WriteBatchAsync(batch.Select(b => (b.Input, (DateTimeOffset?)null)).ToList(), null, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(written[i]);
            }
            catch (Exception e)
            {
                // Nothing of this batch was committed (one transaction): every caller in it gets the failure.
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// Chains events into the table in one transaction under the chain lock: each at its own instant (null = now),
    /// and, when a journal mark is given, moves that journal's mark in the same transaction (see <see cref="AuditJournal"/>).
    /// </summary>
    internal async Task<IReadOnlyList<AuditEvent>> WriteBatchAsync(IReadOnlyList<(AuditEventInput Input, DateTimeOffset? At)> inputs,
        (string Journal, long Position)? mark, CancellationToken ct)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (Postgres) await ExecAsync(conn, tx, $"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
        var written = await AppendRowsAsync(conn, tx, inputs, ct);
        if (mark is { } m)
        {
            await using var cmd = Command(conn, tx,
                "INSERT INTO audit_journal_marks (journal, position) VALUES (@j, @p) ON CONFLICT (journal) DO UPDATE SET position = excluded.position",
                ("j", m.Journal), ("p", m.Position));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return written;
    }

    /// <summary>
    /// Chains the committed rows of <c>audit_staged</c> (events written in their request's own transaction, see
    /// <see cref="AuditInTransaction"/>): at most <see cref="MaxBatch"/> in id order per transaction, under the chain lock,
    /// each at the instant it was staged, and deletes them in the same transaction, so each is chained exactly once (also
    /// when two nodes chain at once: the second reads the table after the first's commit). Returns how many were chained;
    /// repeats until none is left.
    /// </summary>
    public async Task<int> ChainStagedAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            await using var conn = DatabaseSetup.CreateConnection(options);
            await conn.OpenAsync(ct);
            // Nothing staged (the usual poll): no write transaction, no chain lock.
            await using (var any = Command(conn, null, "SELECT 1 FROM audit_staged LIMIT 1"))
            {
                if (await any.ExecuteScalarAsync(ct) is null) return total;
            }
            await using var tx = await conn.BeginTransactionAsync(ct);
            if (Postgres) await ExecAsync(conn, tx, $"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
            var ids = new List<long>();
            var inputs = new List<(AuditEventInput Input, DateTimeOffset? At)>();
            await using (var cmd = Command(conn, tx,
                $"SELECT id, at, actor, role, department, action, object_type, object_id, outcome FROM audit_staged ORDER BY id LIMIT {MaxBatch}"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    ids.Add(r.GetInt64(0));
                    var at = Postgres
                        ? new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc))
                        : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
                    inputs.Add((new AuditEventInput(r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                        r.GetString(6), r.GetString(7), r.GetString(8)), at));
                }
            }
            if (ids.Count == 0) return total;
            await AppendRowsAsync(conn, tx, inputs, ct);
            // The ids are numbers read just now: written into the statement as they are (no array parameter on SQLite).
            await ExecAsync(conn, tx, $"DELETE FROM audit_staged WHERE id IN ({string.Join(',', ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})", ct);
            await tx.CommitAsync(ct);
            total += ids.Count;
            if (ids.Count < MaxBatch) return total;
        }
    }

    /// <summary>Appends <paramref name="inputs"/> after the chain's head, inside a transaction that holds the chain lock.</summary>
    private async Task<List<AuditEvent>> AppendRowsAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<(AuditEventInput Input, DateTimeOffset? At)> inputs, CancellationToken ct)
    {
        long previousSeq = 0;
        var previousHash = AuditChain.Genesis;
        await using (var cmd = Command(conn, tx, "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (await r.ReadAsync(ct))
            {
                previousSeq = r.GetInt64(0);
                previousHash = r.GetString(1);
            }
        }
        var written = new List<AuditEvent>(inputs.Count);
        foreach (var (input, eventAt) in inputs)
        {
            var seq = previousSeq + 1;
            var at = AuditChain.Truncate(eventAt ?? clock.GetUtcNow());
            var hash = AuditChain.Hash(seq, at, input.Actor, input.Role, input.Department, input.Action, input.ObjectType, input.ObjectId, input.Outcome, previousHash);
            written.Add(new AuditEvent(seq, at, input.Actor, input.Role, input.Department, input.Action, input.ObjectType, input.ObjectId, input.Outcome, previousHash, hash));
            previousSeq = seq;
            previousHash = hash;
        }
        // Many rows per statement (one round trip each): the chainer's database work per event, which shares the machine
        // with the requests, stays small.
        foreach (var rows in written.Chunk(RowsPerInsert))
        {
            var sql = new StringBuilder($"INSERT INTO audit_events ({Columns}) VALUES ");
            var parameters = new (string, object?)[rows.Length * 11];
            for (var i = 0; i < rows.Length; i++)
            {
                var e = rows[i];
                if (i > 0) sql.Append(", ");
                sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"(@s{i}, @t{i}, @a{i}, @r{i}, @d{i}, @x{i}, @ot{i}, @oi{i}, @o{i}, @p{i}, @h{i})");
                var k = i * 11;
                parameters[k] = ($"s{i}", e.Sequence);
                parameters[k + 1] = ($"t{i}", Instant(e.At));
                parameters[k + 2] = ($"a{i}", e.Actor);
                parameters[k + 3] = ($"r{i}", e.Role);
                parameters[k + 4] = ($"d{i}", e.Department);
                parameters[k + 5] = ($"x{i}", e.Action);
                parameters[k + 6] = ($"ot{i}", e.ObjectType);
                parameters[k + 7] = ($"oi{i}", e.ObjectId);
                parameters[k + 8] = ($"o{i}", e.Outcome);
                parameters[k + 9] = ($"p{i}", e.PreviousHash);
                parameters[k + 10] = ($"h{i}", e.Hash);
            }
            await using var cmd = Command(conn, tx, sql.ToString(), parameters);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return written;
    }

    public async Task<AuditEvent?> HeadAsync(CancellationToken ct = default)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {Columns} FROM audit_events ORDER BY seq DESC LIMIT 1");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    public async IAsyncEnumerable<AuditEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        await using var cmd = Command(conn, null, $"SELECT {Columns} FROM audit_events ORDER BY seq");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) yield return Read(r);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 1000);
        var where = new StringBuilder("WHERE 1=1");
        var parameters = new List<(string, object?)>();
        if (query.From is { } from) { where.Append(" AND at >= @from"); parameters.Add(("from", Instant(from))); }
        if (query.To is { } to) { where.Append(" AND at < @to"); parameters.Add(("to", Instant(to))); }
        if (!string.IsNullOrEmpty(query.Action)) { where.Append(" AND action = @action"); parameters.Add(("action", query.Action)); }
        if (!string.IsNullOrEmpty(query.Actor)) { where.Append(" AND actor = @actor"); parameters.Add(("actor", query.Actor)); }
        if (!string.IsNullOrEmpty(query.ObjectId)) { where.Append(" AND object_id = @oid"); parameters.Add(("oid", query.ObjectId)); }

        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync(ct);
        long total;
        await using (var cmd = Command(conn, null, $"SELECT COUNT(*) FROM audit_events {where}", [.. parameters]))
        {
            total = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var items = new List<AuditEvent>();
        await using (var cmd = Command(conn, null, $"SELECT {Columns} FROM audit_events {where} ORDER BY seq DESC LIMIT {size} OFFSET {(long)(page - 1) * size}", [.. parameters]))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) items.Add(Read(r));
        }
        return new AuditPage(items, total, page, size);
    }

    /// <summary>Codes, not prose: a caller passing message text or a name here is a bug, so long values are refused.</summary>
    internal static void Validate(AuditEventInput e)
    {
        static void Check(string? value, string field, bool required = true)
        {
            if (required && string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"Audit event field {field} is required.", field);
            if (value is { Length: > 200 }) throw new ArgumentException($"Audit event field {field} is longer than 200 characters; record ids and codes only.", field);
        }
        Check(e.Actor, nameof(e.Actor));
        Check(e.Role, nameof(e.Role));
        Check(e.Department, nameof(e.Department), required: false);
        Check(e.Action, nameof(e.Action));
        Check(e.ObjectType, nameof(e.ObjectType));
        Check(e.ObjectId, nameof(e.ObjectId));
        Check(e.Outcome, nameof(e.Outcome));
    }

    private object Instant(DateTimeOffset t) => Postgres ? t.UtcDateTime : t.ToUnixTimeMilliseconds();

    private AuditEvent Read(DbDataReader r)
    {
        var at = Postgres
            ? new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc))
            : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
        return new AuditEvent(r.GetInt64(0), at, r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
            r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9), r.GetString(10));
    }

    private static async Task ExecAsync(DbConnection conn, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection conn, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        DbCommands.Create(conn, tx, sql, parameters);
}
