using System.Data.Common;
using System.Text;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>Small helpers over one connection and transaction, and the two ways the providers store instants.</summary>
/// <remarks>
/// <paramref name="auditInBatch"/>: the owner commits through <c>AuditInTransaction.StageAsync</c> (read-out sessions) and
/// gives up the transaction through <c>AuditInTransaction.Abandon</c>; the first writing statement on PostgreSQL then takes
/// the request's armed audit event along in its own batch, so the event costs no round trip of its own.
/// </remarks>
internal sealed class Sql(DbConnection conn, DbTransaction tx, bool postgres, bool auditInBatch = false)
{
    private const int StageColumns = 14;

    /// <summary>PostgreSQL: timestamptz (UTC); SQLite: milliseconds since 1970 UTC (sortable INTEGER).</summary>
    public object Instant(DateTimeOffset t) => postgres ? t.UtcDateTime : t.ToUnixTimeMilliseconds();

    public DateTimeOffset? ReadInstant(DbDataReader r, int ordinal, int? offsetMinutes)
    {
        if (r.IsDBNull(ordinal)) return null;
        var utc = postgres
            ? new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(ordinal), DateTimeKind.Utc))
            : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));
        return offsetMinutes is { } m ? utc.ToOffset(TimeSpan.FromMinutes(m)) : utc;
    }

    /// <summary>True once a statement other than a SELECT ran through these helpers (the transaction writes something).</summary>
    public bool Wrote { get; private set; }

    private void Note(string sql)
    {
        if (!Wrote && !IsSelect(sql)) Wrote = true;
    }

    private static bool IsSelect(string sql) => sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    public async Task<int> ExecAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        Note(sql);
        if (ArmedForBatch(sql) is { } armed)
        {
            await using var batch = Batch(sql, parameters, armed);
            await batch.ExecuteNonQueryAsync(ct);
            return batch.BatchCommands[0].RecordsAffected; // the statement's own rows, not the event's
        }
        await using var cmd = Command(sql, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        Note(sql);
        if (ArmedForBatch(sql) is { } armed)
        {
            await using var batch = Batch(sql, parameters, armed);
            return await batch.ExecuteScalarAsync(ct); // the statement comes first: its first value
        }
        await using var cmd = Command(sql, parameters);
        return await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>The armed audit event to send with this writing statement (see the class remarks); null otherwise.</summary>
    private Audit.AuditInTransaction? ArmedForBatch(string sql) =>
        auditInBatch && postgres && conn.CanCreateBatch && !IsSelect(sql) ? Audit.AuditInTransaction.TakeForBatch(tx) : null;

    /// <summary>The statement, then the audit event's staged row: one round trip.</summary>
    private DbBatch Batch(string sql, (string Name, object? Value)[] parameters, Audit.AuditInTransaction armed)
    {
        var batch = conn.CreateBatch();
        batch.Transaction = tx;
        batch.Timeout = 0;
        DbCommands.Add(batch, sql, parameters);
        armed.AddTo(batch);
        return batch;
    }

    public async Task<DbDataReader> ReaderAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        Note(sql);
        var cmd = Command(sql, parameters);
        try
        {
            // The reader owns its command: disposing the reader disposes the command too (issue 16: it never was).
            return new CommandOwningReader(await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.Default, ct), cmd);
        }
        catch
        {
            await cmd.DisposeAsync();
            throw;
        }
    }

    /// <summary>A data reader that disposes the command it came from when it is disposed; every read is the inner reader's.</summary>
    private sealed class CommandOwningReader(DbDataReader inner, DbCommand command) : DbDataReader
    {
        public override object this[int ordinal] => inner[ordinal];
        public override object this[string name] => inner[name];
        public override int Depth => inner.Depth;
        public override int FieldCount => inner.FieldCount;
        public override bool HasRows => inner.HasRows;
        public override bool IsClosed => inner.IsClosed;
        public override int RecordsAffected => inner.RecordsAffected;
        public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);
        public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        public override char GetChar(int ordinal) => inner.GetChar(ordinal);
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
        public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
        public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
        public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
        public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
        public override System.Collections.IEnumerator GetEnumerator() => ((System.Collections.IEnumerable)inner).GetEnumerator();
        public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
        public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);
        public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) => inner.GetFieldValueAsync<T>(ordinal, cancellationToken);
        public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
        public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
        public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
        public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);
        public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);
        public override string GetName(int ordinal) => inner.GetName(ordinal);
        public override int GetOrdinal(string name) => inner.GetOrdinal(name);
        public override string GetString(int ordinal) => inner.GetString(ordinal);
        public override object GetValue(int ordinal) => inner.GetValue(ordinal);
        public override int GetValues(object[] values) => inner.GetValues(values);
        public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
        public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => inner.IsDBNullAsync(ordinal, cancellationToken);
        public override bool NextResult() => inner.NextResult();
        public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => inner.NextResultAsync(cancellationToken);
        public override bool Read() => inner.Read();
        public override Task<bool> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                command.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await command.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0; // a million-message merge may take longer than the 30 s default
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>Inserts rows in multi-row statements of at most 100 rows (one round trip each); returns the rows inserted.</summary>
    public async Task<long> InsertRowsAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, string suffix, CancellationToken ct)
    {
        Wrote = true;
        long inserted = 0;
        for (var start = 0; start < rows.Count; start += 100)
        {
            var count = Math.Min(100, rows.Count - start);
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            var sb = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
            for (var i = 0; i < count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append('(');
                for (var c = 0; c < columns.Length; c++)
                {
                    if (c > 0) sb.Append(',');
                    var name = $"@r{i}_{c}";
                    sb.Append(name);
                    var p = cmd.CreateParameter();
                    p.ParameterName = name;
                    p.Value = rows[start + i][c] ?? DBNull.Value;
                    cmd.Parameters.Add(p);
                }
                sb.Append(')');
            }
            sb.Append(' ').Append(suffix);
            cmd.CommandText = sb.ToString();
            inserted += await cmd.ExecuteNonQueryAsync(ct);
        }
        return inserted;
    }

    /// <summary>A prepared multi-row INSERT into the staging table (SQLite).</summary>
    public DbCommand StageInsert(int rows)
    {
        var sb = new StringBuilder("INSERT INTO stage (conv_key, seq, fingerprint, sender, sent_at, sent_offset, text, edited, deleted, source_id, attachments, sent_day, digest_a, digest_b) VALUES ");
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        for (var i = 0; i < rows; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append('(');
            for (var c = 0; c < StageColumns; c++)
            {
                if (c > 0) sb.Append(',');
                var name = $"@p{i}_{c}";
                sb.Append(name);
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                cmd.Parameters.Add(p);
            }
            sb.Append(')');
        }
        cmd.CommandText = sb.ToString();
        return cmd;
    }

    public async Task RunStageInsertAsync(DbCommand cmd, List<StagedMessage> batch, CancellationToken ct)
    {
        Wrote = true;
        var i = 0;
        foreach (var r in batch)
        {
            var b = i * StageColumns;
            cmd.Parameters[b].Value = r.ConversationKey;
            cmd.Parameters[b + 1].Value = r.Seq;
            cmd.Parameters[b + 2].Value = r.Fingerprint();
            cmd.Parameters[b + 3].Value = r.Message.Sender;
            cmd.Parameters[b + 4].Value = r.Message.Sent.ToUnixTimeMilliseconds();
            cmd.Parameters[b + 5].Value = r.OffsetMinutes;
            cmd.Parameters[b + 6].Value = r.Message.Text;
            cmd.Parameters[b + 7].Value = r.Message.Edited;
            cmd.Parameters[b + 8].Value = r.Message.Deleted;
            cmd.Parameters[b + 9].Value = (object?)r.Message.SourceId ?? DBNull.Value;
            cmd.Parameters[b + 10].Value = (object?)r.AttachmentsJson() ?? DBNull.Value;
            cmd.Parameters[b + 11].Value = r.Day;
            cmd.Parameters[b + 12].Value = r.DigestA;
            cmd.Parameters[b + 13].Value = r.DigestB;
            i++;
        }
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
