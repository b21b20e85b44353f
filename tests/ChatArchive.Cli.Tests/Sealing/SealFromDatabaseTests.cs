using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Ingestion;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Sealing;

/// <summary>
/// Issue 5 §6 end to end on the built CLI: <c>ingest</c> a WhatsApp export for a registry officeholder, then
/// <c>seal</c> from the database and <c>verify</c>; on PostgreSQL and SQLite.
/// </summary>
public class SealFromDatabaseTests
{
    private const long Minister = 7;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Read_out_of_a_department_without_cleaning_is_sealed_from_the_database_into_a_valid_package(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "sealdb");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, cleaning: "None", keepRawDataset: true);
        var photo = RandomNumberGenerator.GetBytes(8192);
        var export = IngestionData.WriteZipWithPhoto(IngestionData.February, photo);
        var env = Env(db);

        var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "7", "--channel", "whatsapp"], env);
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_read_outs WHERE raw_export_vault_id IS NOT NULL"));

        var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.True(seal.ExitCode == 0, seal.StdErr);
        var package = seal.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().Trim();
        Assert.True(Directory.Exists(package), package);

        var verify = await CliRunner.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(0, verify.ExitCode);
        using (var report = JsonDocument.Parse(verify.StdOut))
        {
            Assert.True(report.RootElement.GetProperty("valid").GetBoolean());
            Assert.Equal(1, report.RootElement.GetProperty("packages").GetInt32());
        }

        // The package holds every message of the read-out (no cleaning) and the photo from the encrypted raw export.
        var conversation = Directory.EnumerateFiles(Path.Combine(package, "data", "gesprekken"), "gesprek-*.json").Single();
        var json = await File.ReadAllTextAsync(conversation);
        Assert.Contains("Graag de Kamerbrief vóór vrijdag.", json);
        Assert.Contains("De gedeputeerde belt om 14.00 uur over de stikstofruimte.", json);
        var attachment = Directory.EnumerateFiles(Path.Combine(package, "data", "gesprekken"), "IMG-20240205-WA0003.jpg", SearchOption.AllDirectories).Single();
        Assert.Equal(photo, await File.ReadAllBytesAsync(attachment));

        // Seed 001 "ruwe dataset bewaren" = yes: the raw export stays, only encrypted.
        var vaultFiles = Directory.GetFiles(Path.Combine(db.DataFolder, "vault"));
        Assert.Single(vaultFiles);
        AssertNoPlaintextOutsideTheArchive(db, photo, await File.ReadAllBytesAsync(export));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unpacked_export_folder_is_kept_as_an_encrypted_zip_and_its_attachment_is_sealed(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "sealdb");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, cleaning: "None", keepRawDataset: false);
        var photo = RandomNumberGenerator.GetBytes(5000);
        var folder = Directory.CreateTempSubdirectory("chatarchive-export-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, IngestionData.FileName), string.Join("\n", IngestionData.February) + "\n", new UTF8Encoding(false));
        await File.WriteAllBytesAsync(Path.Combine(folder, "IMG-20240205-WA0003.jpg"), photo);
        var env = Env(db);

        var ingest = await CliRunner.RunAsync(["ingest", folder, "--officeholder", "7", "--channel", "whatsapp"], env);
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);
        AssertNoPlaintextOutsideTheArchive(db, photo, await File.ReadAllBytesAsync(Path.Combine(folder, IngestionData.FileName)));

        var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.True(seal.ExitCode == 0, seal.StdErr);
        var package = seal.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().Trim();
        var attachment = Directory.EnumerateFiles(Path.Combine(package, "data", "gesprekken"), "IMG-20240205-WA0003.jpg", SearchOption.AllDirectories).Single();
        Assert.Equal(photo, await File.ReadAllBytesAsync(attachment));
        // Seed 001 "ruwe dataset bewaren" = no: after sealing the raw export is deleted from the vault.
        Assert.Empty(Directory.GetFiles(Path.Combine(db.DataFolder, "vault")));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Raw_export_is_never_in_the_clear_in_the_data_folder_after_ingest(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "sealdb");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, cleaning: "None");
        var photo = RandomNumberGenerator.GetBytes(8192);
        var export = IngestionData.WriteZipWithPhoto(IngestionData.February, photo);

        var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "7", "--channel", "whatsapp"], Env(db));
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);

        var vaultFile = Directory.GetFiles(Path.Combine(db.DataFolder, "vault")).Single();
        Assert.True(new FileInfo(vaultFile).Length > photo.Length, "the vault file holds the whole export");
        AssertNoPlaintextOutsideTheArchive(db, photo, await File.ReadAllBytesAsync(export));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Read_out_of_a_department_that_removes_messages_waits_for_decisions_and_seal_writes_nothing(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "sealdb");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, cleaning: "Remove");
        var export = IngestionData.WriteZipWithPhoto(IngestionData.February, RandomNumberGenerator.GetBytes(1024));
        var env = Env(db);
        var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "7", "--channel", "whatsapp"], env);
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);
        var vaultBefore = Directory.GetFiles(Path.Combine(db.DataFolder, "vault")).Single();

        var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.Equal(2, seal.ExitCode);
        Assert.Equal("", seal.StdOut);
        Assert.Contains("uitlezing-0001: wacht op beslissingen", seal.StdErr);
        Assert.Contains("verzegel opnieuw zodra de schoning is toegepast", seal.StdErr);
        var packages = Path.Combine(db.DataFolder, "archive", "packages");
        Assert.False(Directory.Exists(packages) && Directory.EnumerateFileSystemEntries(packages, "*", SearchOption.AllDirectories).Any(), "no package was written");
        Assert.True(File.Exists(vaultBefore), "the raw export is neither deleted nor changed");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Seal_without_sealed_by_is_refused_in_Dutch_and_seals_nothing_with_it_the_person_is_recorded(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "sealdb");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, cleaning: "None", keepRawDataset: true);
        var export = IngestionData.WriteZipWithPhoto(IngestionData.February, RandomNumberGenerator.GetBytes(1024));
        var env = Env(db);
        var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "7", "--channel", "whatsapp"], env);
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);
        var packages = Path.Combine(db.DataFolder, "archive", "packages");

        foreach (var args in new[] { new[] { "seal", "--officeholder", "7", "--channel", "whatsapp" }, ["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "  "] })
        {
            var refused = await CliRunner.RunAsync(args, env);
            Assert.Equal(2, refused.ExitCode);
            Assert.Equal("", refused.StdOut);
            Assert.Contains("Geef met --sealed-by <gebruiker> op wie verzegelt", refused.StdErr);
            Assert.Contains("Er is niets verzegeld", refused.StdErr);
            Assert.False(Directory.Exists(packages) && Directory.EnumerateFileSystemEntries(packages, "*", SearchOption.AllDirectories).Any(), "no package was written");
        }

        var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-de-boer"], env);
        Assert.True(seal.ExitCode == 0, seal.StdErr);
        var package = seal.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().Trim();
        var bagInfo = await File.ReadAllTextAsync(Path.Combine(package, "bag-info.txt"));
        Assert.Contains("Sealed-By: ip-de-boer", bagInfo);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Ingest_for_an_officeholder_outside_the_registry_is_refused_and_stores_nothing(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "sealdb");
        var export = IngestionData.Write(IngestionData.FileName, IngestionData.February);
        var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "9999", "--channel", "whatsapp"], Env(db));
        Assert.Equal(2, ingest.ExitCode);
        Assert.Contains("Bewindspersoon 9999 staat niet in het register", ingest.StdErr);
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_read_outs"));
        Assert.False(Directory.Exists(Path.Combine(db.DataFolder, "vault")) && Directory.EnumerateFiles(Path.Combine(db.DataFolder, "vault")).Any());
    }

    /// <summary>Columns of the ingest tables that migrations after 0100 added and today's ingest writes.</summary>
    private static readonly (string Table, string Column, string Definition)[] IngestColumnsAfter0100 =
    [
        ("ingest_conversations", "fingerprint_scheme", "INTEGER NOT NULL DEFAULT 1"), // 0111
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Database_with_ingested_read_outs_upgrades_in_place_to_0101_and_0102(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateEmptyAsync(provider, "sealdbup");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, migrateUpTo: 100);
        // The store alone (IngestionData.IngestAsync would migrate to the newest version first). Today's store writes the
        // columns later migrations added to the ingest tables: they exist only while it ingests and are dropped again, so
        // the upgrade below starts from the 0100 shape holding rows a real ingest wrote.
        foreach (var (table, column, definition) in IngestColumnsAfter0100)
            await IngestionData.CountAsync(db, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
        using (var source = ExportSourceFactory.Open(IngestionData.Write(IngestionData.FileName, IngestionData.February)))
        {
            var reader = FormatDetector.Default().Detect(source);
            await new ReadOutStore(db).IngestAsync(new ReadOutRequest(Minister, "whatsapp", reader.Format, source.DisplayName, SourceHash.Compute(source), DateTimeOffset.UtcNow), reader.Read(source));
        }
        foreach (var (table, column, _) in IngestColumnsAfter0100)
            await IngestionData.CountAsync(db, $"ALTER TABLE {table} DROP COLUMN {column}");
        Assert.Equal(8, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));

        var applied = await new DatabaseMigrator(db).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 101);
        Assert.Contains(applied, s => s.Id == 102);
        Assert.Equal(8, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE officeholder_id = 7"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_read_outs WHERE raw_export_vault_id IS NULL"));
        // 0101: a read-out can no longer name an officeholder who is not in the registry (SQLite: the tables were rebuilt).
        var at = provider == DatabaseProvider.PostgreSql ? "now()" : "1";
        var e = await Assert.ThrowsAnyAsync<Exception>(() => IngestionData.CountAsync(db,
            "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
            $"VALUES (9999, 'whatsapp', 2, 'whatsapp-android', 'x', 'y', {at}, {at}) RETURNING id"));
        Assert.Contains(provider == DatabaseProvider.PostgreSql ? "fk_ingest_read_outs_officeholder" : "FOREIGN KEY constraint failed", e.Message);
        // The rebuilt tables still hold the merge's references: a new read-out of the same chat adds to the same rows.
        var again = await IngestionData.IngestAsync(db, IngestionData.Write(IngestionData.FileName, IngestionData.February.Append("08-02-2024 09:00 - Minister Bakker: Dank voor de voorbereiding.")), officeholder: Minister);
        Assert.Equal(1, again.New);
        Assert.Equal(9, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Read_out_of_a_department_that_removes_messages_is_sealed_once_its_stored_decisions_are_applied(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "sealdb");
        await IngestionData.RegisterOfficeholderAsync(db, Minister, cleaning: "Remove", keepRawDataset: true);
        var env = Env(db);
        var professional = await IngestionData.CountAsync(db, "INSERT INTO users (user_name, display_name, roles, is_active) VALUES ('ip', 'IP', 'information-professional', TRUE) RETURNING id");
        var ministerUser = await IngestionData.CountAsync(db, $"INSERT INTO users (user_name, display_name, roles, officeholder_id, is_active) VALUES ('minister', 'Minister', 'officeholder', {Minister}, TRUE) RETURNING id");
        var ip = new ChatArchive.Classification.Decisions.Actor(professional.ToString(System.Globalization.CultureInfo.InvariantCulture), "information-professional");
        var validator = new ChatArchive.Classification.Decisions.Actor(ministerUser.ToString(System.Globalization.CultureInfo.InvariantCulture), "officeholder");
        var vault = new ChatArchive.Sealing.Vault.RawExportVault(Path.Combine(db.DataFolder, "vault"), ChatArchive.Sealing.Vault.RawExportVault.ParseKey(env["ChatArchive__Sealing__VaultKey"]));
        var service = new ChatArchive.Persistence.ReadOuts.ReadOutService(db, new ChatArchive.Persistence.ReadOuts.ReadOutModules { Classifier = ChatArchive.Classification.MessageClassifier.Create(), Vault = vault });
        var policy = new ChatArchive.Domain.Policies.DepartmentPolicy(ChatArchive.Domain.Policies.ReadOutFrequency.SixWeekly, true, ChatArchive.Domain.Policies.CleaningMode.Remove, true, true);
        var ro = await service.CreateAsync(new(new("wf-cli", "uitlezing"), Minister, "whatsapp", policy, "officeholder", ip));
        var lines = IngestionData.February.Append("08-02-2024 19:00 - Minister Bakker: Gefeliciteerd met je verjaardag, lieve Sanne! Tot zondag bij oma.").ToArray();
        await using (var upload = File.OpenRead(IngestionData.Write(IngestionData.FileName, lines)))
        {
            await service.RegisterUploadsAsync(ro.Id, [new(IngestionData.FileName, "whatsapp", upload)], ip);
        }
        await service.IngestAsync(ro.Id);
        await service.SuggestAsync(ro.Id, policy);
        var page = await new ChatArchive.Persistence.ReadOuts.ReadOutQueries(db, service).MessagesAsync(ro.Id, new(PageSize: 500));
        var privateId = page.Items.Single(m => m.Text!.Contains("verjaardag", StringComparison.Ordinal)).Id;
        foreach (var m in page.Items)
        {
            await service.DecideAsync(ro.Id, new(ChatArchive.Persistence.ReadOuts.DecisionScope.Message, m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                m.Id == privateId ? ChatArchive.Domain.Messages.MessageLabel.Private : ChatArchive.Domain.Messages.MessageLabel.Business, null, ip));
        }
        await service.OfferForValidationAsync(ro.Id, ip);
        await service.ValidateAsync(ro.Id, new([new(privateId, true, null)], validator));
        await service.ApplyCleaningAsync(ro.Id, policy, ip);

        var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.True(seal.ExitCode == 0, seal.StdErr);
        var package = seal.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().Trim();
        var json = string.Join("\n", Directory.EnumerateFiles(package, "*.json", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("Graag de Kamerbrief vóór vrijdag.", json);
        Assert.DoesNotContain("verjaardag", json);
        Assert.Contains("\"Private\"", File.ReadAllText(Directory.EnumerateFiles(package, "*verwijder*", SearchOption.AllDirectories).First(f => f.EndsWith(".json", StringComparison.Ordinal))), StringComparison.OrdinalIgnoreCase);
        var verify = await CliRunner.RunAsync(["verify", "--all", "--json"], env);
        Assert.Equal(0, verify.ExitCode);
    }

    internal static Dictionary<string, string> Env(DatabaseOptions db)
    {
        var env = IngestionData.Env(db);
        // One key per database, the same for every run of a test (ingest and seal must agree).
        env["ChatArchive__Sealing__VaultKey"] = VaultKeys.GetOrAdd(db.DataFolder, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            env["ChatArchive__Sealing__ArchiveKeyPem"] = ArchiveKeys.GetOrAdd(db.DataFolder, _ => { using var k = ECDsa.Create(ECCurve.NamedCurves.nistP256); return k.ExportPkcs8PrivateKeyPem(); });
        }
        return env;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> VaultKeys = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ArchiveKeys = new();

    /// <summary>Neither the photo, nor the export's bytes, nor a line of chat text is in any file of the data folder except the sealed archive (and the SQLite database).</summary>
    private static void AssertNoPlaintextOutsideTheArchive(DatabaseOptions db, byte[] photo, byte[] export)
    {
        var archive = Path.Combine(db.DataFolder, "archive") + Path.DirectorySeparatorChar;
        var text = Encoding.UTF8.GetBytes("Graag de Kamerbrief vóór vrijdag.");
        var checkedFiles = 0;
        foreach (var file in Directory.EnumerateFiles(db.DataFolder, "*", SearchOption.AllDirectories))
        {
            if (file.StartsWith(archive, StringComparison.Ordinal) || file.EndsWith(".db", StringComparison.Ordinal) || file.Contains(".db-", StringComparison.Ordinal)) continue;
            var bytes = File.ReadAllBytes(file);
            checkedFiles++;
            Assert.False(bytes.AsSpan().IndexOf(photo.AsSpan(0, 64)) >= 0, $"photo bytes in the clear in {file}");
            Assert.False(bytes.AsSpan().IndexOf(export.AsSpan(0, 64)) >= 0, $"export bytes in the clear in {file}");
            Assert.False(bytes.AsSpan().IndexOf(text) >= 0, $"chat text in the clear in {file}");
        }
        Assert.True(checkedFiles >= 1, "the vault file was checked");
    }
}
