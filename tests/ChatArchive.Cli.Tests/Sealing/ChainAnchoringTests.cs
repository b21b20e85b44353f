using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Sealing;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Sealing;

/// <summary>
/// Chain heads anchored in the database: what is left of a chain in the store still verifies on its own after its
/// newest package, or the whole chain, is deleted; <c>verify --all</c> compares with the seals the database recorded.
/// </summary>
public class ChainAnchoringTests
{
    private const long Minister = 7;
    private static readonly ConcurrentDictionary<string, string> Keys = new();

    private static readonly string[] March =
    [
        .. IngestionData.February,
        "04-03-2024 08:30 - Sanne de Vries: De Eerste Kamer stemt dinsdag over de wet versterking regie volkshuisvesting.",
        "04-03-2024 08:41 - Minister Bakker: Dank, ik ben er om 14.00 uur.",
    ];

    private static Dictionary<string, string> Env(DatabaseOptions db)
    {
        var env = IngestionData.Env(db);
        env["ChatArchive__Sealing__VaultKey"] = Keys.GetOrAdd("vault" + db.DataFolder, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            env["ChatArchive__Sealing__ArchiveKeyPem"] = Keys.GetOrAdd("archive" + db.DataFolder, _ => { using var k = ECDsa.Create(ECCurve.NamedCurves.nistP256); return k.ExportPkcs8PrivateKeyPem(); });
        }
        return env;
    }

    /// <summary>Two read-outs of one WhatsApp chat (February, then March), each sealed: a chain of two packages.</summary>
    private static async Task<(DatabaseOptions Db, Dictionary<string, string> Env, string[] Packages)> ChainOfTwoAsync(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "chainanchor");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, cleaning: "None", keepRawDataset: true);
        var env = Env(db);
        var packages = new List<string>();
        foreach (var (lines, at) in new[] { (IngestionData.February, "2024-02-08T10:00:00+01:00"), (March, "2024-03-05T10:00:00+01:00") })
        {
            var export = IngestionData.Write(IngestionData.FileName, lines);
            var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "7", "--channel", "whatsapp", "--read-out-at", at], env);
            Assert.True(ingest.ExitCode == 0, ingest.StdErr);
            var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
            Assert.True(seal.ExitCode == 0, seal.StdErr);
            packages.Add(seal.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().Trim());
        }
        var recorded = await SealRecords.ReadAsync(db);
        Assert.Equal([1L, 2L], recorded.Select(r => r.Sequence));
        var verify = await CliRunner.RunAsync(["verify", "--all", "--json"], env);
        Assert.True(verify.ExitCode == 0, verify.StdOut);
        return (db, env, [.. packages]);
    }

    private static void Delete(string package)
    {
        foreach (var f in Directory.EnumerateFiles(package, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(package, recursive: true);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleting_the_newest_package_of_a_chain_is_reported(DatabaseProvider provider)
    {
        var (_, env, packages) = await ChainOfTwoAsync(provider);
        Delete(packages[1]);

        var verify = await CliRunner.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(1, verify.ExitCode);
        using var doc = JsonDocument.Parse(verify.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("packages").GetInt32());
        // The package left is valid and its chain unbroken: only the database's record shows the loss.
        var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(SealRecords.RecordedPackageMissing, problem.GetProperty("kind").GetString());
        Assert.Equal("7/whatsapp/" + Path.GetFileName(packages[1]), problem.GetProperty("package").GetString());
        Assert.Contains("Pakket 2 van deze keten", problem.GetProperty("detail").GetString());

        var text = await CliRunner.RunAsync(["verify", "--all"], env);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("ontbreekt in het archief", text.StdOut);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleting_a_whole_chain_is_reported(DatabaseProvider provider)
    {
        var (_, env, packages) = await ChainOfTwoAsync(provider);
        foreach (var p in packages) Delete(p);

        var verify = await CliRunner.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(1, verify.ExitCode);
        using var doc = JsonDocument.Parse(verify.StdOut);
        Assert.Equal(0, doc.RootElement.GetProperty("packages").GetInt32());
        var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(SealRecords.RecordedChainMissing, problem.GetProperty("kind").GetString());
        Assert.Equal("7/whatsapp", problem.GetProperty("package").GetString());
        Assert.Contains("2 verzegeld(e) pakket(ten)", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_seal_is_an_audit_event_and_anchors_the_audit_chain(DatabaseProvider provider)
    {
        var (db, env, packages) = await ChainOfTwoAsync(provider);
        var events = new List<Persistence.Audit.AuditEvent>();
        await foreach (var e in new Persistence.Audit.AuditTrail(db, TimeProvider.System).ReadAllAsync()) events.Add(e);
        Assert.Equal(packages.Select(p => "7/whatsapp/" + Path.GetFileName(p)), events.Where(e => e.Action == "seal").Select(e => e.ObjectId));
        Assert.All(events, e => Assert.Equal("ip-jansen", e.Actor));
        var audit = await CliRunner.RunAsync(["audit", "verify", "--json"], env);
        Assert.True(audit.ExitCode == 0, audit.StdOut);
        using var doc = JsonDocument.Parse(audit.StdOut);
        Assert.Equal(2, doc.RootElement.GetProperty("anchors").GetInt32());
    }
}
