using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using ChatArchive.Sealing.BagIt;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Hashing;
using ChatArchive.Sealing.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Sealing.Tests;

public class SealedPackageTests
{
    private static readonly XNamespace Mdto = "https://www.nationaalarchief.nl/mdto";

    [Fact]
    public async Task A_sealed_read_out_is_a_complete_valid_bag_with_seal_and_signature()
    {
        using var world = new SealingWorld();
        var run = await world.SealChainAsync(1);
        var package = Assert.Single(run.Sealed);
        Assert.Equal(2, package.Conversations);
        Assert.Equal(6, package.Messages);
        Assert.Equal(2, package.Attachments);
        Assert.Equal(2, package.Removed);

        var dir = package.Location;
        Assert.Equal(BagItNames.DeclarationText, await File.ReadAllTextAsync(Path.Combine(dir, "bagit.txt")));
        foreach (var f in new[] { "manifest-sha256.txt", "bag-info.txt", "tagmanifest-sha256.txt", "chatarchive-seal.json", "chatarchive-seal.sig",
                     "data/verwijderverantwoording.json", "data/gesprekken/gesprek-0001.json", "data/gesprekken/gesprek-0001/bijlagen/Nota_Voorjaarsnota_v3.pdf" })
        {
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        }
        Assert.Equal(DutchReadOuts.NotaPdf, await File.ReadAllBytesAsync(Path.Combine(dir, "data/gesprekken/gesprek-0001/bijlagen/Nota_Voorjaarsnota_v3.pdf")));

        // Payload-Oxum and the manifest agree with what is on disk (RFC 8493 §2.2.2, §2.1.3).
        var dataFiles = Directory.GetFiles(Path.Combine(dir, "data"), "*", SearchOption.AllDirectories);
        var info = BagInfo.Parse(await File.ReadAllBytesAsync(Path.Combine(dir, "bag-info.txt")));
        Assert.Equal($"{dataFiles.Sum(f => new FileInfo(f).Length)}.{dataFiles.Length}", info["Payload-Oxum"]);
        Assert.Equal("bh-0042", info["Officeholder-Id"]);
        Assert.Equal("whatsapp", info["Channel"]);
        Assert.Equal("2026-01-01", info["Period-Start"]);
        var manifest = ManifestFile.TryParse(await File.ReadAllBytesAsync(Path.Combine(dir, "manifest-sha256.txt")), out _)!;
        Assert.Equal(dataFiles.Length, manifest.Count);
        foreach (var e in manifest)
        {
            Assert.Equal(e.Sha256, Sha256Files.Hash(await File.ReadAllBytesAsync(Path.Combine(dir, e.Path))));
        }

        // The seal names the tag manifest and is signed with the archive key; the public key alone verifies it.
        var statementBytes = await File.ReadAllBytesAsync(Path.Combine(dir, "chatarchive-seal.json"));
        var statement = SealStatement.TryParse(statementBytes)!;
        Assert.Equal(Sha256Files.Hash(await File.ReadAllBytesAsync(Path.Combine(dir, "tagmanifest-sha256.txt"))), statement.TagManifestSha256);
        Assert.Equal(SealStatement.Genesis, statement.PreviousSealSha256);
        using var publicOnly = ArchiveKey.FromPem(world.Key.ExportPublicKeyPem());
        var signature = Convert.FromBase64String((await File.ReadAllTextAsync(Path.Combine(dir, "chatarchive-seal.sig"))).Trim());
        Assert.True(publicOnly.Verify(statementBytes, signature));

        var report = await world.Verifier().VerifyAllAsync();
        Assert.True(report.Valid, report.ToJson());
        Assert.Equal(1, report.Packages);
    }

    [Fact]
    public async Task Every_MDTO_sidecar_validates_against_the_official_XSD()
    {
        using var world = new SealingWorld();
        var package = Assert.Single((await world.SealChainAsync(1)).Sealed);

        // The XSD as kept in the repository (an unchanged copy of the Nationaal Archief's MDTO-XML 1.0.1), loaded here independently.
        var schemas = new XmlSchemaSet();
        schemas.Add("https://www.nationaalarchief.nl/mdto", Path.Combine(Artifacts.RepositoryRoot(), "src/ChatArchive.Sealing/Mdto/MDTO-XML1.0.1.xsd"));
        var sidecars = Directory.GetFiles(package.Location, "*.MDTO.xml", SearchOption.AllDirectories);
        // Serie, Dossier, 2 Archiefstukken; bestand for 2 JSON files, 2 attachments and the deletion record.
        Assert.Equal(4, sidecars.Count(f => !f.EndsWith(".bestand.MDTO.xml", StringComparison.Ordinal)));
        Assert.Equal(5, sidecars.Count(f => f.EndsWith(".bestand.MDTO.xml", StringComparison.Ordinal)));
        foreach (var file in sidecars)
        {
            var errors = new List<string>();
            var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
            settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
            using (var reader = XmlReader.Create(file, settings)) { while (reader.Read()) { } }
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
            Assert.True(Path.GetFileName(file).Length <= 255);
            Assert.DoesNotMatch("[<>:\"\\\\|?*#& ]", Path.GetFileName(file));
        }

        var levels = sidecars.Where(f => !f.EndsWith(".bestand.MDTO.xml", StringComparison.Ordinal))
            .Select(f => XDocument.Load(f).Descendants(Mdto + "aggregatieniveau").Single().Element(Mdto + "begripLabel")!.Value).Order().ToList();
        Assert.Equal(["Archiefstuk", "Archiefstuk", "Dossier", "Serie"], levels);

        var archiefstuk = XDocument.Load(Path.Combine(package.Location, "data/gesprekken/gesprek-0001.MDTO.xml"));
        var events = archiefstuk.Descendants(Mdto + "eventType").Select(e => e.Element(Mdto + "begripLabel")!.Value).ToList();
        Assert.Equal(["Creatie", "Bevriezing"], events);
        Assert.Equal("B", archiefstuk.Descendants(Mdto + "waardering").Single().Element(Mdto + "begripCode")!.Value);
        Assert.Equal("BZK", archiefstuk.Descendants(Mdto + "archiefvormer").Single().Descendants(Mdto + "identificatieKenmerk").Single().Value);

        var bestand = XDocument.Load(Path.Combine(package.Location, "data/gesprekken/gesprek-0001/bijlagen/Nota_Voorjaarsnota_v3.pdf.bestand.MDTO.xml"));
        Assert.Equal(DutchReadOuts.NotaPdf.Length.ToString(), bestand.Descendants(Mdto + "omvang").Single().Value);
        Assert.Equal(Sha256Files.Hash(DutchReadOuts.NotaPdf), bestand.Descendants(Mdto + "checksumWaarde").Single().Value);
        Assert.Equal("SHA256", bestand.Descendants(Mdto + "checksumAlgoritme").Single().Element(Mdto + "begripLabel")!.Value);
        Assert.Equal(archiefstuk.Root!.Element(Mdto + "informatieobject")!.Element(Mdto + "identificatie")!.Element(Mdto + "identificatieKenmerk")!.Value,
            bestand.Descendants(Mdto + "isRepresentatieVan").Single().Descendants(Mdto + "identificatieKenmerk").Single().Value);
    }

    [Fact]
    public async Task Deletion_record_holds_fingerprints_labels_and_people_but_never_text()
    {
        using var world = new SealingWorld();
        var package = Assert.Single((await world.SealChainAsync(1)).Sealed);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(package.Location, "data/verwijderverantwoording.json"));
        using var doc = System.Text.Json.JsonDocument.Parse(bytes);
        var removed = doc.RootElement.GetProperty("removed").EnumerateArray().ToList();
        Assert.Equal(2, removed.Count);
        Assert.Equal(DutchReadOuts.Fingerprint("verjaardag"), removed[0].GetProperty("fingerprint").GetString());
        Assert.Equal("Private", removed[0].GetProperty("label").GetString());
        Assert.Equal("PartyPolitical", removed[1].GetProperty("label").GetString());
        Assert.Equal("vp-bakker", removed[1].GetProperty("validatedBy").GetString());
        foreach (var r in removed)
        {
            Assert.Equal(["fingerprint", "label", "messageSent", "reviewedBy", "reviewedAt", "validatedBy", "validatedAt"], r.EnumerateObject().Select(p => p.Name));
        }
        Assert.Equal("delete-after-sealing", doc.RootElement.GetProperty("rawExport").GetProperty("policy").GetString());
        Assert.DoesNotContain("Karin", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Sealed_files_are_read_only_and_a_package_is_never_overwritten()
    {
        using var world = new SealingWorld();
        var package = Assert.Single((await world.SealChainAsync(1)).Sealed);
        foreach (var f in Directory.GetFiles(package.Location, "*", SearchOption.AllDirectories))
        {
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(f));
            else Assert.True(File.GetAttributes(f).HasFlag(FileAttributes.ReadOnly));
        }
        var before = await File.ReadAllBytesAsync(Path.Combine(package.Location, "chatarchive-seal.json"));
        var e = Assert.Throws<SealingException>(() => world.Store.Begin(package.Link.Address));
        Assert.Contains("nooit overschreven", e.Message);

        // Sealing again seals nothing new and leaves the package as it was.
        var again = await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");
        Assert.Empty(again.Sealed);
        Assert.Equal(["ro-2026-01"], again.AlreadySealedReadOutIds);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(package.Location, "chatarchive-seal.json")));
    }
}
