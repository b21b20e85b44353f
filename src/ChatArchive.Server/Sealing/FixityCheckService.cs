using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Sealing;
using ChatArchive.Sealing;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;

namespace ChatArchive.Server.Sealing;

/// <summary>
/// The scheduled fixity job (issue 5 §6): at start and then every ChatArchive:Sealing:FixityInterval it runs the same
/// verification as <c>chatarchive verify --all</c> and records the result as a fixity_checks event.
/// Logs carry counts and package ids only.
/// </summary>
public sealed class FixityCheckService(SealingOptions options, FixityCheckLog log, TimeProvider clock, ILogger<FixityCheckService> logger,
    DatabaseOptions? database = null) : BackgroundService
{
    /// <summary>Problem kind when the store holds fewer packages than at the previous check.</summary>
    public const string PackageCountDropped = "package-count-dropped";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Embedded mode: the archive key is generated on first start (issue 5 §3), before anything can be sealed.
        if (options.EmbeddedMode && options.ArchiveKeyPem is null)
        {
            try { options.LoadArchiveKey().Dispose(); }
            catch (Exception e) when (e is SealingException or IOException) { logger.LogWarning(e, "Archive key could not be prepared"); }
        }
        using var timer = new PeriodicTimer(options.FixityInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync("scheduled", stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing check must not stop the schedule; the next tick tries again.
                logger.LogError(e, "Fixity check failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One verification of every package and chain, recorded as an event; returns the recorded row.</summary>
    public async Task<FixityCheckRecord> RunOnceAsync(string trigger, CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        var record = new FixityCheckRecord { StartedAt = started, Trigger = trigger };
        var store = new FileSystemArchiveStore(options.StoreFolder);
        if (store.ListPackages().Count == 0)
        {
            record.Valid = true;
        }
        else
        {
            try
            {
                // The current key and the keys retired by a rotation (chatarchive keys rotate-seal).
                using var keys = options.LoadKeyRing();
                var report = await new PackageVerifier(store, keys).VerifyAllAsync(ct);
                record.Packages = report.Packages;
                record.Valid = report.Valid;
                record.ProblemCount = report.Problems.Count;
                record.Problems = JsonSerializer.Serialize(report.Problems.Select(p => new { package = p.Package, kind = p.Kind }));
            }
            catch (SealingException)
            {
                record.Packages = store.ListPackages().Count;
                record.Valid = false;
                record.Error = "no-archive-key";
            }
        }
        // Every seal is recorded in the database when it is made: a recorded package or whole chain that is gone from the
        // store, or another seal at a recorded place, is a problem (the same comparison as 'chatarchive verify --all').
        if (database is not null && record.Error is null)
        {
            var missing = await SealRecords.CompareAsync(database, store, ct);
            if (missing.Count > 0)
            {
                var problems = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(record.Problems) ?? [];
                problems.AddRange(missing.Select(p => new Dictionary<string, string> { ["package"] = p.Package, ["kind"] = p.Kind }));
                record.Problems = JsonSerializer.Serialize(problems);
                record.ProblemCount += missing.Count;
                record.Valid = false;
            }
        }
        // The store alone cannot show that the newest package of a chain was removed (no later seal names it);
        // packages are write-once, so fewer than at the previous check means something was taken away.
        var previous = (await log.LatestAsync(1, ct)).FirstOrDefault(r => r.Error is null);
        if (record.Error is null && previous is not null && record.Packages < previous.Packages)
        {
            var problems = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(record.Problems) ?? [];
            problems.Add(new() { ["package"] = "*", ["kind"] = PackageCountDropped });
            record.Problems = JsonSerializer.Serialize(problems);
            record.ProblemCount++;
            record.Valid = false;
        }
        record.FinishedAt = clock.GetUtcNow();
        await log.RecordAsync(record, ct);
        if (record.Valid)
        {
            logger.LogInformation("Fixity check {Id}: {Packages} package(s) valid", record.Id, record.Packages);
        }
        else
        {
            logger.LogWarning("Fixity check {Id}: {Packages} package(s), {Problems} problem(s), error {Error}", record.Id, record.Packages, record.ProblemCount, record.Error ?? "none");
        }
        return record;
    }
}
