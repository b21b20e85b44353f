using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Packaging;

namespace ChatArchive.Sealing.Tests;

public class ArchiveKeyTests
{
    private static SealingOptions Options(string dataFolder, bool embedded, string? pem = null) =>
        SealingOptions.FromLookup(k => k == "ChatArchive:Sealing:ArchiveKeyPem" ? pem : null, dataFolder, embedded);

    [Fact]
    public void Embedded_mode_generates_a_key_on_first_start_and_reuses_it_after()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-key-").FullName;
        var options = Options(data, embedded: true);
        using var first = options.LoadArchiveKey();
        using var second = options.LoadArchiveKey();
        Assert.Equal(first.KeyId, second.KeyId);
        Assert.True(File.Exists(options.ArchiveKeyFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.ArchiveKeyFile));
        var sig = first.Sign("zegel"u8);
        Assert.True(second.Verify("zegel"u8, sig));
    }

    [Fact]
    public void Server_mode_without_a_configured_key_refuses_with_a_Dutch_error()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-key-").FullName;
        var e = Assert.Throws<SealingException>(() => Options(data, embedded: false).LoadArchiveKey());
        Assert.Contains("ArchiveKeyPem", e.Message);
        Assert.False(File.Exists(Path.Combine(data, "keys", "archive-signing.pem")));
    }

    [Fact]
    public void Verification_never_creates_a_key()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-key-").FullName;
        Assert.Throws<SealingException>(() => Options(data, embedded: true).LoadArchiveKey(createIfMissing: false));
        Assert.False(Directory.Exists(Path.Combine(data, "keys")));
    }

    [Fact]
    public void A_configured_PEM_key_is_used_and_a_broken_one_is_explained_in_Dutch()
    {
        using var key = ArchiveKey.Generate();
        var data = Directory.CreateTempSubdirectory("chatarchive-key-").FullName;
        using var loaded = Options(data, embedded: false, key.ExportPrivateKeyPem()).LoadArchiveKey();
        Assert.Equal(key.KeyId, loaded.KeyId);
        var e = Assert.Throws<SealingException>(() => Options(data, embedded: false, "-----BEGIN PRIVATE KEY-----\nkapot\n-----END PRIVATE KEY-----").LoadArchiveKey());
        Assert.Contains("geen geldige PEM-sleutel", e.Message);
    }

    [Fact]
    public void A_public_key_verifies_but_cannot_seal()
    {
        using var key = ArchiveKey.Generate();
        using var publicOnly = ArchiveKey.FromPem(key.ExportPublicKeyPem());
        Assert.Equal(key.KeyId, publicOnly.KeyId);
        Assert.True(publicOnly.Verify("x"u8, key.Sign("x"u8)));
        Assert.Throws<SealingException>(() => publicOnly.Sign("x"u8));
    }

    [Fact]
    public void A_bad_fixity_interval_gives_a_Dutch_error()
    {
        var e = Assert.Throws<SealingException>(() => SealingOptions.FromLookup(k => k.EndsWith("FixityInterval") ? "elke dag" : null, "/tmp/x", true));
        Assert.Contains("geen geldige tijdsduur", e.Message);
    }
}
