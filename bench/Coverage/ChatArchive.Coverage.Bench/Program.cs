using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Workflows.Engine.Activities;
using Npgsql;

// Usage: ChatArchive.Coverage.Bench <PostgreSql|Sqlite> <postgres-admin-connection-string or ""> [runs (default 5)]
// Creates a fresh database, migrates it, writes 12 departments x 50 officeholders, each with a three-year appointment,
// 4 chat channels read out and sealed monthly (every 7th month of a channel missed) and e-mail and social media secured
// elsewhere per month (6 channels), then builds the all-departments report (what an auditor asks for) and its CSV
// `runs` times after one warm-up. Prints a Markdown row: median and worst of report and CSV. Target: < 1 s.
var provider = Enum.Parse<DatabaseProvider>(args[0]);
var admin = args.Length > 1 ? args[1] : "";
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
const int Departments = 12, Officeholders = 50, Months = 36;
string[] chat = ["whatsapp", "signal", "sms", "teams"];
var start = new DateOnly(2021, 9, 1);
var asOf = start.AddMonths(Months).AddDays(-1);

DatabaseOptions db;
if (provider == DatabaseProvider.PostgreSql)
{
    var name = $"coveragebench_{Guid.NewGuid():N}"[..28];
    await using (var c = new NpgsqlConnection(admin))
    {
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
        await cmd.ExecuteNonQueryAsync();
    }
    db = new DatabaseOptions(provider, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, Path.GetTempPath());
}
else
{
    var folder = Directory.CreateTempSubdirectory("coverage-bench-").FullName;
    db = new DatabaseOptions(provider, $"Data Source={Path.Combine(folder, "bench.db")}", folder);
}
await new DatabaseMigrator(db).MigrateAsync();
var pg = provider == DatabaseProvider.PostgreSql;
object Day(DateOnly d) => pg ? d : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
object At(DateOnly d) => pg ? d.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc) : new DateTimeOffset(d.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds();

var seedWatch = Stopwatch.StartNew();
await using (var conn = DatabaseSetup.CreateConnection(db))
{
    await conn.OpenAsync();
    var officeholders = new List<(long Id, long Department)>();
    for (var d = 0; d < Departments; d++)
    {
        var dept = await ScalarAsync(conn, "INSERT INTO departments (code, name) VALUES (@c, @n) RETURNING id", ("c", $"D{d:00}"), ("n", $"Departement {d}"));
        for (var o = 0; o < Officeholders; o++)
        {
            var id = await ScalarAsync(conn, "INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, @n, 'Minister', @at) RETURNING id",
                ("d", dept), ("n", $"Functie {d}-{o}"), ("at", DateTimeOffset.UtcNow));
            officeholders.Add((id, dept));
        }
    }
    var appointments = officeholders.Select(o => new object?[] { o.Id, o.Department, $"Functie {o.Id}", Day(start), null });
    await BulkAsync(conn, "appointments", ["officeholder_id", "department_id", "function_title", "starts_on", "ends_on"], appointments);
    await BulkAsync(conn, "business_devices", ["officeholder_id", "platform", "phone_number", "chat_apps", "issued_on"],
        officeholders.Select(o => new object?[] { o.Id, "Ios", "+31600000000", string.Join(',', chat), Day(start) }));
    var readOuts = new List<object?[]>();
    var seals = new List<object?[]>();
    var elsewhere = new List<object?[]>();
    foreach (var (id, dept) in officeholders)
    {
        foreach (var channel in chat)
        {
            var n = 0;
            for (var m = 1; m <= Months; m++)
            {
                if ((m + id + channel.Length) % 7 == 0) continue; // a missed month: a gap and a missed read-out
                n++;
                var day = start.AddMonths(m).AddDays(-1);
                readOuts.Add([id, channel, n, "whatsapp-android", $"export-{n}.zip", $"{id:x8}{channel}{n:x8}".PadRight(64, '0'), At(day), At(day)]);
                seals.Add([id.ToString(CultureInfo.InvariantCulture), channel, (long)n, $"p{n:000000}", new string('a', 64), At(day), At(day),
                    Day(start.AddMonths(m - 1)), Day(day)]);
            }
        }
        foreach (var channel in new[] { "email", "social-media" })
        {
            for (var m = 1; m <= Months; m++)
            {
                elsewhere.Add([id, dept, channel, "zakelijk", start.AddMonths(m - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    start.AddMonths(m).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "archief", "bench", At(start)]);
            }
        }
    }
    await BulkAsync(conn, "ingest_read_outs", ["officeholder_id", "channel", "number", "format", "source_name", "source_sha256", "read_out_at", "ingested_at"], readOuts);
    await BulkAsync(conn, "sealed_packages", ["officeholder_id", "channel", "sequence", "package_id", "seal_sha256", "sealed_at", "recorded_at", "period_start", "period_end"], seals);
    await BulkAsync(conn, "ro_coverage_elsewhere", ["officeholder_id", "department_id", "channel", "account", "from_date", "to_date", "secured_where", "registered_by", "registered_at"], elsewhere);
    if (pg)
    {
        await using var analyze = conn.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }
    Console.Error.WriteLine($"{provider}: seeded {officeholders.Count} officeholders, {readOuts.Count} read-outs, {seals.Count} seals, {elsewhere.Count} registrations in {seedWatch.Elapsed.TotalSeconds:F1} s");
}

var monthly = new ReadOutSchedule(new IsoDuration(0, 1, 0, TimeSpan.Zero), "P1M");
var service = new CoverageService(db, (_, _) => Task.FromResult(monthly));
var query = new CoverageQuery(asOf);
var warm = await service.ReportAsync(query);
_ = CoverageCsv.ToBytes(warm);
var reportMs = new List<double>();
var csvMs = new List<double>();
var cpuMs = new List<double>();
CoverageReport report = warm;
var me = Process.GetCurrentProcess();
for (var i = 0; i < runs; i++)
{
    me.Refresh();
    var cpu = me.TotalProcessorTime;
    var t = Stopwatch.GetTimestamp();
    report = await service.ReportAsync(query);
    reportMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    me.Refresh();
    cpuMs.Add((me.TotalProcessorTime - cpu).TotalMilliseconds);
    t = Stopwatch.GetTimestamp();
    var bytes = CoverageCsv.ToBytes(report);
    csvMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    if (bytes.Length == 0) throw new InvalidOperationException("empty CSV");
}
reportMs.Sort();
csvMs.Sort();
cpuMs.Sort();
var gaps = report.Appointments.Sum(a => a.Gaps.Count);
Console.WriteLine("| provider | appointments | channels | gaps | runs | report median ms | report max ms | report client CPU median ms | CSV median ms | CSV max ms |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {provider} | {report.Appointments.Count} | {report.Appointments.Sum(a => a.Channels.Count)} | {gaps} | {runs} | {reportMs[runs / 2]:F0} | {reportMs[^1]:F0} | {cpuMs[runs / 2]:F0} | {csvMs[runs / 2]:F0} | {csvMs[^1]:F0} |"));
return report.Appointments.Count == Departments * Officeholders && gaps > 0 ? 0 : 1;

static async Task<long> ScalarAsync(DbConnection conn, string sql, params (string Name, object Value)[] ps)
{
    await using var cmd = conn.CreateCommand();
    cmd.CommandText = sql;
    foreach (var (n, v) in ps)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + n;
        p.Value = v;
        cmd.Parameters.Add(p);
    }
    return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

// PostgreSQL: binary COPY; SQLite: one prepared INSERT in one transaction.
static async Task BulkAsync(DbConnection conn, string table, string[] columns, IEnumerable<object?[]> rows)
{
    if (conn is NpgsqlConnection npg)
    {
        await using var importer = await npg.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows) await importer.WriteRowAsync(default, row.Select(v => v ?? DBNull.Value).ToArray());
        await importer.CompleteAsync();
        return;
    }
    await using var tx = await conn.BeginTransactionAsync();
    await using var cmd = conn.CreateCommand();
    cmd.Transaction = tx;
    cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
    var parameters = columns.Select((_, i) => { var p = cmd.CreateParameter(); p.ParameterName = "@p" + i; cmd.Parameters.Add(p); return p; }).ToArray();
    foreach (var row in rows)
    {
        for (var i = 0; i < row.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
        await cmd.ExecuteNonQueryAsync();
    }
    await tx.CommitAsync();
}
