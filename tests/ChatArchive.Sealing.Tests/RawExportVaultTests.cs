using System.Security.Cryptography;
using ChatArchive.Sealing.Vault;
using ChatArchive.Sealing.Tests.Support;

namespace ChatArchive.Sealing.Tests;

public class RawExportVaultTests
{
    private static byte[] Export(int size)
    {
        // A WhatsApp export is text with a recognisable phrase; it must never show up on disk.
        var line = "22-11-2026 09:12 - Karin van Dijk: Graag de nota over de Voorjaarsnota vóór 14:00.\n"u8.ToArray();
        var bytes = new byte[size];
        for (var i = 0; i < size; i++) bytes[i] = line[i % line.Length];
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(4096 * 3)]
    [InlineData(4096 * 3 + 17)]
    public async Task Stored_export_reads_back_exactly(int size)
    {
        using var world = new SealingWorld();
        var plain = Export(size);
        var id = await world.Vault.StoreAsync(new MemoryStream(plain), chunkSize: 4096);
        await using var read = world.Vault.OpenRead(id);
        var back = new MemoryStream();
        await read.CopyToAsync(back);
        Assert.Equal(plain, back.ToArray());
    }

    [Fact]
    public async Task Export_is_never_readable_on_disk_in_the_clear()
    {
        using var world = new SealingWorld();
        var plain = Export(100_000);
        var id = await world.Vault.StoreAsync(new MemoryStream(plain), chunkSize: 4096);
        var onDisk = await File.ReadAllBytesAsync(world.Vault.PathOf(id));
        Assert.Equal(-1, onDisk.AsSpan().IndexOf("Karin van Dijk"u8));
        Assert.Equal(-1, onDisk.AsSpan().IndexOf("Voorjaarsnota"u8));
        Assert.Single(Directory.GetFiles(world.Vault.Folder));
    }

    [Fact]
    public async Task A_flipped_byte_in_the_vault_file_is_refused()
    {
        using var world = new SealingWorld();
        var id = await world.Vault.StoreAsync(new MemoryStream(Export(20_000)), chunkSize: 4096);
        var path = world.Vault.PathOf(id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[10_000] ^= 0x80;
        await File.WriteAllBytesAsync(path, bytes);
        await Assert.ThrowsAsync<SealingException>(() => ReadAll(world.Vault, id));
    }

    [Fact]
    public async Task A_truncated_vault_file_is_refused_even_at_a_chunk_boundary()
    {
        using var world = new SealingWorld();
        var id = await world.Vault.StoreAsync(new MemoryStream(Export(4096 * 3 + 5)), chunkSize: 4096);
        var path = world.Vault.PathOf(id);
        var bytes = await File.ReadAllBytesAsync(path);
        // Drop the final chunk exactly: header + 3 whole chunks remain, each a valid ciphertext on its own.
        var kept = 44 + 3 * (4 + 4096 + 16);
        await File.WriteAllBytesAsync(path, bytes[..kept]);
        var e = await Assert.ThrowsAsync<SealingException>(() => ReadAll(world.Vault, id));
        Assert.Contains("afgekapt", e.Message);
    }

    [Fact]
    public async Task Swapped_chunks_are_refused()
    {
        using var world = new SealingWorld();
        var id = await world.Vault.StoreAsync(new MemoryStream(Export(4096 * 3)), chunkSize: 4096);
        var path = world.Vault.PathOf(id);
        var bytes = await File.ReadAllBytesAsync(path);
        const int chunk = 4 + 4096 + 16;
        var swapped = bytes[..44].Concat(bytes[(44 + chunk)..(44 + 2 * chunk)]).Concat(bytes[44..(44 + chunk)]).Concat(bytes[(44 + 2 * chunk)..]).ToArray();
        await File.WriteAllBytesAsync(path, swapped);
        await Assert.ThrowsAsync<SealingException>(() => ReadAll(world.Vault, id));
    }

    [Fact]
    public async Task Another_key_cannot_read_the_export()
    {
        using var world = new SealingWorld();
        var id = await world.Vault.StoreAsync(new MemoryStream(Export(5000)));
        var other = new RawExportVault(world.Vault.Folder, RandomNumberGenerator.GetBytes(32));
        await Assert.ThrowsAsync<SealingException>(() => ReadAll(other, id));
    }

    [Theory]
    [InlineData(null, "geen sleutel")]
    [InlineData("dit-is-geen-base64!", "geen geldige base64")]
    [InlineData("AAAA", "32 bytes")]
    public void A_bad_vault_key_gives_a_Dutch_error_that_says_how_to_make_one(string? key, string expected)
    {
        var e = Assert.Throws<SealingException>(() => RawExportVault.ParseKey(key));
        Assert.Contains(expected, e.Message);
        Assert.Contains(key is null ? "openssl rand -base64 32" : "openssl rand", e.Message);
    }

    private static async Task ReadAll(RawExportVault vault, string id)
    {
        await using var s = vault.OpenRead(id);
        await s.CopyToAsync(Stream.Null);
    }
}
