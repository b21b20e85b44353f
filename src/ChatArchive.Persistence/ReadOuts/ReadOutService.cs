using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// <see cref="IReadOutService"/> on the database (migration 0500), for both providers. Each operation opens one
/// connection and one transaction and locks the read-out's row first (PostgreSQL <c>FOR UPDATE</c>, SQLite an
/// immediate transaction), so two callers of the same read-out are serialised and a crash leaves the last commit.
/// The module calls that cannot share the transaction (ingestion stores in its own; the vault writes files; sealing
/// writes packages) are each idempotent on their own and linked afterwards, so a repeat finds their work and never
/// runs them twice. Logs carry ids and counts only.
/// </summary>
public sealed partial class ReadOutService(DatabaseOptions options, ReadOutModules modules, TimeProvider? clock = null, ILogger<ReadOutService>? logger = null)
    : IReadOutService
{
    internal static readonly JsonSerializerOptions PolicyJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;
    private bool Pg => options.Provider == DatabaseProvider.PostgreSql;

    public async Task<ReadOutState> CreateAsync(CreateReadOut request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Step.WorkflowInstanceId) || string.IsNullOrWhiteSpace(request.Step.ActivityId))
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Een uitlezing hoort bij een workflow-instantie en een stap daarin. Geef beide op.");
        }
        if (request.ValidatorRole is not (Roles.Officeholder or Roles.Trustee))
        {
            throw new ReadOutException(ReadOutProblem.Invalid, $"Wie valideert moet '{Roles.Officeholder}' of '{Roles.Trustee}' zijn, niet '{request.ValidatorRole}' (Handreiking §2.2.2 stap 6).");
        }
        if (request.Channel is { } ch && !Channels.IsKnown(ch))
        {
            throw new ReadOutException(ReadOutProblem.Invalid, $"Onbekend kanaal '{ch}'. Kies een van: {string.Join(", ", Channels.All)}.");
        }
        await using var s = await BeginAsync(ct);
        var existing = await s.Db.ScalarAsync("SELECT id FROM ro_read_outs WHERE workflow_instance_id = @w AND activity_id = @a", ct,
            ("w", request.Step.WorkflowInstanceId), ("a", request.Step.ActivityId));
        if (existing is not null and not DBNull)
        {
            var state = await StateAsync(s.Db, Convert.ToInt64(existing, CultureInfo.InvariantCulture), ct);
            await s.CommitAsync(ct);
            return state!;
        }
        var department = await s.Db.ScalarAsync("SELECT department_id FROM officeholders WHERE id = @o", ct, ("o", request.OfficeholderId));
        if (department is null or DBNull)
        {
            throw new ReadOutException(ReadOutProblem.NotFound, $"Bewindspersoon {request.OfficeholderId} staat niet in het register. Registreer de bewindspersoon eerst of controleer het id.");
        }
        var id = Convert.ToInt64(await s.Db.ScalarAsync(
            "INSERT INTO ro_read_outs (officeholder_id, department_id, channel, workflow_instance_id, activity_id, stage, policy, validator_role, created_by, created_at, due_on) " +
            "VALUES (@o, @d, @c, @w, @a, @st, @p, @v, @by, @now, @due) RETURNING id", ct,
            ("o", request.OfficeholderId), ("d", department), ("c", request.Channel), ("w", request.Step.WorkflowInstanceId), ("a", request.Step.ActivityId),
            ("st", nameof(ReadOutStage.Planned)), ("p", JsonSerializer.Serialize(request.Policy, PolicyJson)), ("v", request.ValidatorRole),
            ("by", request.By.UserId), ("now", s.Db.Instant(Now)), ("due", request.DueOn is { } due ? s.Db.Instant(due) : null)), CultureInfo.InvariantCulture);
        var created = await StateAsync(s.Db, id, ct);
        await s.CommitAsync(ct);
        _log.LogInformation("Read-out {ReadOutId} created for officeholder {OfficeholderId} (instance {InstanceId})", id, request.OfficeholderId, request.Step.WorkflowInstanceId);
        return created!;
    }

    public async Task<ReadOutState> PlanAsync(long readOutId, DateTimeOffset plannedAt, Actor by, CancellationToken ct = default)
    {
        await using var s = await BeginAsync(ct);
        var row = await LockAsync(s.Db, readOutId, ct);
        if (row.Stage != ReadOutStage.Planned)
        {
            throw OutOfOrder(row, "De afspraak voor de uitlezing kan alleen worden vastgelegd zolang er nog geen export is geüpload.");
        }
        await s.Db.ExecAsync("UPDATE ro_read_outs SET planned_at = @p WHERE id = @id", ct, ("p", s.Db.Instant(plannedAt)), ("id", readOutId));
        var state = await StateAsync(s.Db, readOutId, ct);
        await s.CommitAsync(ct);
        return state!;
    }

    public async Task<ReadOutState?> GetAsync(long readOutId, CancellationToken ct = default)
    {
        await using var s = await BeginAsync(ct);
        var state = await StateAsync(s.Db, readOutId, ct);
        await s.CommitAsync(ct);
        return state;
    }

    public async Task<ReadOutState?> FindByWorkflowInstanceAsync(string workflowInstanceId, CancellationToken ct = default)
    {
        await using var s = await BeginAsync(ct);
        var id = await s.Db.ScalarAsync("SELECT id FROM ro_read_outs WHERE workflow_instance_id = @w ORDER BY id DESC LIMIT 1", ct, ("w", workflowInstanceId));
        var state = id is null or DBNull ? null : await StateAsync(s.Db, Convert.ToInt64(id, CultureInfo.InvariantCulture), ct);
        await s.CommitAsync(ct);
        return state;
    }

    public async Task<FindingView> AnswerFindingAsync(long readOutId, long findingId, FindingAnswer answer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.By.Role != Roles.InformationProfessional)
        {
            throw new ReadOutException(ReadOutProblem.Forbidden, "Alleen een informatieprofessional legt vast wat er met een bevinding is gedaan. Meld je aan met die rol.");
        }
        if (string.IsNullOrWhiteSpace(answer.Note))
        {
            throw new ReadOutException(ReadOutProblem.Invalid, "Schrijf bij de bevinding wat er is gedaan: met de bewindspersoon besproken, verklaard of geëscaleerd, en waarom.");
        }
        await using var s = await BeginAsync(ct);
        var row = await LockAsync(s.Db, readOutId, ct);
        if (row.Stage == ReadOutStage.Sealed)
        {
            throw OutOfOrder(row, "De uitlezing is al verzegeld; de antwoorden op de bevindingen liggen vast.");
        }
        var n = await s.Db.ExecAsync("UPDATE ro_findings SET resolution = @r, note = @n, answered_by = @by, answered_at = @at WHERE id = @f AND read_out_id = @ro", ct,
            ("r", answer.Resolution.ToString()), ("n", answer.Note.Trim()), ("by", answer.By.UserId), ("at", s.Db.Instant(Now)), ("f", findingId), ("ro", readOutId));
        if (n == 0)
        {
            throw new ReadOutException(ReadOutProblem.NotFound, $"Bevinding {findingId} hoort niet bij uitlezing {readOutId}. Controleer het nummer van de bevinding.");
        }
        var view = (await FindingsAsync(s.Db, readOutId, ct)).Single(f => f.Id == findingId);
        await s.CommitAsync(ct);
        return view;
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Debug log of one phase of a long operation (ids, counts and milliseconds only); restarts the watch.</summary>
    internal void Phase(long readOutId, string phase, System.Diagnostics.Stopwatch watch, long count)
    {
        _log.LogDebug("Read-out {ReadOutId} phase {Phase}: {Ms} ms, {Count} row(s)", readOutId, phase, watch.ElapsedMilliseconds, count);
        AtPhase?.Invoke(phase);
        watch.Restart();
    }

    /// <summary>Called at the end of each named phase of a long step (tests stop a step there, as a crash would).</summary>
    internal Action<string>? AtPhase { get; set; }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    internal sealed class Session(DbConnection conn, DbTransaction tx, Sql db) : IAsyncDisposable
    {
        public DbConnection Conn { get; } = conn;
        public DbTransaction Tx { get; } = tx;
        public Sql Db { get; } = db;

        /// <summary>
        /// Commits; a transaction that wrote carries the write's audit event armed by its request (in this transaction, so
        /// the event is durable with the write by this one commit: Audit.AuditInTransaction).
        /// </summary>
        public async Task CommitAsync(CancellationToken ct)
        {
            // PostgreSQL: the event went with the session's first write, in its batch (Sql's auditInBatch); SQLite: a row now.
            var armed = Db.Wrote ? await Audit.AuditInTransaction.StageAsync(Conn, Tx, ct) : null;
            await Tx.CommitAsync(ct);
            committed = true;
            armed?.MarkCommitted();
        }

        private bool committed;

        public async ValueTask DisposeAsync()
        {
            if (!committed) Audit.AuditInTransaction.Abandon(Tx); // rolled back: the event it carried in a batch is not recorded
            await Tx.DisposeAsync();
            await Conn.DisposeAsync();
        }
    }

    internal async Task<Session> BeginAsync(CancellationToken ct)
    {
        DbConnection conn = DatabaseSetup.CreateConnection(options);
        try
        {
            await conn.OpenAsync(ct);
            if (!Pg)
            {
                await using var fk = conn.CreateCommand();
                fk.CommandText = "PRAGMA busy_timeout = 30000";
                await fk.ExecuteNonQueryAsync(ct);
            }
            // SQLite: Microsoft.Data.Sqlite begins IMMEDIATE (a write lock at once), so read-then-write cannot race.
            var tx = await conn.BeginTransactionAsync(ct);
            return new Session(conn, tx, new Sql(conn, tx, Pg, auditInBatch: true));
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    internal sealed record Row(
        long Id, long OfficeholderId, long DepartmentId, string? Channel, string InstanceId, ReadOutStage Stage, DepartmentPolicy Policy, string ValidatorRole,
        DateTimeOffset? Deadline, string? CleaningMode);

    /// <summary>Reads and locks the read-out's row; refused when it does not exist.</summary>
    internal async Task<Row> LockAsync(Sql db, long readOutId, CancellationToken ct)
    {
        await using var r = await db.ReaderAsync(
            "SELECT id, officeholder_id, department_id, channel, workflow_instance_id, stage, policy, validator_role, validation_deadline, cleaning_mode FROM ro_read_outs WHERE id = @id" +
            (Pg ? " FOR UPDATE" : ""), ct, ("id", readOutId));
        if (!await r.ReadAsync(ct))
        {
            throw new ReadOutException(ReadOutProblem.NotFound, $"Uitlezing {readOutId} bestaat niet. Controleer het nummer van de uitlezing.");
        }
        return new Row(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), Enum.Parse<ReadOutStage>(r.GetString(5)),
            JsonSerializer.Deserialize<DepartmentPolicy>(r.GetString(6), PolicyJson)!, r.GetString(7), db.ReadInstant(r, 8, null), r.IsDBNull(9) ? null : r.GetString(9));
    }

    internal static ReadOutException OutOfOrder(Row row, string what) =>
        new(ReadOutProblem.OutOfOrder, $"{what} Uitlezing {row.Id} is nu: {ReadOutText.Stage(row.Stage)}.");

    internal static ReadOutException NeedsFirst(Row row, ReadOutStage needed) =>
        new(ReadOutProblem.OutOfOrder, $"Uitlezing {row.Id} is nu: {ReadOutText.Stage(row.Stage)}. Dat kan nog niet: {ReadOutText.Before(needed)}.");

    internal static Task SetStageAsync(Sql db, long id, ReadOutStage stage, CancellationToken ct) =>
        db.ExecAsync("UPDATE ro_read_outs SET stage = @s WHERE id = @id", ct, ("s", stage.ToString()), ("id", id));

    internal async Task<ReadOutState?> StateAsync(Sql db, long readOutId, CancellationToken ct)
    {
        Row row;
        DateTimeOffset created;
        DateTimeOffset? planned, sealedAt, due;
        string? sealedBy, packages;
        await using (var r = await db.ReaderAsync(
            "SELECT id, officeholder_id, department_id, channel, workflow_instance_id, stage, policy, validator_role, validation_deadline, cleaning_mode, " +
            "created_at, planned_at, sealed_at, sealed_by, packages, due_on FROM ro_read_outs WHERE id = @id", ct, ("id", readOutId)))
        {
            if (!await r.ReadAsync(ct)) return null;
            row = new Row(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), Enum.Parse<ReadOutStage>(r.GetString(5)),
                JsonSerializer.Deserialize<DepartmentPolicy>(r.GetString(6), PolicyJson)!, r.GetString(7), db.ReadInstant(r, 8, null), r.IsDBNull(9) ? null : r.GetString(9));
            created = db.ReadInstant(r, 10, null)!.Value;
            planned = db.ReadInstant(r, 11, null);
            sealedAt = db.ReadInstant(r, 12, null);
            sealedBy = r.IsDBNull(13) ? null : r.GetString(13);
            packages = r.IsDBNull(14) ? null : r.GetString(14);
            due = db.ReadInstant(r, 15, null);
        }
        _ = due;
        var uploads = Convert.ToInt32(await db.ScalarAsync("SELECT COUNT(*) FROM ro_uploads WHERE read_out_id = @id", ct, ("id", readOutId)), CultureInfo.InvariantCulture);
        long messages = 0, undecided = 0, marked = 0, awaiting = 0, disputed = 0;
        // The counts kept with the read-out (updated in the same transaction as its messages): no aggregate over every message.
        await using (var r = await db.ReaderAsync(
            "SELECT messages_count, undecided_count, marked_count, awaiting_count, disputed_count FROM ro_read_outs WHERE id = @id", ct, ("id", readOutId)))
        {
            await r.ReadAsync(ct);
            messages = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            undecided = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
            marked = Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture);
            awaiting = Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture);
            disputed = Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture);
        }
        int findings = 0, open = 0;
        await using (var r = await db.ReaderAsync(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN needs_answer = @yes AND resolution IS NULL THEN 1 ELSE 0 END), 0) FROM ro_findings WHERE read_out_id = @id", ct, ("id", readOutId), ("yes", true)))
        {
            await r.ReadAsync(ct);
            findings = Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture);
            open = Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture);
        }
        return new ReadOutState(row.Id, row.OfficeholderId, row.DepartmentId, row.Channel, row.InstanceId, row.Stage, row.Policy, row.ValidatorRole, created, planned,
            row.Deadline, uploads, messages, undecided, marked, awaiting, disputed, findings, open, sealedAt, sealedBy,
            packages is null ? [] : JsonSerializer.Deserialize<List<string>>(packages) ?? []);
    }

    internal static async Task<IReadOnlyList<FindingView>> FindingsAsync(Sql db, long readOutId, CancellationToken ct)
    {
        var list = new List<FindingView>();
        await using var r = await db.ReaderAsync(
            "SELECT f.id, i.kind, i.at, i.at_offset_minutes, i.detail, i.conversation_id, f.resolution, f.note, f.answered_by, f.answered_at, f.needs_answer " +
            "FROM ro_findings f JOIN ingest_findings i ON i.id = f.ingest_finding_id WHERE f.read_out_id = @ro ORDER BY f.id", ct, ("ro", readOutId));
        while (await r.ReadAsync(ct))
        {
            list.Add(new FindingView(r.GetInt64(0), r.GetString(1), db.ReadInstant(r, 2, r.IsDBNull(3) ? null : Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture)),
                r.GetString(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : Enum.Parse<FindingResolution>(r.GetString(6)),
                r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), db.ReadInstant(r, 9, null),
                Convert.ToBoolean(r.GetValue(10), CultureInfo.InvariantCulture)));
        }
        return list;
    }

    internal static string Hex(byte[] b) => Convert.ToHexStringLower(b);

    /// <summary>
    /// SQLite: many rows with one prepared single-row INSERT executed per row inside the session's transaction. The multi-row
    /// INSERTs with 1,100 named parameters each took 46 s for 100,000 suggestions on the loaded machine (parsing and binding
    /// by name); this takes under 2 s.
    /// </summary>
    internal static async Task InsertEachAsync(Session s, string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        await using var insert = s.Conn.CreateCommand();
        insert.Transaction = s.Tx;
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = new DbParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            parameters[i] = insert.CreateParameter();
            parameters[i].ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            insert.Parameters.Add(parameters[i]);
        }
        await insert.PrepareAsync(ct);
        foreach (var r in rows)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = r[i] ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The officeholder's registered contacts as the classifier needs them (display name and number, each → kind).</summary>
    internal static async Task<ContactRegistry> ContactsAsync(Sql db, long officeholderId, CancellationToken ct)
    {
        var pairs = new List<KeyValuePair<string, ContactKind>>();
        await using var r = await db.ReaderAsync("SELECT display_name, phone_number, marking FROM contacts WHERE officeholder_id = @o", ct, ("o", officeholderId));
        while (await r.ReadAsync(ct))
        {
            var kind = r.GetString(2) == nameof(ContactMarking.PartyPolitical) ? ContactKind.PartyPolitical : ContactKind.Private;
            pairs.Add(new(r.GetString(0).Trim(), kind));
            if (!r.IsDBNull(1) && r.GetString(1).Trim() is { Length: > 0 } phone) pairs.Add(new(phone, kind));
        }
        return new ContactRegistry(pairs.DistinctBy(p => p.Key, StringComparer.Ordinal));
    }
}
