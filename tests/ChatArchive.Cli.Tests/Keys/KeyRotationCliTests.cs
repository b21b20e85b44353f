using System.Security.Cryptography;
using System.Text.Json;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Persistence;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Keys;
using ChatArchive.Sealing.Vault;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Keys;

/// <summary>
/// Key rotation on the built CLI, on PostgreSQL and SQLite (issue "Security", item 6): a package sealed before
/// <c>keys rotate-seal</c> still passes <c>verify --all</c> next to one sealed after it; <c>keys rotate-vault</c>
/// re-encrypts the kept raw export, whose attachment is then sealed from the vault under the new key.
/// </summary>
public class KeyRotationCliTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Old_and_new_seals_verify_after_both_rotations_and_the_vault_is_under_the_new_key(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "keyrot");
        await IngestionData.RegisterOfficeholderAsync(db, 7, cleaning: "None", keepRawDataset: true);
        await IngestionData.RegisterOfficeholderAsync(db, 8, cleaning: "None", keepRawDataset: true);
        // Both providers keep their keys in files here (production may also configure them): keys/archive-signing.pem, keys/vault.key.
        var keys = Path.Combine(db.DataFolder, "keys");
        using (var first = ArchiveKey.Generate()) SecretFile.LoadOrCreate(Path.Combine(keys, "archive-signing.pem"), first.ExportPrivateKeyPem);
        SecretFile.LoadOrCreate(Path.Combine(keys, "vault.key"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var env = IngestionData.Env(db);

        Assert.Equal(0, (await CliRunner.RunAsync(["ingest", IngestionData.WriteZipWithPhoto(IngestionData.February, RandomNumberGenerator.GetBytes(2048)), "--officeholder", "7", "--channel", "whatsapp"], env)).ExitCode);
        var sealOld = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.True(sealOld.ExitCode == 0, sealOld.StdErr);
        var photo = RandomNumberGenerator.GetBytes(4096);
        var ingest8 = await CliRunner.RunAsync(["ingest", IngestionData.WriteZipWithPhoto(IngestionData.February, photo), "--officeholder", "8", "--channel", "whatsapp"], env);
        Assert.True(ingest8.ExitCode == 0, ingest8.StdErr);
        var vaultFiles = Directory.GetFiles(Path.Combine(db.DataFolder, "vault"), "*.vault").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, vaultFiles.Length);
        var vaultBefore = vaultFiles.Select(File.ReadAllBytes).ToArray();
        var oldVaultKey = RawExportVault.ParseKey(File.ReadAllText(Path.Combine(keys, "vault.key")));

        var list = await CliRunner.RunAsync(["keys", "list"], env);
        Assert.True(list.ExitCode == 0, list.StdErr);
        var oldSealId = list.StdOut.Split('\n').Single(l => l.StartsWith("seal current ", StringComparison.Ordinal))["seal current ".Length..].Trim();

        var rotateSeal = await CliRunner.RunAsync(["keys", "rotate-seal"], env);
        Assert.True(rotateSeal.ExitCode == 0, rotateSeal.StdErr);
        var newSealId = rotateSeal.StdOut.Trim();
        Assert.NotEqual(oldSealId, newSealId);
        Assert.Contains("blijven controleerbaar", rotateSeal.StdErr);

        var rotateVault = await CliRunner.RunAsync(["keys", "rotate-vault"], env);
        Assert.True(rotateVault.ExitCode == 0, rotateVault.StdErr);
        Assert.Contains("2 ruwe export(en) opnieuw versleuteld", rotateVault.StdErr);
        var newVaultKey = RawExportVault.ParseKey(File.ReadAllText(Path.Combine(keys, "vault.key")));
        Assert.NotEqual(oldVaultKey, newVaultKey);
        for (var i = 0; i < vaultFiles.Length; i++)
        {
            Assert.NotEqual(vaultBefore[i], File.ReadAllBytes(vaultFiles[i]));
            await using var s = new RawExportVault(Path.Combine(db.DataFolder, "vault"), newVaultKey).OpenRead(Path.GetFileNameWithoutExtension(vaultFiles[i]));
            await s.CopyToAsync(Stream.Null);
        }

        // After both rotations: officeholder 8 is sealed with the new key, its photo read from the re-encrypted vault.
        var sealNew = await CliRunner.RunAsync(["seal", "--officeholder", "8", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.True(sealNew.ExitCode == 0, sealNew.StdErr);
        var package = sealNew.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().Trim();
        var attachment = Directory.EnumerateFiles(Path.Combine(package, "data"), "IMG-20240205-WA0003.jpg", SearchOption.AllDirectories).Single();
        Assert.Equal(photo, await File.ReadAllBytesAsync(attachment));
        Assert.Contains(newSealId, await File.ReadAllTextAsync(Path.Combine(package, ChatArchive.Sealing.BagIt.BagItNames.SealStatement)));

        var verify = await CliRunner.RunAsync(["verify", "--all", "--json"], env);
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
        using (var report = JsonDocument.Parse(verify.StdOut))
        {
            Assert.True(report.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal(2, report.RootElement.GetProperty("packages").GetInt32());
        }
        var listAfter = await CliRunner.RunAsync(["keys", "list"], env);
        Assert.Contains($"seal current {newSealId}", listAfter.StdOut);
        Assert.Contains($"seal retired {oldSealId}", listAfter.StdOut);
        Assert.Contains($"vault current {RawExportVault.KeyId(newVaultKey)}", listAfter.StdOut);

        // Without the retired public key the old package's seal is from a key the installation does not know.
        File.Delete(Path.Combine(keys, "retired", $"seal-{oldSealId}.pem"));
        var refused = await CliRunner.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("onbekende sleutel", refused.StdOut);
    }
}
