using ChatArchive.Sealing.Keys;
using ChatArchive.Sealing.Packaging;

namespace ChatArchive.Sealing.Tests;

public class EmbeddedKeysTests
{
    [Fact]
    public void Embedded_mode_generates_one_vault_key_and_keeps_it_across_starts()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-keys-").FullName;
        var first = SealingOptions.FromLookup(_ => null, data, embedded: true);
        var second = SealingOptions.FromLookup(_ => null, data, embedded: true);

        Assert.Null(first.VaultKeyBase64); // nothing configured, nothing created by merely reading the settings
        Assert.False(File.Exists(Path.Combine(data, "keys", "vault.key")));
        var key = first.ResolveVaultKey();
        Assert.NotNull(key);
        Assert.Equal(key, second.ResolveVaultKey());
        Assert.Equal(32, Convert.FromBase64String(key!).Length);
        var file = Path.Combine(data, "keys", "vault.key");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Production_mode_never_generates_a_vault_key()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-keys-").FullName;
        var options = SealingOptions.FromLookup(_ => null, data, embedded: false);
        Assert.Null(options.ResolveVaultKey());
        Assert.False(File.Exists(Path.Combine(data, "keys", "vault.key")));
    }

    [Fact]
    public void A_secret_file_is_never_replaced_once_written()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("chatarchive-keys-").FullName, "k", "secret");
        Assert.Equal("een", SecretFile.LoadOrCreate(path, () => "een"));
        Assert.Equal("een", SecretFile.LoadOrCreate(path, () => "twee"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }
}
