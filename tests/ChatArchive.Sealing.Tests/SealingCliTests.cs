using System.Text.Json;
using ChatArchive.Sealing.Sources;
using ChatArchive.Sealing.Tests.Support;

namespace ChatArchive.Sealing.Tests;

/// <summary><c>chatarchive seal</c> and <c>chatarchive verify</c> as a user runs them.</summary>
public class SealingCliTests
{
    private static async Task<(string Data, Dictionary<string, string> Env)> SourceWithTwoReadOutsAsync()
    {
        var data = Directory.CreateTempSubdirectory("chatarchive-clidata-").FullName;
        var source = Path.Combine(data, "bron");
        await FolderSealSource.WriteAsync(source, DutchReadOuts.ReadOut("ro-2026-01", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11)), DutchReadOuts.Attachments());
        await FolderSealSource.WriteAsync(source, DutchReadOuts.ReadOut("ro-2026-02", new DateOnly(2026, 2, 12), new DateOnly(2026, 3, 25)), DutchReadOuts.Attachments());
        return (data, CliProcess.Env(data, source));
    }

    [Fact]
    public async Task Seal_prints_each_package_path_and_verify_json_prints_exactly_the_agreed_shape()
    {
        var (data, env) = await SourceWithTwoReadOutsAsync();

        var seal = await CliProcess.RunAsync(["seal", "--officeholder", "bh-0042", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.True(seal.ExitCode == 0, seal.StdErr);
        var paths = seal.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, paths.Length);
        Assert.All(paths, p => Assert.True(File.Exists(Path.Combine(p, "chatarchive-seal.json")), p));
        Assert.Contains("2 pakket(ten) verzegeld", seal.StdErr);
        Assert.True(File.Exists(Path.Combine(data, "keys", "archive-signing.pem")), "embedded mode generates the archive key on first start");

        var verify = await CliProcess.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal("{\"valid\":true,\"packages\":2,\"problems\":[]}", verify.StdOut.TrimEnd('\n'));

        var coverage = await CliProcess.RunAsync(["coverage"], env);
        Assert.Equal(0, coverage.ExitCode);
        // Coverage is reported per appointment in the registry (CoverageCommandTests); this folder source has no registry.
        Assert.Contains("0 benoeming(en)", coverage.StdOut);

        var one = await CliProcess.RunAsync(["verify", paths[1], "--json"], env);
        Assert.Equal("{\"valid\":true,\"packages\":1,\"problems\":[]}", one.StdOut.TrimEnd('\n'));

        var photo = Path.Combine(paths[0], "data/gesprekken/gesprek-0001/bijlagen/foto_werkbezoek_Zwolle.jpg");
        SealingWorld.Unlock(photo);
        var bytes = await File.ReadAllBytesAsync(photo);
        bytes[3] ^= 0xFF;
        await File.WriteAllBytesAsync(photo, bytes);

        var broken = await CliProcess.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(1, broken.ExitCode);
        using var doc = JsonDocument.Parse(broken.StdOut);
        Assert.Equal(["valid", "packages", "problems"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(2, doc.RootElement.GetProperty("packages").GetInt32());
        var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(["package", "file", "kind", "detail"], problem.EnumerateObject().Select(p => p.Name));
        Assert.Equal("bh-0042/whatsapp/p000001_20260101-20260211", problem.GetProperty("package").GetString());
        Assert.Equal("data/gesprekken/gesprek-0001/bijlagen/foto_werkbezoek_Zwolle.jpg", problem.GetProperty("file").GetString());
        Assert.Equal("checksum-mismatch", problem.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Seal_without_officeholder_or_channel_explains_in_Dutch_and_writes_nothing()
    {
        var (data, env) = await SourceWithTwoReadOutsAsync();
        var r = await CliProcess.RunAsync(["seal", "--channel", "whatsapp"], env);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Geef --officeholder <id> en --channel <kanaal> op", r.StdErr);
        Assert.Equal("", r.StdOut);
        Assert.False(Directory.Exists(Path.Combine(data, "archive", "packages")) && Directory.EnumerateFileSystemEntries(Path.Combine(data, "archive", "packages")).Any());
    }

    [Fact]
    public async Task Verify_needs_exactly_one_of_all_or_a_package()
    {
        var (_, env) = await SourceWithTwoReadOutsAsync();
        var r = await CliProcess.RunAsync(["verify", "--json"], env);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Kies precies één", r.StdErr);
    }

    [Fact]
    public async Task Verify_without_an_archive_key_refuses_instead_of_inventing_one()
    {
        var (data, env) = await SourceWithTwoReadOutsAsync();
        var r = await CliProcess.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("geen archiefsleutel", r.StdErr);
        Assert.False(Directory.Exists(Path.Combine(data, "keys")));
    }
}
