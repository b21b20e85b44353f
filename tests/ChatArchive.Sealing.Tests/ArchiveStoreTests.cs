using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Tests.Support;

namespace ChatArchive.Sealing.Tests;

public class ArchiveStoreTests
{
    private static readonly PackageAddress Address = new("bh-0042", "whatsapp", "p000001_20260101-20260211");

    [Fact]
    public async Task A_package_is_invisible_until_commit_and_then_appears_whole()
    {
        using var world = new SealingWorld();
        await using (var draft = world.Store.Begin(Address))
        {
            await using (var s = draft.Create("data/gesprekken/gesprek-0001.json")) await s.WriteAsync("{}\n"u8.ToArray());
            Assert.Empty(world.Store.ListPackages());
            await draft.CommitAsync();
        }
        Assert.Equal([Address], world.Store.ListPackages());
        Assert.Equal(["data/gesprekken/gesprek-0001.json"], world.Store.ListFiles(Address));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(world.Store.Root, ".staging")));
    }

    [Fact]
    public async Task Recovery_leaves_a_package_that_is_still_being_written_alone()
    {
        using var world = new SealingWorld();
        await using var draft = world.Store.Begin(Address);
        await using (var s = draft.Create("bagit.txt")) await s.WriteAsync("BagIt-Version: 1.0\n"u8.ToArray());

        Assert.Equal(0, world.Store.Recover());

        await draft.CommitAsync();
        Assert.True(world.Store.Exists(Address));
    }

    [Fact]
    public async Task A_draft_given_up_leaves_nothing_behind()
    {
        using var world = new SealingWorld();
        await using (var draft = world.Store.Begin(Address))
        {
            await using var s = draft.Create("data/verwijderverantwoording.json");
            await s.WriteAsync("{}"u8.ToArray());
        }
        Assert.Empty(world.Store.ListPackages());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(world.Store.Root, ".staging")));
    }

    [Fact]
    public async Task Records_are_write_once()
    {
        using var world = new SealingWorld();
        await world.Store.WriteRecordAsync(Address, "raw-export-act.json", "{\"action\":\"deleted\"}"u8.ToArray());
        var e = await Assert.ThrowsAsync<SealingException>(() => world.Store.WriteRecordAsync(Address, "raw-export-act.json", "{\"action\":\"kept\"}"u8.ToArray()));
        Assert.Contains("niet overschreven", e.Message);
        Assert.Equal("{\"action\":\"deleted\"}"u8.ToArray(), world.Store.ReadRecord(Address, "raw-export-act.json"));
    }

    [Fact]
    public void A_path_segment_with_a_slash_or_dots_is_refused_in_Dutch()
    {
        using var world = new SealingWorld();
        var e = Assert.Throws<SealingException>(() => world.Store.Begin(Address with { OfficeholderId = "../buiten" }));
        Assert.Contains("geen geldige naam", e.Message);
    }
}
