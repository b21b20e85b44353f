using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Sealing;
using ChatArchive.Sealing.Tests.Support;
using ChatArchive.Server.Sealing;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatArchive.Sealing.Tests;

/// <summary>The scheduled fixity job's one run, on a real PostgreSQL and SQLite, without a web host.</summary>
public class FixityCheckTests
{
    private static async Task<FixityCheckLog> LogAsync(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "fixity");
        var services = new ServiceCollection().AddChatArchivePersistence(db).BuildServiceProvider();
        return new FixityCheckLog(services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fixity_check_records_a_valid_run_and_then_the_damage_as_events(DatabaseProvider provider)
    {
        using var world = new SealingWorld();
        var run = await world.SealChainAsync(2);
        Directory.CreateDirectory(Path.GetDirectoryName(world.Options.ArchiveKeyFile)!);
        await File.WriteAllTextAsync(world.Options.ArchiveKeyFile, world.Key.ExportPublicKeyPem());
        var log = await LogAsync(provider);
        var job = new FixityCheckService(world.Options, log, world.Clock, NullLogger<FixityCheckService>.Instance);

        var first = await job.RunOnceAsync("manual");
        Assert.True(first.Valid);
        Assert.Equal(2, first.Packages);
        Assert.Equal(0, first.ProblemCount);

        var photo = Path.Combine(run.Sealed[1].Location, "data/gesprekken/gesprek-0001/bijlagen/foto_werkbezoek_Zwolle.jpg");
        SealingWorld.Unlock(photo);
        await File.AppendAllTextAsync(photo, "x");
        world.Clock.Now = world.Clock.Now.AddDays(1);
        var second = await job.RunOnceAsync("scheduled");

        var latest = await log.LatestAsync(5);
        Assert.Equal(2, latest.Count);
        Assert.Equal(second.Id, latest[0].Id);
        Assert.False(latest[0].Valid);
        Assert.Equal("scheduled", latest[0].Trigger);
        Assert.Equal(world.Clock.Now, latest[0].StartedAt);
        Assert.True(latest[0].ProblemCount >= 1);
        using var problems = JsonDocument.Parse(latest[0].Problems);
        var kinds = problems.RootElement.EnumerateArray().Select(p => (p.GetProperty("package").GetString(), p.GetProperty("kind").GetString())).ToList();
        Assert.Contains((run.Sealed[1].Link.Address.ToString(), "checksum-mismatch"), kinds);
        // File names can hold personal names: the event keeps package ids and kinds only.
        Assert.DoesNotContain("Zwolle", latest[0].Problems);
        Assert.True(latest[1].Valid);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Fixity_check_without_the_archive_key_records_that_it_could_not_verify(DatabaseProvider provider)
    {
        using var world = new SealingWorld();
        await world.SealChainAsync(1);
        var log = await LogAsync(provider);
        var job = new FixityCheckService(world.Options, log, world.Clock, NullLogger<FixityCheckService>.Instance);

        var record = await job.RunOnceAsync("manual");

        Assert.False(record.Valid);
        Assert.Equal("no-archive-key", record.Error);
        Assert.Equal(1, record.Packages);
        Assert.Equal("no-archive-key", Assert.Single(await log.LatestAsync(5)).Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Removing_the_newest_package_of_a_chain_is_caught_by_the_next_fixity_check(DatabaseProvider provider)
    {
        // No later seal names the newest package, so the chain alone cannot miss it; the fixity history can.
        using var world = new SealingWorld();
        var run = await world.SealChainAsync(3);
        Directory.CreateDirectory(Path.GetDirectoryName(world.Options.ArchiveKeyFile)!);
        await File.WriteAllTextAsync(world.Options.ArchiveKeyFile, world.Key.ExportPublicKeyPem());
        var log = await LogAsync(provider);
        var job = new FixityCheckService(world.Options, log, world.Clock, NullLogger<FixityCheckService>.Instance);
        Assert.True((await job.RunOnceAsync("scheduled")).Valid);

        Directory.Delete(run.Sealed[2].Location, recursive: true);
        Assert.True((await world.Verifier().VerifyAllAsync()).Valid, "the store alone still looks complete");

        var after = await job.RunOnceAsync("scheduled");
        Assert.False(after.Valid);
        Assert.Equal(2, after.Packages);
        Assert.Contains(FixityCheckService.PackageCountDropped, after.Problems);
    }
}
