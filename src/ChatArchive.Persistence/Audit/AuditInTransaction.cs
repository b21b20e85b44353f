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
    private DbTransaction? stagedIn;

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
    /// Null when nothing is armed or the event already rides on a transaction.
    /// </summary>
    public static async Task<AuditInTransaction?> StageAsync(DbConnection conn, DbTransaction tx, CancellationToken ct)
    {
        if (Current.Value is not { Committed: false, stagedIn: null, closed: false } armed) return null;
        await InsertAsync(conn, tx, armed.Input, armed.clock.GetUtcNow(), ct);
        armed.stagedIn = tx;
        return armed;
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
        await using var cmd = DbCommands.Create(conn, tx,
            "INSERT INTO audit_staged (at, actor, role, department, action, object_type, object_id, outcome) VALUES (@t, @a, @r, @d, @x, @ot, @oi, @o)",
            ("t", postgres ? AuditChain.Truncate(at).UtcDateTime : AuditChain.Truncate(at).ToUnixTimeMilliseconds()), ("a", input.Actor), ("r", input.Role),
            ("d", input.Department), ("x", input.Action), ("ot", input.ObjectType), ("oi", input.ObjectId), ("o", input.Outcome));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Entity Framework's writes carry the armed event: a SaveChanges with changes stages it in the context's transaction
    /// (one it begins itself when there is none, committed when the changes are saved), and the commit marks it.
    /// </summary>
    public static readonly IInterceptor Interceptor = new EfInterceptor();

    private sealed class EfInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
    {
        /// <summary>The transactions this interceptor began for a SaveChanges, with the event they carry.</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> Own = new();

        public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
        {
            if (eventData.Context is not { } context || Current.Value is not { Committed: false, stagedIn: null, closed: false } || !context.ChangeTracker.HasChanges()) return result;
            if (context.Database.CurrentTransaction is null)
            {
                var own = await context.Database.BeginTransactionAsync(ct);
                Own.AddOrUpdate(context, own);
            }
            var tx = context.Database.CurrentTransaction!.GetDbTransaction();
            await StageAsync(context.Database.GetDbConnection(), tx, ct);
            return result;
        }

        // A synchronous SaveChanges does not carry the event: it stays uncommitted and the request records it the ordinary way.

        public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
        {
            if (eventData.Context is { } context && Own.TryGetValue(context, out var own))
            {
                Own.Remove(context);
                await own.CommitAsync(ct); // TransactionCommitted below marks the event
                await own.DisposeAsync();
            }
            return result;
        }

        public async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
        {
            if (eventData.Context is { } context && Own.TryGetValue(context, out var own))
            {
                Own.Remove(context);
                await own.RollbackAsync(CancellationToken.None);
                await own.DisposeAsync();
            }
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
