using System.Text.Json;
using ChatArchive.Domain.Policies;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Tests.Support;

namespace ChatArchive.Sealing.Tests;

public class SealServiceTests
{
    [Fact]
    public async Task Read_out_with_open_decisions_waits_and_the_chain_continues_when_it_is_done()
    {
        using var world = new SealingWorld();
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11)));
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-02", new DateOnly(2026, 2, 12), new DateOnly(2026, 3, 25), decisionsComplete: false));

        var first = await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");
        Assert.Equal(["ro-2026-01"], first.Sealed.Select(p => p.Link.Statement.ReadOutId));
        Assert.Equal(["ro-2026-02"], first.WaitingForDecisionsReadOutIds);

        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-02", new DateOnly(2026, 2, 12), new DateOnly(2026, 3, 25)));
        var second = await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");
        var p2 = Assert.Single(second.Sealed);
        Assert.Equal(2, p2.Link.Statement.Sequence);
        Assert.Equal(first.Sealed[0].Link.SealSha256, p2.Link.Statement.PreviousSealSha256);
        Assert.True((await world.Verifier().VerifyAllAsync()).Valid);
    }

    [Fact]
    public async Task Without_cleaning_every_read_out_is_sealed_even_with_open_decisions()
    {
        using var world = new SealingWorld();
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11), CleaningMode.None, decisionsComplete: false));
        var run = await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");
        var p = Assert.Single(run.Sealed);
        Assert.Equal(0, p.Removed);
    }

    [Fact]
    public async Task Raw_export_is_deleted_after_sealing_when_the_policy_says_so_and_the_act_is_recorded()
    {
        using var world = new SealingWorld();
        var vaultId = await world.Vault.StoreAsync(new MemoryStream("ruwe export WhatsApp"u8.ToArray()));
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11), vaultId: vaultId, keepRaw: false));

        var run = await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");

        Assert.False(world.Vault.Exists(vaultId));
        var act = Assert.Single(run.RawExportActs);
        Assert.Equal("deleted", act.Action);
        var record = world.Store.ReadRecord(run.Sealed[0].Link.Address, SealService.RawExportRecord);
        Assert.NotNull(record);
        using var doc = JsonDocument.Parse(record);
        Assert.Equal("deleted", doc.RootElement.GetProperty("action").GetString());
        Assert.Equal(vaultId, doc.RootElement.GetProperty("vaultId").GetString());
    }

    [Fact]
    public async Task Raw_export_is_kept_when_the_department_keeps_the_raw_dataset()
    {
        using var world = new SealingWorld();
        var vaultId = await world.Vault.StoreAsync(new MemoryStream("ruwe export WhatsApp"u8.ToArray()));
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11), vaultId: vaultId, keepRaw: true));

        var run = await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");

        Assert.True(world.Vault.Exists(vaultId));
        Assert.Equal("kept", Assert.Single(run.RawExportActs).Action);
    }

    [Fact]
    public async Task A_raw_export_act_interrupted_by_a_crash_is_completed_on_the_next_run()
    {
        using var world = new SealingWorld();
        var vaultId = await world.Vault.StoreAsync(new MemoryStream("ruwe export"u8.ToArray()));
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11), vaultId: vaultId));
        // The package was committed but the process died before the act: simulate by sealing without a vault.
        var interrupted = new SealService(world.Store, world.Source, world.Key, world.Options, world.Clock, rawExports: null);
        var e = await Assert.ThrowsAsync<SealingException>(() => interrupted.SealAsync("bh-0042", "whatsapp", "ip-jansen"));
        Assert.Contains("VaultKey", e.Message);
        Assert.True(world.Vault.Exists(vaultId));

        var resumed = await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");

        Assert.Empty(resumed.Sealed);
        Assert.Equal("deleted", Assert.Single(resumed.RawExportActs).Action);
        Assert.False(world.Vault.Exists(vaultId));
    }

    [Fact]
    public async Task Unknown_channel_gives_a_Dutch_error_and_writes_nothing()
    {
        using var world = new SealingWorld();
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11)));
        var e = await Assert.ThrowsAsync<SealingException>(() => world.Service().SealAsync("bh-0042", "whatsap", "ip-jansen"));
        Assert.Contains("Kanaal 'whatsap' is onbekend", e.Message);
        Assert.Empty(world.Store.ListPackages());
    }

    [Fact]
    public async Task A_missing_attachment_stops_the_seal_and_leaves_no_package_behind()
    {
        using var world = new SealingWorld();
        var r = DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11));
        await Sources.FolderSealSource.WriteAsync(world.Options.SourceFolder!, r); // no attachment files

        var e = await Assert.ThrowsAsync<SealingException>(() => world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen"));

        Assert.Contains("ontbreekt in de bron", e.Message);
        Assert.Empty(world.Store.ListPackages());
        Assert.Empty(Directory.GetDirectories(Path.Combine(world.Store.Root, ".staging")));
    }

    [Fact]
    public async Task Chains_of_different_channels_are_independent()
    {
        using var world = new SealingWorld();
        await world.SealChainAsync(2);
        var sms = DutchReadOuts.ReadOut("ro-sms-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11)) with { Channel = "sms" };
        await world.AddAsync(sms);
        var run = await world.Service().SealAsync("bh-0042", "sms", "ip-jansen");
        var p = Assert.Single(run.Sealed);
        Assert.Equal(1, p.Link.Statement.Sequence);
        Assert.Equal(SealStatement.Genesis, p.Link.Statement.PreviousSealSha256);
        Assert.True((await world.Verifier().VerifyAllAsync()).Valid);
    }
}
