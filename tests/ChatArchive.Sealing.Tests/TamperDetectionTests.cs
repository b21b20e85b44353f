using System.Text;
using ChatArchive.Sealing.BagIt;
using ChatArchive.Sealing.Hashing;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Tests.Support;
using ChatArchive.Sealing.Verification;

namespace ChatArchive.Sealing.Tests;

/// <summary>Issue 5 acceptance: every tamper case is detected by verify and named in problems.</summary>
public class TamperDetectionTests
{
    private static async Task<(SealingWorld World, IReadOnlyList<SealedPackage> Packages)> ChainOfThreeAsync()
    {
        var world = new SealingWorld();
        var run = await world.SealChainAsync(3);
        Assert.Equal(3, run.Sealed.Count);
        var report = await world.Verifier().VerifyAllAsync();
        Assert.True(report.Valid, report.ToJson());
        return (world, run.Sealed);
    }

    private static string Name(SealedPackage p) => p.Link.Address.ToString();

    [Fact]
    public async Task Flipping_one_byte_in_any_file_of_a_package_is_detected_and_names_the_file()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        var middle = packages[1];
        var files = Directory.GetFiles(middle.Location, "*", SearchOption.AllDirectories);
        Assert.True(files.Length > 15);
        foreach (var file in files)
        {
            var rel = Path.GetRelativePath(middle.Location, file).Replace('\\', '/');
            var original = await File.ReadAllBytesAsync(file);
            var tampered = (byte[])original.Clone();
            tampered[tampered.Length / 2] ^= 0x01;
            SealingWorld.Unlock(file);
            await File.WriteAllBytesAsync(file, tampered);

            var report = await world.Verifier().VerifyAllAsync();

            Assert.False(report.Valid, rel);
            var mine = report.Problems.Where(p => p.Package == Name(middle)).ToList();
            if (rel is BagItNames.SealStatement or BagItNames.SealSignature)
            {
                Assert.Contains(mine, p => p.Kind is ProblemKinds.SignatureInvalid or ProblemKinds.SealInvalid);
            }
            else
            {
                Assert.Contains(mine, p => p.File == rel && p.Kind is ProblemKinds.ChecksumMismatch or ProblemKinds.DeclarationInvalid or ProblemKinds.ManifestInvalid or ProblemKinds.SealMismatch);
            }
            await File.WriteAllBytesAsync(file, original);
        }
        Assert.True((await world.Verifier().VerifyAllAsync()).Valid);
    }

    [Fact]
    public async Task Deleting_a_file_is_detected_as_missing()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        const string attachment = "data/gesprekken/gesprek-0001/bijlagen/foto_werkbezoek_Zwolle.jpg";
        File.Delete(Path.Combine(packages[1].Location, attachment));
        File.Delete(Path.Combine(packages[2].Location, "bag-info.txt"));

        var report = await world.Verifier().VerifyAllAsync();

        Assert.False(report.Valid);
        Assert.Contains(report.Problems, p => p.Package == Name(packages[1]) && p.File == attachment && p.Kind == ProblemKinds.MissingFile);
        Assert.Contains(report.Problems, p => p.Package == Name(packages[2]) && p.File == "bag-info.txt" && p.Kind == ProblemKinds.MissingFile);
    }

    [Fact]
    public async Task Adding_a_file_anywhere_in_a_package_is_detected()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        await File.WriteAllTextAsync(Path.Combine(packages[0].Location, "data/gesprekken/nagekomen-bericht.json"), "{\"text\":\"toegevoegd\"}");
        await File.WriteAllTextAsync(Path.Combine(packages[1].Location, "notities.txt"), "nagekomen");

        var report = await world.Verifier().VerifyAllAsync();

        Assert.Contains(report.Problems, p => p.Package == Name(packages[0]) && p.File == "data/gesprekken/nagekomen-bericht.json" && p.Kind == ProblemKinds.UnexpectedFile);
        Assert.Contains(report.Problems, p => p.Package == Name(packages[1]) && p.File == "notities.txt" && p.Kind == ProblemKinds.UnexpectedFile);
    }

    [Fact]
    public async Task Editing_bag_info_is_detected_even_when_the_tag_manifest_is_recomputed()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        var dir = packages[1].Location;
        var info = Path.Combine(dir, "bag-info.txt");
        SealingWorld.Unlock(info);
        var text = await File.ReadAllTextAsync(info);
        var edited = System.Text.RegularExpressions.Regex.Replace(text, @"Period-End: \d{4}-\d{2}-\d{2}", "Period-End: 2026-05-31");
        Assert.NotEqual(text, edited);
        await File.WriteAllTextAsync(info, edited);

        var plain = await world.Verifier().VerifyAllAsync();
        Assert.Contains(plain.Problems, p => p.Package == Name(packages[1]) && p.File == "bag-info.txt" && p.Kind == ProblemKinds.ChecksumMismatch);

        Attacker.RecomputeManifests(dir);
        var cunning = await world.Verifier().VerifyAllAsync();
        Assert.DoesNotContain(cunning.Problems, p => p.Kind == ProblemKinds.ChecksumMismatch);
        Assert.Contains(cunning.Problems, p => p.Package == Name(packages[1]) && p.File == "tagmanifest-sha256.txt" && p.Kind == ProblemKinds.SealMismatch);
    }

    [Fact]
    public async Task Swapping_two_packages_is_detected_for_both()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        var a = packages[0].Location;
        var b = packages[1].Location;
        Directory.Move(a, a + ".swap");
        Directory.Move(b, a);
        Directory.Move(a + ".swap", b);

        var report = await world.Verifier().VerifyAllAsync();

        Assert.Contains(report.Problems, p => p.Package == Name(packages[0]) && p.Kind == ProblemKinds.PackageMisplaced);
        Assert.Contains(report.Problems, p => p.Package == Name(packages[1]) && p.Kind == ProblemKinds.PackageMisplaced);
    }

    [Fact]
    public async Task Deleting_a_whole_package_in_the_middle_of_a_chain_is_detected()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        Directory.Delete(packages[1].Location, recursive: true);

        var report = await world.Verifier().VerifyAllAsync();

        Assert.False(report.Valid);
        Assert.Equal(2, report.Packages);
        var gap = Assert.Single(report.Problems);
        Assert.Equal(Name(packages[2]), gap.Package);
        Assert.Equal(ProblemKinds.ChainGap, gap.Kind);
        Assert.Contains("pakket 2 ontbreekt", gap.Detail);
    }

    [Fact]
    public async Task Replacing_a_package_with_a_resealed_copy_breaks_the_chain()
    {
        // The same read-out sealed into another archive with the same key: a valid package on its own, but not the one the chain holds.
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        using var other = new SealingWorld(Chain.ArchiveKey.FromPem(world.Key.ExportPrivateKeyPem()));
        other.Clock.Now = world.Clock.Now.AddDays(3);
        await other.SealChainAsync(3);
        var replacement = other.Store.PackagePath(packages[1].Link.Address);
        Directory.Delete(packages[1].Location, recursive: true);
        CopyDirectory(replacement, packages[1].Location);

        var report = await world.Verifier().VerifyAllAsync();

        Assert.Contains(report.Problems, p => p.Package == Name(packages[2]) && p.Kind == ProblemKinds.ChainBroken);
    }

    [Fact]
    public async Task A_package_signed_with_another_key_is_detected()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        using var stranger = new SealingWorld();
        await stranger.SealChainAsync(1);
        Directory.Delete(packages[0].Location, recursive: true);
        CopyDirectory(stranger.Store.PackagePath(packages[0].Link.Address), packages[0].Location);

        var report = await world.Verifier().VerifyAllAsync();

        Assert.Contains(report.Problems, p => p.Package == Name(packages[0]) && p.Kind == ProblemKinds.SignatureInvalid);
    }

    [Fact]
    public async Task Altering_a_deletion_record_is_detected_even_with_recomputed_manifests()
    {
        var (world, packages) = await ChainOfThreeAsync();
        using var _ = world;
        var dir = packages[1].Location;
        const string record = "data/verwijderverantwoording.json";
        var path = Path.Combine(dir, record);
        SealingWorld.Unlock(path);
        var original = await File.ReadAllTextAsync(path);
        var altered = original.Replace("\"validatedBy\": \"vp-bakker\"", "\"validatedBy\": \"ip-jansen\"");
        Assert.NotEqual(original, altered);
        await File.WriteAllTextAsync(path, altered);

        var plain = await world.Verifier().VerifyAllAsync();
        Assert.Contains(plain.Problems, p => p.Package == Name(packages[1]) && p.File == record && p.Kind == ProblemKinds.ChecksumMismatch);

        Attacker.RecomputeManifests(dir);
        var cunning = await world.Verifier().VerifyAllAsync();
        Assert.False(cunning.Valid);
        Assert.Contains(cunning.Problems, p => p.Package == Name(packages[1]) && p.Kind == ProblemKinds.SealMismatch);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
    }

    /// <summary>What someone who understands BagIt but lacks the archive key would do to hide a change.</summary>
    private static class Attacker
    {
        public static void RecomputeManifests(string dir)
        {
            var payload = Directory.GetFiles(Path.Combine(dir, "data"), "*", SearchOption.AllDirectories)
                .Select(f => new ManifestEntry(Sha256Files.Hash(File.ReadAllBytes(f)), Path.GetRelativePath(dir, f).Replace('\\', '/'))).ToList();
            Write(Path.Combine(dir, "manifest-sha256.txt"), ManifestFile.Write(payload));
            var tags = new[] { "bagit.txt", "bag-info.txt", "manifest-sha256.txt" }
                .Select(t => new ManifestEntry(Sha256Files.Hash(File.ReadAllBytes(Path.Combine(dir, t))), t)).ToList();
            Write(Path.Combine(dir, "tagmanifest-sha256.txt"), ManifestFile.Write(tags));
        }

        private static void Write(string path, byte[] bytes)
        {
            SealingWorld.Unlock(path);
            File.WriteAllBytes(path, bytes);
        }
    }
}
