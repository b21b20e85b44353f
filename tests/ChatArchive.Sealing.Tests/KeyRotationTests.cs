using System.Security.Cryptography;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Keys;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Tests.Support;
using ChatArchive.Sealing.Vault;
using ChatArchive.Sealing.Verification;

namespace ChatArchive.Sealing.Tests;

/// <summary>
/// Key rotation (issue "Security", item 6): the sealing key and the vault key are replaced; packages sealed with the
/// old key still verify through the installation's key ring, a key the installation does not know never does, and
/// the vault's exports are re-encrypted one file at a time so an interruption leaves every file readable.
/// </summary>
public class KeyRotationTests
{
    private static SealingOptions Embedded(string data) => SealingOptions.FromLookup(_ => null, data, embedded: true);

    private static byte[] Export(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAll(RawExportVault vault, string id)
    {
        await using var s = vault.OpenRead(id);
        var m = new MemoryStream();
        await s.CopyToAsync(m);
        return m.ToArray();
    }

    [Fact]
    public async Task Packages_sealed_before_a_rotation_still_verify_and_only_through_the_retired_key()
    {
        using var world = new SealingWorld();
        SecretFile.Replace(world.Options.ArchiveKeyFile, world.Key.ExportPrivateKeyPem());
        var before = await world.SealChainAsync(2);
        Assert.Equal(2, before.Sealed.Count);

        var rotation = KeyRotation.RotateSealKey(world.Options, newKeyOut: null);
        Assert.Equal(world.Key.KeyId, rotation.RetiredKeyId);
        using var next = world.Options.LoadArchiveKey(createIfMissing: false);
        Assert.Equal(rotation.NewKeyId, next.KeyId);
        Assert.NotEqual(world.Key.KeyId, next.KeyId);
        Assert.True(next.HasPrivateKey);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(world.Options.ArchiveKeyFile));
        // Only the public part is kept: a retired key can verify, never sign again.
        Assert.DoesNotContain("PRIVATE", await File.ReadAllTextAsync(rotation.RetiredFile));

        // The chain goes on under the new key.
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-03", new DateOnly(2026, 3, 26), new DateOnly(2026, 5, 6)));
        var after = await new SealService(world.Store, world.Source, next, world.Options, world.Clock, world.Vault).SealAsync(DutchReadOuts.Minister.Id, "whatsapp", "ip-jansen");
        Assert.Single(after.Sealed);

        using (var ring = world.Options.LoadKeyRing())
        {
            Assert.Equal(next.KeyId, ring.Current!.KeyId);
            Assert.Equal([world.Key.KeyId], ring.RetiredKeyIds);
            var report = await new PackageVerifier(world.Store, ring).VerifyAllAsync();
            Assert.True(report.Valid, string.Join("\n", report.Problems.Select(p => p.Detail)));
            Assert.Equal(3, report.Packages);
        }

        // Without the ring (only the current key) the two old packages fail: the ring is what keeps them valid.
        var currentOnly = await new PackageVerifier(world.Store, next).VerifyAllAsync();
        Assert.Equal(2, currentOnly.Problems.Count(p => p.Kind == ProblemKinds.SignatureInvalid));

        // A retired file under another key's name is refused outright; a removed one makes its seals unknown.
        var wrongName = Path.Combine(world.Options.RetiredKeysFolder, ArchiveKeyRing.RetiredPrefix + next.KeyId + ".pem");
        File.Copy(rotation.RetiredFile, wrongName);
        var e = Assert.Throws<SealingException>(() => world.Options.LoadKeyRing());
        Assert.Contains("niet de sleutel die de naam noemt", e.Message);
        File.Delete(wrongName);
        File.Delete(rotation.RetiredFile);
        using (var ring = world.Options.LoadKeyRing())
        {
            var report = await new PackageVerifier(world.Store, ring).VerifyAllAsync();
            Assert.Equal(2, report.Problems.Count(p => p.Kind == ProblemKinds.SignatureInvalid && p.Detail.Contains("onbekende sleutel", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_seal_made_with_a_key_the_installation_never_had_is_refused_even_with_retired_keys()
    {
        using var stranger = ArchiveKey.Generate();
        using var world = new SealingWorld(stranger);
        await world.SealChainAsync(1);
        using var own = ArchiveKey.Generate();
        using var retired = ArchiveKey.Generate();
        using var ring = new ArchiveKeyRing(own, [ArchiveKey.FromPem(retired.ExportPublicKeyPem())]);
        var report = await new PackageVerifier(world.Store, ring).VerifyAllAsync();
        Assert.False(report.Valid);
        Assert.Contains(report.Problems, p => p.Kind == ProblemKinds.SignatureInvalid && p.Detail.Contains("onbekende sleutel", StringComparison.Ordinal));
    }

    [Fact]
    public void Rotation_of_a_configured_key_writes_the_new_key_to_a_file_and_needs_one()
    {
        using var key = ArchiveKey.Generate();
        var data = Directory.CreateTempSubdirectory("chatarchive-rotate-").FullName;
        var options = SealingOptions.FromLookup(k => k == "ChatArchive:Sealing:ArchiveKeyPem" ? key.ExportPrivateKeyPem() : null, data, embedded: false);
        var refused = Assert.Throws<SealingException>(() => KeyRotation.RotateSealKey(options, null));
        Assert.Contains("--out", refused.Message);
        Assert.False(Directory.Exists(options.RetiredKeysFolder));

        var output = Path.Combine(data, "nieuw.pem");
        var r = KeyRotation.RotateSealKey(options, output);
        using var next = ArchiveKey.FromPem(File.ReadAllText(output));
        Assert.Equal(r.NewKeyId, next.KeyId);
        Assert.True(File.Exists(Path.Combine(options.RetiredKeysFolder, $"seal-{key.KeyId}.pem")));
    }

    [Fact]
    public async Task Vault_rotation_re_encrypts_every_export_under_the_new_key()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-rotate-").FullName;
        var options = Embedded(data);
        var vault = options.OpenVault();
        var plain = new[] { Export(10_000, 1), Export(0, 2), Export(4096 * 2, 3) };
        var ids = new List<string>();
        foreach (var p in plain) ids.Add(await vault.StoreAsync(new MemoryStream(p), chunkSize: 4096));
        var oldKey = RawExportVault.ParseKey(File.ReadAllText(options.VaultKeyFile));
        var oldBytes = ids.Select(id => File.ReadAllBytes(vault.PathOf(id))).ToList();

        var r = await KeyRotation.RotateVaultKeyAsync(options, resumeOnly: false);
        Assert.Equal(RawExportVault.KeyId(oldKey), r.RetiredKeyId);
        Assert.Equal(3, r.Files.Reencrypted);
        Assert.Empty(r.Files.Unreadable);
        var newKey = RawExportVault.ParseKey(File.ReadAllText(options.VaultKeyFile));
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(r.CurrentKeyId, RawExportVault.KeyId(newKey));

        // The new key alone reads every file; the old key alone reads none of them any more.
        var onlyNew = new RawExportVault(options.VaultFolder, newKey);
        var onlyOld = new RawExportVault(options.VaultFolder, oldKey);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(plain[i], await ReadAll(onlyNew, ids[i]));
            Assert.NotEqual(oldBytes[i], File.ReadAllBytes(vault.PathOf(ids[i])));
            await Assert.ThrowsAsync<SealingException>(() => ReadAll(onlyOld, ids[i]));
        }
        Assert.Empty(Directory.GetFiles(options.VaultFolder, ".*"));

        // A second run with --resume has nothing left to do.
        var again = await KeyRotation.RotateVaultKeyAsync(options, resumeOnly: true);
        Assert.Equal(0, again.Files.Reencrypted);
        Assert.Equal(3, again.Files.AlreadyCurrent);
    }

    [Fact]
    public async Task A_rotation_interrupted_midway_leaves_every_export_readable_and_a_rerun_finishes_it()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-rotate-").FullName;
        var options = Embedded(data);
        var vault = options.OpenVault();
        var plain = Enumerable.Range(0, 4).Select(i => Export(6000 + i, 10 + i)).ToArray();
        var ids = new List<string>();
        foreach (var p in plain) ids.Add(await vault.StoreAsync(new MemoryStream(p), chunkSize: 4096));

        // The "crash": the process stops after the first file was re-encrypted; a half-written temp file is left behind.
        var done = 0;
        await Assert.ThrowsAsync<IOException>(() => KeyRotation.RotateVaultKeyAsync(options, resumeOnly: false, afterFile: _ =>
        {
            if (++done == 1) throw new IOException("stroom uitgevallen");
        }));
        await File.WriteAllBytesAsync(Path.Combine(options.VaultFolder, $".{ids[3]}.rekey.tmp"), RandomNumberGenerator.GetBytes(100));

        // Meanwhile every export reads back whole, through the ring (new key + retired key), as the server would open it.
        var ring = options.OpenVault();
        for (var i = 0; i < ids.Count; i++) Assert.Equal(plain[i], await ReadAll(ring, ids[i]));
        var current = RawExportVault.ParseKey(File.ReadAllText(options.VaultKeyFile));
        var underNew = 0;
        foreach (var id in ids)
        {
            try { await ReadAll(new RawExportVault(options.VaultFolder, current), id); underNew++; }
            catch (SealingException) { }
        }
        Assert.Equal(1, underNew);

        var resumed = await KeyRotation.RotateVaultKeyAsync(options, resumeOnly: true);
        Assert.Null(resumed.RetiredKeyId);
        Assert.Equal(3, resumed.Files.Reencrypted);
        Assert.Equal(1, resumed.Files.AlreadyCurrent);
        Assert.Equal(1, resumed.Files.TempFilesRemoved);
        Assert.Equal(current, RawExportVault.ParseKey(File.ReadAllText(options.VaultKeyFile)));
        var onlyNew = new RawExportVault(options.VaultFolder, current);
        for (var i = 0; i < ids.Count; i++) Assert.Equal(plain[i], await ReadAll(onlyNew, ids[i]));
    }

    [Fact]
    public async Task A_damaged_export_is_reported_and_left_alone_and_a_configured_key_needs_its_predecessor()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-rotate-").FullName;
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        SealingOptions Configured(string? retired) => SealingOptions.FromLookup(k => k switch
        {
            "ChatArchive:Sealing:VaultKey" => Convert.ToBase64String(newKey),
            "ChatArchive:Sealing:RetiredVaultKeys" => retired,
            _ => null,
        }, data, embedded: false);
        var old = new RawExportVault(Path.Combine(data, "vault"), oldKey);
        var good = await old.StoreAsync(new MemoryStream(Export(5000, 7)), chunkSize: 4096);
        var bad = await old.StoreAsync(new MemoryStream(Export(5000, 8)), chunkSize: 4096);
        var badPath = old.PathOf(bad);
        var bytes = await File.ReadAllBytesAsync(badPath);
        bytes[^5] ^= 0x01;
        await File.WriteAllBytesAsync(badPath, bytes);

        var refused = await Assert.ThrowsAsync<SealingException>(() => KeyRotation.RotateVaultKeyAsync(Configured(null), resumeOnly: false));
        Assert.Contains("RetiredVaultKeys", refused.Message);

        var r = await KeyRotation.RotateVaultKeyAsync(Configured(Convert.ToBase64String(oldKey)), resumeOnly: false);
        Assert.Null(r.RetiredKeyId);
        Assert.Equal(1, r.Files.Reencrypted);
        Assert.Equal([bad], r.Files.Unreadable);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(badPath));
        Assert.Equal(Export(5000, 7), await ReadAll(new RawExportVault(Path.Combine(data, "vault"), newKey), good));
    }
}
