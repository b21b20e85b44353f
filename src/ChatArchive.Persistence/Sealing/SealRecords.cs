using System.Data.Common;
using System.Globalization;
using ChatArchive.Persistence.Audit;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;
using Microsoft.Extensions.Logging;

namespace ChatArchive.Persistence.Sealing;

/// <summary>
/// The seals as the database knows them (table sealed_packages, migration 0801). A chain in the write-once store
/// cannot show its own missing tail: delete the newest package, or a whole chain, and what is left still verifies.
/// So every seal is also recorded here (with an audit event and a fresh anchor of the audit chain head), and
/// <c>verify --all</c> compares each officeholder-and-channel chain in the store with these records.
/// </summary>
public static class SealRecords
{
    public const string RecordedPackageMissing = "recorded-package-missing";
    public const string RecordedChainMissing = "recorded-chain-missing";
    public const string RecordedSealMismatch = "recorded-seal-mismatch";

    public sealed record RecordedSeal(string OfficeholderId, string Channel, long Sequence, string PackageId, string SealSha256, DateTimeOffset SealedAt);

    /// <summary>
    /// After a seal run: records every package of this chain that is in the store but not yet in the database (the new
    /// ones, and any a crash left unrecorded between commit and this call), one audit event per package sealed now, and
    /// anchors the audit chain head. A sequence already recorded for another package is left as recorded (verify reports it).
    /// <paramref name="role"/> is the sealer's role in the audit event ("cli" for the command line).
    /// </summary>
    public static async Task RecordAsync(DatabaseOptions database, IArchiveStore store, string officeholderId, string channel, SealRun run, string sealedBy,
        AuditAnchors anchors, ILogger? log = null, CancellationToken ct = default, string role = "cli")
    {
        await new DatabaseMigrator(database).MigrateAsync(ct: ct);
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        var now = DateTimeOffset.UtcNow;
        await using (var conn = DatabaseSetup.CreateConnection(database))
        {
            await conn.OpenAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            foreach (var link in ChainIndex.Read(store, officeholderId, channel))
            {
                await using var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                // The period (migration 0810) feeds the coverage report; a row recorded before 0810 gets it now.
                cmd.CommandText = "INSERT INTO sealed_packages (officeholder_id, channel, sequence, package_id, seal_sha256, sealed_at, recorded_at, period_start, period_end) " +
                                  "VALUES (@o, @c, @s, @p, @h, @at, @rec, @ps, @pe) ON CONFLICT (officeholder_id, channel, sequence) DO UPDATE " +
                                  "SET period_start = excluded.period_start, period_end = excluded.period_end " +
                                  "WHERE sealed_packages.period_start IS NULL AND sealed_packages.package_id = excluded.package_id";
                Add(cmd, "@o", link.Address.OfficeholderId);
                Add(cmd, "@c", link.Address.Channel);
                Add(cmd, "@s", link.Statement.Sequence);
                Add(cmd, "@p", link.Address.PackageId);
                Add(cmd, "@h", link.SealSha256);
                Add(cmd, "@at", pg ? link.Statement.SealedAt.UtcDateTime : link.Statement.SealedAt.ToUnixTimeMilliseconds());
                Add(cmd, "@rec", pg ? now.UtcDateTime : now.ToUnixTimeMilliseconds());
                Add(cmd, "@ps", pg ? link.Statement.PeriodStart : link.Statement.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Add(cmd, "@pe", pg ? link.Statement.PeriodEnd : link.Statement.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                await cmd.ExecuteNonQueryAsync(ct);
            }
            // The events in the same transaction as the seals' records (AuditInTransaction): a crash after this commit
            // cannot leave a recorded seal without its event; they are chained just below, or by the next chainer.
            foreach (var p in run.Sealed)
            {
                await AuditInTransaction.InsertAsync(conn, tx, new AuditEventInput(sealedBy, role, null, AuditActions.Seal, "package", p.Link.Address.ToString()), now, ct);
            }
            // The raw export deleted from the vault after sealing (the department keeps no raw dataset): its own event.
            foreach (var act in run.RawExportActs.Where(a => a.Action is "deleted" or "already-absent"))
            {
                await AuditInTransaction.InsertAsync(conn, tx, new AuditEventInput(sealedBy, role, null, AuditActions.RawExportDestroy, "raw-export",
                    $"{act.ReadOutId}/{act.VaultId}", act.Action == "deleted" ? AuditOutcomes.Success : AuditOutcomes.AlreadyDone), now, ct);
            }
            await tx.CommitAsync(ct);
        }
        var trail = new AuditTrail(database, TimeProvider.System);
        await trail.ChainStagedAsync(ct);
        if (run.Sealed.Count > 0) await AuditVerifier.AnchorAsync(trail, anchors, TimeProvider.System, log, ct);
    }

    /// <summary>How many recorded seals got their period from the store, and which still have none (package not in the store).</summary>
    public sealed record BackfillResult(int Filled, int AlreadyFilled, IReadOnlyList<string> NotInStore);

    /// <summary>
    /// Fills in the period (migration 0810) of seals recorded before it, from each package's own seal statement in the
    /// store. Only rows whose package id matches the package at that place in the chain are filled; nothing else changes
    /// (a package missing from the store stays without period and is listed; <c>verify --all</c> reports it). One
    /// transaction: all or nothing. Safe to run again.
    /// </summary>
    public static async Task<BackfillResult> BackfillPeriodsAsync(DatabaseOptions database, IArchiveStore store, CancellationToken ct = default)
    {
        await new DatabaseMigrator(database).MigrateAsync(ct: ct);
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        var links = store.ListPackages().Select(a => ChainIndex.TryReadLink(store, a)).OfType<ChainLink>()
            .ToDictionary(l => (l.Address.OfficeholderId, l.Address.Channel, l.Statement.Sequence, l.Address.PackageId));
        var missing = new List<(string Officeholder, string Channel, long Sequence, string Package)>();
        int already;
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using (var count = conn.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM sealed_packages WHERE period_start IS NOT NULL";
            already = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        await using (var read = conn.CreateCommand())
        {
            read.CommandText = "SELECT officeholder_id, channel, sequence, package_id FROM sealed_packages WHERE period_start IS NULL ORDER BY officeholder_id, channel, sequence";
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) missing.Add((r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3)));
        }
        var filled = 0;
        var notInStore = new List<string>();
        await using var tx = await conn.BeginTransactionAsync(ct);
        foreach (var m in missing)
        {
            if (!links.TryGetValue((m.Officeholder, m.Channel, m.Sequence, m.Package), out var link))
            {
                notInStore.Add($"{m.Officeholder}/{m.Channel}/{m.Package}");
                continue;
            }
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE sealed_packages SET period_start = @ps, period_end = @pe " +
                              "WHERE officeholder_id = @o AND channel = @c AND sequence = @s AND package_id = @p AND period_start IS NULL";
            Add(cmd, "@o", m.Officeholder);
            Add(cmd, "@c", m.Channel);
            Add(cmd, "@s", m.Sequence);
            Add(cmd, "@p", m.Package);
            Add(cmd, "@ps", pg ? link.Statement.PeriodStart : link.Statement.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add(cmd, "@pe", pg ? link.Statement.PeriodEnd : link.Statement.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            filled += await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new BackfillResult(filled, already, notInStore);
    }

    /// <summary>Every recorded seal, in chain order.</summary>
    public static async Task<IReadOnlyList<RecordedSeal>> ReadAsync(DatabaseOptions database, CancellationToken ct = default)
    {
        await new DatabaseMigrator(database).MigrateAsync(ct: ct);
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        var list = new List<RecordedSeal>();
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT officeholder_id, channel, sequence, package_id, seal_sha256, sealed_at FROM sealed_packages ORDER BY officeholder_id, channel, sequence";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var at = pg ? new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(5), DateTimeKind.Utc)) : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5));
            list.Add(new RecordedSeal(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), at));
        }
        return list;
    }

    /// <summary>Problems of the store against the records: a recorded package missing or replaced, a recorded chain gone.</summary>
    public static async Task<IReadOnlyList<VerificationProblem>> CompareAsync(DatabaseOptions database, IArchiveStore store, CancellationToken ct = default) =>
        Compare(await ReadAsync(database, ct), store);

    public static IReadOnlyList<VerificationProblem> Compare(IReadOnlyList<RecordedSeal> recorded, IArchiveStore store)
    {
        var problems = new List<VerificationProblem>();
        var inStore = store.ListPackages().Select(a => ChainIndex.TryReadLink(store, a)).OfType<ChainLink>()
            .GroupBy(l => (l.Address.OfficeholderId, l.Address.Channel))
            .ToDictionary(g => g.Key, g => g.GroupBy(l => l.Statement.Sequence).ToDictionary(s => s.Key, s => s.First()));
        var packagesByChain = store.ListPackages().GroupBy(a => (a.OfficeholderId, a.Channel)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var chain in recorded.GroupBy(r => (r.OfficeholderId, r.Channel)))
        {
            var key = chain.Key;
            var links = inStore.GetValueOrDefault(key) ?? [];
            if (!packagesByChain.ContainsKey(key))
            {
                var last = chain.MaxBy(r => r.Sequence)!;
                problems.Add(new VerificationProblem($"{key.OfficeholderId}/{key.Channel}", null, RecordedChainMissing,
                    $"De hele keten ontbreekt in het archief: de database kent {chain.Count()} verzegeld(e) pakket(ten), het laatste ({last.PackageId}) verzegeld op " +
                    $"{last.SealedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}. Zet de pakketten terug uit de back-up en controleer opnieuw."));
                continue;
            }
            foreach (var r in chain)
            {
                var name = $"{r.OfficeholderId}/{r.Channel}/{r.PackageId}";
                if (!links.TryGetValue(r.Sequence, out var link))
                {
                    // A package whose seal cannot be read is reported by the content check; only a truly absent one here.
                    if (store.Exists(new PackageAddress(r.OfficeholderId, r.Channel, r.PackageId))) continue;
                    problems.Add(new VerificationProblem(name, null, RecordedPackageMissing,
                        $"Pakket {r.Sequence} van deze keten is verzegeld op {r.SealedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} " +
                        "en staat in de database, maar ontbreekt in het archief. Zet het terug uit de back-up en controleer opnieuw."));
                }
                else if (link.SealSha256 != r.SealSha256 || link.Address.PackageId != r.PackageId)
                {
                    problems.Add(new VerificationProblem(link.Address.ToString(), ChatArchive.Sealing.BagIt.BagItNames.SealStatement, RecordedSealMismatch,
                        $"Op plaats {r.Sequence} van de keten staat een ander zegel dan het verzegelde pakket {r.PackageId} dat de database kent: het pakket is vervangen."));
                }
            }
        }
        return problems;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
