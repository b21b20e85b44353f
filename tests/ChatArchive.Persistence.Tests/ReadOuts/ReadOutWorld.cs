using System.Globalization;
using System.IO.Compression;
using System.Text;
using ChatArchive.Classification;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Vault;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.ReadOuts;

/// <summary>A clock the test moves (validation deadlines).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A registry with one department (two officeholders, a professional, a trustee, an auditor), a vault and an archive,
/// and the read-out service over a real database of the chosen provider. Made-up Dutch data.
/// </summary>
public sealed class ReadOutWorld
{
    public const string MinisterName = "Minister Bakker";
    public const string OtherMinisterName = "Minister Jansen";
    public const string PrivateText = "Gefeliciteerd met je verjaardag! Fijne dag met de kinderen, groetjes van tante Ria";
    public const string PrivateText2 = "Zullen we zondag bij oma eten? Neem de taart mee";
    public const string BusinessText = "Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar.";

    private ReadOutWorld(DatabaseOptions db, SealingOptions sealing, RawExportVault vault, TestClock clock)
    {
        Db = db;
        Sealing = sealing;
        Vault = vault;
        Clock = clock;
        Service = new ReadOutService(db, new ReadOutModules { Classifier = Classifier.Value, Vault = vault, Sealing = sealing }, clock);
        Checklists = new ChecklistService(db, clock);
        Queries = new ReadOutQueries(db, Service);
    }

    private static readonly Lazy<MessageClassifier> Classifier = new(() => MessageClassifier.Create());

    public DatabaseOptions Db { get; }
    public SealingOptions Sealing { get; }
    public RawExportVault Vault { get; }
    public TestClock Clock { get; }
    public ReadOutService Service { get; }
    public ChecklistService Checklists { get; }
    public ReadOutQueries Queries { get; }

    public long Minister { get; private set; }
    public long OtherMinister { get; private set; }
    public Actor Professional { get; private set; } = null!;
    public Actor SecondProfessional { get; private set; } = null!;
    public Actor MinisterUser { get; private set; } = null!;
    public Actor OtherMinisterUser { get; private set; } = null!;
    public Actor TrusteeUser { get; private set; } = null!;
    public Actor Auditor { get; private set; } = null!;
    /// <summary>The minister's own user acting as information professional: may never validate what it reviewed.</summary>
    public Actor MinisterAsProfessional { get; private set; } = null!;

    public static DepartmentPolicy Removing(bool keepRaw = true) => new(ReadOutFrequency.Monthly, true, CleaningMode.Remove, keepRaw, true);

    public static async Task<ReadOutWorld> CreateAsync(DatabaseProvider provider, DatabaseOptions? existing = null)
    {
        var db = existing ?? await TestDatabases.CreateAsync(provider, "readout");
        var sealing = SealingOptions.FromLookup(_ => null, db.DataFolder, embedded: true);
        var world = new ReadOutWorld(db, sealing, sealing.OpenVault(), new TestClock(new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero)));
        await world.RegisterAsync();
        return world;
    }

    private async Task RegisterAsync()
    {
        var pg = Db.Provider == DatabaseProvider.PostgreSql;
        var dept = await Sql.ScalarAsync(Db, "INSERT INTO departments (code, name) VALUES ('BZK', 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties') RETURNING id");
        Minister = await Sql.ScalarAsync(Db, "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, @n, 'Minister', @at) RETURNING id",
            ("d", dept), ("n", MinisterName), ("at", DateTimeOffset.UtcNow));
        OtherMinister = await Sql.ScalarAsync(Db, "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, @n, 'Minister', @at) RETURNING id",
            ("d", dept), ("n", OtherMinisterName), ("at", DateTimeOffset.UtcNow));
        async Task<long> User(string name, string role, long? officeholder) => await Sql.ScalarAsync(Db,
            "INSERT INTO users (user_name, display_name, roles, department_id, officeholder_id, is_active) VALUES (@u, @n, @r, @d, @o, @t) RETURNING id",
            ("u", name), ("n", name), ("r", role), ("d", dept), ("o", officeholder), ("t", true));
        Professional = new Actor((await User("ip.bzk", Roles.InformationProfessional, null)).ToString(CultureInfo.InvariantCulture), Roles.InformationProfessional);
        SecondProfessional = new Actor((await User("ip2.bzk", Roles.InformationProfessional, null)).ToString(CultureInfo.InvariantCulture), Roles.InformationProfessional);
        var ministerUser = await User("bakker", Roles.Officeholder, Minister);
        MinisterUser = new Actor(ministerUser.ToString(CultureInfo.InvariantCulture), Roles.Officeholder);
        MinisterAsProfessional = new Actor(MinisterUser.UserId, Roles.InformationProfessional);
        OtherMinisterUser = new Actor((await User("jansen", Roles.Officeholder, OtherMinister)).ToString(CultureInfo.InvariantCulture), Roles.Officeholder);
        var trustee = await User("vertrouwenspersoon.bakker", Roles.Trustee, Minister);
        TrusteeUser = new Actor(trustee.ToString(CultureInfo.InvariantCulture), Roles.Trustee);
        await Sql.ScalarAsync(Db, "INSERT INTO trustees (officeholder_id, user_id, display_name, starts_on) VALUES (@o, @u, 'Vertrouwenspersoon', @s) RETURNING id",
            ("o", Minister), ("u", trustee), ("s", pg ? new DateOnly(2024, 1, 1) : "2024-01-01"));
        Auditor = new Actor((await User("adr", Roles.Auditor, null)).ToString(CultureInfo.InvariantCulture), Roles.Auditor);
    }

    public Task<ReadOutState> CreateReadOutAsync(DepartmentPolicy? policy = null, string instance = "wf-1", string validator = Roles.Officeholder, long? officeholder = null) =>
        Service.CreateAsync(new CreateReadOut(new StepKey(instance, "uitlezing"), officeholder ?? Minister, "whatsapp", policy ?? Removing(), validator, Professional));

    // ---- exports: WhatsApp Android, one chat per file -----------------------------------------------------

    public static readonly string[] WorkChat =
    [
        "01-02-2024 09:00 - Sanne de Vries: " + BusinessText,
        "01-02-2024 09:05 - Minister Bakker: Dank, ik lees hem vanavond.",
        "02-02-2024 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de stikstofruimte.",
        "02-02-2024 13:20 - Minister Bakker: Prima, zet het in mijn agenda.",
        "07-02-2024 10:00 - Minister Bakker: Graag de Kamerbrief vóór vrijdag.",
    ];

    public static readonly string[] FamilyChat =
    [
        "10-02-2024 08:00 - Tante Ria: " + PrivateText,
        "10-02-2024 08:10 - Minister Bakker: Dank je wel lieve tante!",
        "11-02-2024 18:30 - Tante Ria: " + PrivateText2,
        "11-02-2024 18:31 - Tante Ria: IMG-20240211-WA0001.jpg (bestand bijgevoegd)",
    ];

    public static byte[] FamilyPhoto { get; } = Encoding.ASCII.GetBytes("JPEG-FOTO-VAN-DE-VERJAARDAG-" + new string('x', 2000));

    public static ExportUpload Text(string contact, IEnumerable<string> lines) =>
        new($"WhatsApp-chat met {contact}.txt", "whatsapp", new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")));

    public static ExportUpload ZipWithPhoto(string contact, IEnumerable<string> lines, byte[] photo)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry($"WhatsApp-chat met {contact}.txt").Open()) s.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
            using (var s = zip.CreateEntry("IMG-20240211-WA0001.jpg").Open()) s.Write(photo);
        }
        ms.Position = 0;
        return new ExportUpload($"WhatsApp-chat met {contact}.zip", "whatsapp", ms);
    }

    public IReadOnlyList<ExportUpload> BothChats() => [Text("Sanne de Vries", WorkChat), ZipWithPhoto("Tante Ria", FamilyChat, FamilyPhoto)];

    /// <summary>Planned → uploaded → ingested → suggested.</summary>
    public async Task<ReadOutState> SuggestedAsync(DepartmentPolicy? policy = null, string instance = "wf-1", string validator = Roles.Officeholder)
    {
        var ro = await CreateReadOutAsync(policy, instance, validator);
        await Service.RegisterUploadsAsync(ro.Id, BothChats(), Professional);
        await Service.IngestAsync(ro.Id);
        return (await Service.SuggestAsync(ro.Id, policy ?? Removing())).ReadOut;
    }

    public async Task<(long Work, long Family)> ConversationsAsync(long readOutId)
    {
        var list = await Queries.ConversationsAsync(readOutId);
        return (list.Single(c => c.Title.Contains("Sanne", StringComparison.Ordinal)).Id, list.Single(c => c.Title.Contains("Ria", StringComparison.Ordinal)).Id);
    }

    /// <summary>Business for the work chat, private for the family chat (bulk per conversation).</summary>
    public async Task ReviewAsync(long readOutId, Actor? by = null)
    {
        var (work, family) = await ConversationsAsync(readOutId);
        await Service.DecideAsync(readOutId, new DecisionRequest(DecisionScope.Conversation, work.ToString(CultureInfo.InvariantCulture), Domain.Messages.MessageLabel.Business, null, by ?? Professional));
        await Service.DecideAsync(readOutId, new DecisionRequest(DecisionScope.Conversation, family.ToString(CultureInfo.InvariantCulture), Domain.Messages.MessageLabel.Private, "familie", by ?? Professional));
    }

    public async Task<IReadOnlyList<long>> MarkedAsync(long readOutId) =>
        (await Queries.MessagesAsync(readOutId, new MessageQuery(AwaitingValidation: true))).Items.Select(m => m.Id).ToList();

    public Task<long> CountAsync(string sql, params (string, object?)[] p) => Sql.ScalarAsync(Db, sql, p);

    /// <summary>Everything the database holds about the life cycle, as one comparable text (to prove "nothing changed").</summary>
    public async Task<string> SnapshotAsync()
    {
        var sb = new StringBuilder();
        foreach (var t in new[] { "ro_read_outs", "ro_uploads", "ro_messages", "ro_conversation_states", "ro_decisions", "ro_findings", "ro_deletion_records", "ingest_read_outs", "ingest_messages" })
        {
            sb.Append(t).Append('=').Append(await Sql.DumpAsync(Db, $"SELECT * FROM {t} ORDER BY 1")).Append('\n');
        }
        sb.Append("vault=").Append(string.Join(",", Directory.Exists(Sealing.VaultFolder) ? Directory.GetFiles(Sealing.VaultFolder).Order() : []));
        return sb.ToString();
    }
}

/// <summary>Plain SQL for test set-up and checks.</summary>
public static class Sql
{
    public static async Task<long> ScalarAsync(DatabaseOptions db, string sql, params (string, object?)[] parameters)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + n;
            p.Value = v ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task<string> DumpAsync(DatabaseOptions db, string sql)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var sb = new StringBuilder();
        while (await r.ReadAsync())
        {
            for (var i = 0; i < r.FieldCount; i++)
            {
                var v = r.GetValue(i);
                sb.Append(v is byte[] b ? Convert.ToHexString(b) : Convert.ToString(v, CultureInfo.InvariantCulture)).Append('|');
            }
            sb.Append(';');
        }
        return sb.ToString();
    }

    public static async Task<List<string>> TextsAsync(DatabaseOptions db, string sql)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync()) list.Add(r.IsDBNull(0) ? "" : Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture)!);
        return list;
    }
}
