using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.Sealing;
using ChatArchive.Sealing.Tests.Support;
using ChatArchive.Server.Sealing;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatArchive.Sealing.Tests;

/// <summary>
/// The scheduled fixity job compares the store with the seals recorded in the database (as 'verify --all' does): the
/// newest package of a chain, or a whole chain, that is gone is reported by the very first check after the removal,
/// without an earlier check to compare counts with.
/// </summary>
public class AuditAnchoredFixityTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_fixity_job_reports_a_removed_newest_package_and_a_removed_chain_from_the_recorded_seals(DatabaseProvider provider)
    {
        using var world = new SealingWorld();
        var run = await world.SealChainAsync(3);
        Directory.CreateDirectory(Path.GetDirectoryName(world.Options.ArchiveKeyFile)!);
        await File.WriteAllTextAsync(world.Options.ArchiveKeyFile, world.Key.ExportPublicKeyPem());
        var db = await TestDatabases.CreateAsync(provider, "fixityrecorded");
        var services = new ServiceCollection().AddChatArchivePersistence(db).BuildServiceProvider();
        var log = new FixityCheckLog(services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>());
        await SealRecords.RecordAsync(db, world.Store, DutchReadOuts.Minister.Id, "whatsapp", run, "ip-jansen",
            new AuditAnchors(Path.Combine(world.Options.StoreFolder, "audit-anchors")));

        // No earlier check: the recorded seals alone show what is missing.
        Directory.Delete(run.Sealed[2].Location, recursive: true);
        Assert.True((await world.Verifier().VerifyAllAsync()).Valid, "the store alone still looks complete");
        var job = new FixityCheckService(world.Options, log, world.Clock, NullLogger<FixityCheckService>.Instance, db);
        var first = await job.RunOnceAsync("scheduled");
        Assert.False(first.Valid);
        Assert.Equal(2, first.Packages);
        Assert.Equal([SealRecords.RecordedPackageMissing], Kinds(first.Problems));

        foreach (var p in run.Sealed.Take(2)) Directory.Delete(p.Location, recursive: true);
        var second = await job.RunOnceAsync("scheduled");
        Assert.False(second.Valid);
        Assert.Contains(SealRecords.RecordedChainMissing, Kinds(second.Problems));
        Assert.DoesNotContain(DutchReadOuts.Minister.Name, second.Problems);
    }

    private static List<string> Kinds(string problems)
    {
        using var doc = JsonDocument.Parse(problems);
        return doc.RootElement.EnumerateArray().Select(p => p.GetProperty("kind").GetString()!).ToList();
    }
}
