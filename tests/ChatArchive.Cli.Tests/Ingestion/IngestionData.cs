using System.Globalization;
using System.IO.Compression;
using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Ingestion;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>Made-up Android exports of one chat between a minister and a policy officer, and helpers to store and query them.</summary>
public static class IngestionData
{
    public const string FileName = "WhatsApp-chat met Sanne de Vries.txt";

    public static readonly string[] February =
    [
        "01-02-2024 09:00 - Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.",
        "01-02-2024 09:00 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar.",
        "01-02-2024 09:01 - Minister Bakker: Ok",
        "01-02-2024 09:01 - Minister Bakker: Ok",
        "02-02-2024 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de stikstofruimte.",
        "02-02-2024 13:20 - Minister Bakker: Prima, zet het in mijn agenda.",
        "05-02-2024 08:45 - Sanne de Vries: IMG-20240205-WA0003.jpg (bestand bijgevoegd)",
        "Foto van de bouwlocatie in Almere",
        "06-02-2024 17:30 - Sanne de Vries: Dit bericht is verwijderd",
        "07-02-2024 10:00 - Minister Bakker: Graag de Kamerbrief vóór vrijdag.",
    ];

    public static string Write(string fileName, IEnumerable<string> lines)
    {
        var dir = Directory.CreateTempSubdirectory("chatarchive-ingest-").FullName;
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    public static string WriteZipWithPhoto(IEnumerable<string> lines, byte[] photo)
    {
        var dir = Directory.CreateTempSubdirectory("chatarchive-ingest-").FullName;
        var path = Path.Combine(dir, "WhatsApp-chat met Sanne de Vries.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var s = zip.CreateEntry(FileName).Open()) s.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        using (var s = zip.CreateEntry("IMG-20240205-WA0003.jpg").Open()) s.Write(photo);
        return path;
    }

    public static async Task<ReadOutStored> IngestAsync(DatabaseOptions options, string path, long officeholder = 42, DateTimeOffset? at = null, IEnumerable<ExportItem>? items = null)
    {
        await RegisterOfficeholderAsync(options, officeholder);
        using var source = ExportSourceFactory.Open(path);
        var reader = FormatDetector.Default().Detect(source);
        var request = new ReadOutRequest(officeholder, "whatsapp", reader.Format, source.DisplayName, SourceHash.Compute(source), at ?? DateTimeOffset.UtcNow);
        return await new ReadOutStore(options).IngestAsync(request, items ?? reader.Read(source));
    }

    /// <summary>
    /// Registers officeholder <paramref name="id"/> in a department of its own with the given cleaning mode (issue 2 registry;
    /// read-outs refer to it by FK since migration 0101). Migrates first; does nothing when the officeholder exists.
    /// </summary>
    public static async Task RegisterOfficeholderAsync(DatabaseOptions options, long id, string cleaning = "Remove", bool keepRawDataset = false, int? migrateUpTo = null)
    {
        await new DatabaseMigrator(options).MigrateAsync(migrateUpTo);
        if (await CountAsync(options, $"SELECT COUNT(*) FROM officeholders WHERE id = {id}") > 0) return;
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        async Task<object?> Exec(string sql, params (string, object)[] ps)
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            foreach (var (n, v) in ps)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = "@" + n;
                p.Value = v;
                cmd.Parameters.Add(p);
            }
            return await cmd.ExecuteScalarAsync();
        }
        var dept = Convert.ToInt64(await Exec("INSERT INTO departments (code, name) VALUES (@c, @n) RETURNING id",
            ("c", $"bzk{id}"), ("n", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")), CultureInfo.InvariantCulture);
        await Exec("INSERT INTO department_policies (department_id, frequency, device_separation, cleaning, keep_raw_dataset, exclude_private_contacts, four_eyes_required, source) " +
                   "VALUES (@d, 'SixWeekly', @t, @cl, @k, @t, @t, 'test')", ("d", dept), ("t", true), ("cl", cleaning), ("k", keepRawDataset));
        await Exec("INSERT INTO officeholders (id, department_id, display_name, kind, created_at) VALUES (@id, @d, 'Minister van Volkshuisvesting', 'Minister', @at)",
            ("id", id), ("d", dept), ("at", DateTimeOffset.UtcNow));
        await Exec("INSERT INTO appointments (officeholder_id, department_id, function_title, starts_on) VALUES (@id, @d, 'Minister van Volkshuisvesting en Ruimtelijke Ordening', @s)",
            ("id", id), ("d", dept), ("s", new DateOnly(2024, 1, 2)));
        await tx.CommitAsync();
    }

    public static async Task<long> CountAsync(DatabaseOptions options, string sql)
    {
        await using var conn = DatabaseSetup.CreateConnection(options);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static Dictionary<string, string> Env(DatabaseOptions options) => new()
    {
        ["ChatArchive__Database__Provider"] = options.Provider.ToString(),
        ["ConnectionStrings__ChatArchive"] = options.ConnectionString,
        ["ChatArchive__DataFolder"] = options.DataFolder,
    };
}
