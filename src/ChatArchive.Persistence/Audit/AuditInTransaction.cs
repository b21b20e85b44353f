using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatArchive.Persistence.Audit;

/// <summary>
/// A write's audit event in the write's own database transaction. The request arms it (<see cref="Arm"/>) before it
/// calls the code that writes; the first transaction of that call that writes something and commits carries the event
/// as a row of <c>audit_staged</c> (<see cref="StageAsync"/>, called just before the commit), so the event is durable
/// exactly when the write is, by the commit the request waits for anyway: no second flush. A write that does not commit
/// leaves no staged row, and the request records its outcome (failed, denied) the ordinary way.
/// <para>
/// The chain itself is made after the commit by one chainer at a time (<see cref="AuditTrail.ChainStagedAsync"/>): the
/// staged rows are numbered and hashed in id order under the chain's lock and deleted in that transaction. Transactions
/// that commit at once never wait for each other's place in the chain (a sequencer lock held to the commit would make
/// every write wait for the fsync of the one before it), and a crash between a commit and its chaining leaves the row
/// in <c>audit_staged</c> for the next chainer of any node.
/// </para>
/// The armed event follows the request's async flow (<see cref="AsyncLocal{T}"/>); ADO.NET writers call
/// <see cref="StageAsync"/>, Entity Framework writers get it from <see cref="Interceptor"/>.
/// </summary>
public sealed class AuditInTransaction : IDisposable
{
    private static readonly AsyncLocal<AuditInTransaction?> Current = new();

    private readonly AuditInTransaction? outer;
    private readonly TimeProvider clock;
    private readonly Action? committed;
    /// <summary>What carries the event now: the transaction it was written in, or the context whose SaveChanges sends it.</summary>
    private object? stagedIn;

    /// <summary>Set when the request's write is done: work the request left running (a task it started) no longer carries the event.</summary>
    private bool closed;

    private AuditInTransaction(AuditEventInput input, TimeProvider clock, Action? committed)
    {
        AuditTrail.Validate(input);
        Input = input;
        this.clock = clock;
        this.committed = committed;
        outer = Current.Value;
    }

    /// <summary>The event the next committing write transaction of this flow carries.</summary>
    public AuditEventInput Input { get; }

    /// <summary>True once a transaction carrying the event has committed: the event is recorded (and will be chained).</summary>
    public bool Committed { get; private set; }

    /// <summary>
    /// Arms <paramref name="input"/> for the writes that follow in this async flow, until disposed.
    /// <paramref name="committed"/> is called once the carrying transaction committed (the chainer's wake-up).
    /// </summary>
    public static AuditInTransaction Arm(AuditEventInput input, TimeProvider clock, Action? committed = null)
    {
        var armed = new AuditInTransaction(input, clock, committed);
        Current.Value = armed;
        return armed;
    }

    public void Dispose()
    {
        closed = true;
        if (ReferenceEquals(Current.Value, this)) Current.Value = outer;
    }

    /// <summary>
    /// Called by a writer just before it commits <paramref name="tx"/>, when it wrote something: stages the armed event in
    /// that transaction (once per armed event) and returns it, to be told of the commit (<see cref="MarkCommitted"/>).
    /// When the event already went to the database in one of <paramref name="tx"/>'s batches (<see cref="TakeForBatch"/>)
    /// it is returned without a second row. Null when nothing is armed or the event rides on another transaction.
    /// </summary>
    public static async Task<AuditInTransaction?> StageAsync(DbConnection conn, DbTransaction tx, CancellationToken ct)
    {
        if (Current.Value is { Committed: false, closed: false } inBatch && ReferenceEquals(inBatch.stagedIn, tx)) return inBatch;
        if (Current.Value is not { Committed: false, stagedIn: null, closed: false } armed) return null;
        await InsertAsync(conn, tx, armed.Input, armed.clock.GetUtcNow(), ct);
        armed.stagedIn = tx;
        return armed;
    }

    /// <summary>
    /// A writer about to send its first writing statement in <paramref name="tx"/> takes the armed event to send in the same
    /// batch (<see cref="AddTo"/>): no round trip of its own. The event then rides on <paramref name="tx"/>: the writer's
    /// commit marks it (<see cref="StageAsync"/> returns it), a transaction given up instead releases it (<see cref="Abandon"/>).
    /// Null when nothing is armed or the event rides on a transaction already.
    /// </summary>
    public static AuditInTransaction? TakeForBatch(DbTransaction tx)
    {
        if (Current.Value is not { Committed: false, stagedIn: null, closed: false } armed) return null;
        armed.stagedIn = tx;
        return armed;
    }

    /// <summary>
    /// <paramref name="tx"/> ends without a commit (disposed, rolled back): an event it carried in a batch is not recorded,
    /// and the next writing transaction of the flow may carry it.
    /// </summary>
    public static void Abandon(DbTransaction tx)
    {
        if (Current.Value is { } armed && ReferenceEquals(armed.stagedIn, tx)) armed.MarkRolledBack();
    }

    /// <summary>The staged row of this event as one more command of <paramref name="batch"/> (sent in its round trip).</summary>
    public DbBatchCommand AddTo(DbBatch batch) => AddStaged(batch, Input, clock.GetUtcNow());

    /// <summary>A staged row of <paramref name="input"/> as one more command of <paramref name="batch"/> (PostgreSQL).</summary>
    public static DbBatchCommand AddStaged(DbBatch batch, AuditEventInput input, DateTimeOffset at)
    {
        AuditTrail.Validate(input);
        return DbCommands.Add(batch, InsertSql, Parameters(input, at, postgres: true));
    }

    /// <summary>The carrying transaction committed.</summary>
    public void MarkCommitted()
    {
        if (Committed) return;
        Committed = true;
        stagedIn = null;
        committed?.Invoke();
    }

    /// <summary>The carrying transaction rolled back: the next writing transaction may carry the event.</summary>
    public void MarkRolledBack()
    {
        if (!Committed) stagedIn = null;
    }

    /// <summary>One staged row in <paramref name="tx"/> (also what a writer without an armed event may call itself).</summary>
    public static async Task InsertAsync(DbConnection conn, DbTransaction tx, AuditEventInput input, DateTimeOffset at, CancellationToken ct)
    {
        AuditTrail.Validate(input);
        var postgres = conn.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal);
        await using var cmd = DbCommands.Create(conn, tx, InsertSql, Parameters(input, at, postgres));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private const string InsertSql =
        "INSERT INTO audit_staged (at, actor, role, department, action, object_type, object_id, outcome) VALUES (@t, @a, @r, @d, @x, @ot, @oi, @o)";

    private static (string Name, object? Value)[] Parameters(AuditEventInput input, DateTimeOffset at, bool postgres) =>
    [
        ("t", postgres ? AuditChain.Truncate(at).UtcDateTime : AuditChain.Truncate(at).ToUnixTimeMilliseconds()), ("a", input.Actor), ("r", input.Role),
        ("d", input.Department), ("x", input.Action), ("ot", input.ObjectType), ("oi", input.ObjectId), ("o", input.Outcome),
    ];

    /// <summary>
    /// Entity Framework's writes carry the armed event: a SaveChanges with changes adds it as an <see cref="AuditStagedRow"/>
    /// to the context, so Entity Framework sends it in the same batch as the write's own INSERT/UPDATE/DELETE (no round
    /// trip of its own). Without a transaction of the caller, SaveChanges saves the write and the event atomically in a
    /// transaction of its own, committed before it returns: the event is committed when SaveChanges succeeds. In a
    /// transaction of the caller, that transaction's commit marks it. The row is detached again afterwards, and the count
    /// SaveChanges returns is the write's own.
    /// </summary>
    public static readonly IInterceptor Interceptor = new EfInterceptor();

    private sealed class EfInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
    {
        /// <summary>The armed event's row added to a context's SaveChanges; <c>Own</c>: saved in SaveChanges' own transaction.</summary>
        private sealed record Carried(AuditStagedRow Row, AuditInTransaction Armed, bool Own);

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Carried> Saving = new();

        public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
        {
            if (eventData.Context is not { } context) return result;
            // An earlier SaveChanges of this context that failed without telling (should not happen: see OnSaveFailed) saved
            // nothing: its event row is dropped and the event is free for this one.
            if (Saving.TryGetValue(context, out var failed)) Release(context, failed);
            if (Current.Value is not { Committed: false, stagedIn: null, closed: false } armed || !context.ChangeTracker.HasChanges()) return result;
            // A context without the table in its model does not carry it: the request records the event the ordinary way.
            if (context.Model.FindEntityType(typeof(AuditStagedRow)) is null) return result;
            var row = AuditStagedRow.From(armed.Input, armed.clock.GetUtcNow());
            context.Add(row);
            var outer = context.Database.CurrentTransaction?.GetDbTransaction();
            armed.stagedIn = (object?)outer ?? context;
            Saving.AddOrUpdate(context, new Carried(row, armed, outer is null));
            context.SaveChangesFailed += OnSaveFailed; // also a concurrency conflict, which the interceptor's SaveChangesFailed does not see
            return result;
        }

        // A synchronous SaveChanges does not carry the event: it stays uncommitted and the request records it the ordinary way.

        public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
        {
            if (eventData.Context is not { } context || !Saving.TryGetValue(context, out var carried)) return ValueTask.FromResult(result);
            Saving.Remove(context);
            context.SaveChangesFailed -= OnSaveFailed;
            context.Entry(carried.Row).State = EntityState.Detached;
            if (carried.Own && ReferenceEquals(carried.Armed.stagedIn, context)) carried.Armed.MarkCommitted(); // SaveChanges committed its own transaction
            return ValueTask.FromResult(result - 1);
        }

        public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
        {
            if (eventData.Context is { } context && Saving.TryGetValue(context, out var carried)) Release(context, carried);
            return Task.CompletedTask;
        }

        public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken ct = default)
        {
            if (eventData.Context is { } context && Saving.TryGetValue(context, out var carried)) Release(context, carried);
            return Task.CompletedTask;
        }

        private static void OnSaveFailed(object? sender, SaveChangesFailedEventArgs e)
        {
            if (sender is DbContext context && Saving.TryGetValue(context, out var carried)) Release(context, carried);
        }

        /// <summary>
        /// The save failed: its event row leaves the context. Saved in its own transaction, the event is free again at once;
        /// in the caller's transaction, that transaction's end decides (a rollback frees it, see below).
        /// </summary>
        private static void Release(DbContext context, Carried carried)
        {
            Saving.Remove(context);
            context.SaveChangesFailed -= OnSaveFailed;
            if (context.Entry(carried.Row).State != EntityState.Detached) context.Entry(carried.Row).State = EntityState.Detached;
            if (ReferenceEquals(carried.Armed.stagedIn, context)) carried.Armed.MarkRolledBack();
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            TransactionCommitted(transaction, eventData);
            return Task.CompletedTask;
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
        {
            if (Current.Value is { } armed && ReferenceEquals(armed.stagedIn, transaction)) armed.MarkCommitted();
        }

        public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            TransactionRolledBack(transaction, eventData);
            return Task.CompletedTask;
        }

        public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
        {
            if (Current.Value is { } armed && ReferenceEquals(armed.stagedIn, transaction)) armed.MarkRolledBack();
        }
    }
}
