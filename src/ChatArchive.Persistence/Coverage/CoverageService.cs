using System.Data.Common;
using System.Globalization;
using System.Text;

namespace ChatArchive.Persistence.Coverage;

/// <summary>
/// The coverage report (CIO Rijk-rapportage 2024 §2) from the database: the registry's appointments, the sealed packages'
/// periods (migration 0810), coverage registered elsewhere, read-out moments and unanswered findings, and each
/// department's published frequency. One read of each table for the whole scope, then <see cref="CoverageBuilder"/>.
/// Reads ids, dates, channels and kinds only: never message text, contact names or phone numbers.
/// </summary>
public sealed class CoverageService(DatabaseOptions database, ReadOutScheduleSource schedules)
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Today in Dutch time: the default report day.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Amsterdam).DateTime);

    public async Task<CoverageReport> ReportAsync(CoverageQuery query, CancellationToken ct = default)
    {
        var pg = database.Provider == DatabaseProvider.PostgreSql;
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        // One snapshot: a seal or read-out committed halfway through the report cannot make it disagree with itself.
        await using var tx = await conn.BeginTransactionAsync(pg ? System.Data.IsolationLevel.RepeatableRead : System.Data.IsolationLevel.Serializable, ct);

        var scope = new StringBuilder("a.starts_on <= @asof");
        if (query.DepartmentCode is not null) scope.Append(" AND a.department_id IN (SELECT id FROM departments WHERE LOWER(code) = LOWER(@dep))");
        if (query.OfficeholderId is not null) scope.Append(" AND a.officeholder_id = @oh");
        object asOf = pg ? query.AsOf : query.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parameters = new List<(string, object?)> { ("asof", asOf) };
        if (query.OfficeholderId is { } oh) parameters.Add(("oh", oh));
        if (query.DepartmentCode is { } dep) parameters.Add(("dep", dep));
        var p = parameters.ToArray();
        var ofScope = $"SELECT a.officeholder_id FROM appointments a WHERE {scope}";
        var ofScopeText = $"SELECT CAST(a.officeholder_id AS TEXT) FROM appointments a WHERE {scope}";

        var appointments = new List<AppointmentFact>();
        await using (var r = await ReaderAsync(conn, tx,
            "SELECT a.id, a.officeholder_id, d.code, a.function_title, a.starts_on, a.ends_on FROM appointments a JOIN departments d ON d.id = a.department_id " +
            $"WHERE {scope} ORDER BY d.code, a.starts_on, a.id", p, ct))
        {
            while (await r.ReadAsync(ct))
            {
                appointments.Add(new AppointmentFact(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Date(r, 4, pg), r.IsDBNull(5) ? null : Date(r, 5, pg)));
            }
        }

        var facts = new Dictionary<long, OfficeholderFacts>();
        OfficeholderFacts For(long id) => facts.TryGetValue(id, out var f) ? f : facts[id] = new OfficeholderFacts();

        await using (var r = await ReaderAsync(conn, tx,
            $"SELECT officeholder_id, channel, period_start, period_end FROM sealed_packages WHERE period_start IS NOT NULL AND officeholder_id IN ({ofScopeText})", p, ct))
        {
            while (await r.ReadAsync(ct))
            {
                if (!long.TryParse(r.GetString(0), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
                For(id).Seals.Add(new SealFact(r.GetString(1), Date(r, 2, pg), Date(r, 3, pg)));
            }
        }
        await using (var r = await ReaderAsync(conn, tx,
            $"SELECT officeholder_id, channel, from_date, to_date, secured_where FROM ro_coverage_elsewhere WHERE officeholder_id IN ({ofScope})", p, ct))
        {
            while (await r.ReadAsync(ct))
            {
                For(r.GetInt64(0)).Elsewhere.Add(new ElsewhereFact(r.GetString(1), TextDate(r.GetString(2)), r.IsDBNull(3) ? null : TextDate(r.GetString(3)), r.GetString(4)));
            }
        }
        await using (var r = await ReaderAsync(conn, tx,
            $"SELECT officeholder_id, channel, read_out_at FROM ingest_read_outs WHERE officeholder_id IN ({ofScope})", p, ct))
        {
            while (await r.ReadAsync(ct))
            {
                For(r.GetInt64(0)).ReadOuts.Add(new ReadOutFact(r.GetString(1), LocalDay(r, 2, pg)));
            }
        }
        var kinds = string.Join(", ", CoverageBuilder.OpenFindingKinds.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
        await using (var r = await ReaderAsync(conn, tx,
            "SELECT ro.officeholder_id, ro.channel, ro.read_out_at, f.kind FROM ingest_findings f JOIN ingest_read_outs ro ON ro.id = f.read_out_id " +
            "LEFT JOIN ro_findings answer ON answer.ingest_finding_id = f.id AND answer.resolution IS NOT NULL " +
            $"WHERE answer.id IS NULL AND f.kind IN ({kinds}) AND ro.officeholder_id IN ({ofScope})", p, ct))
        {
            while (await r.ReadAsync(ct))
            {
                For(r.GetInt64(0)).Findings.Add(new FindingFact(r.GetString(1), LocalDay(r, 2, pg), r.GetString(3)));
            }
        }
        await using (var r = await ReaderAsync(conn, tx,
            $"SELECT officeholder_id, chat_apps, issued_on, returned_on FROM business_devices WHERE officeholder_id IN ({ofScope})", p, ct))
        {
            while (await r.ReadAsync(ct))
            {
                var apps = r.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                For(r.GetInt64(0)).Devices.Add(new DeviceFact(apps, Date(r, 2, pg), r.IsDBNull(3) ? null : Date(r, 3, pg)));
            }
        }
        await using (var r = await ReaderAsync(conn, tx,
            $"SELECT officeholder_id, channel FROM accounts WHERE usage <> 'Personal' AND officeholder_id IN ({ofScope})", p, ct))
        {
            while (await r.ReadAsync(ct))
            {
                For(r.GetInt64(0)).AccountChannels.Add(r.GetString(1) == "SocialMedia" ? CoverageChannels.SocialMedia : CoverageChannels.Email);
            }
        }
        await tx.CommitAsync(ct);

        var perDepartment = new Dictionary<string, ReadOutSchedule>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in appointments.Select(a => a.Department).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            perDepartment[code] = await schedules(code, ct);
        }
        var empty = new OfficeholderFacts();
        var rows = appointments
            .Select(a => CoverageBuilder.Build(a, facts.GetValueOrDefault(a.OfficeholderId) ?? empty, perDepartment[a.Department], query.AsOf))
            .OfType<AppointmentCoverage>()
            .ToList();
        return new CoverageReport(query.AsOf, rows);
    }

    private static async Task<DbDataReader> ReaderAsync(DbConnection conn, DbTransaction tx, string sql, (string Name, object? Value)[] parameters, CancellationToken ct)
    {
        // Not disposed here: SQLite closes a command's reader with the command. The reader is disposed by the caller.
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return await cmd.ExecuteReaderAsync(ct);
    }

    private static DateOnly Date(DbDataReader r, int i, bool pg) => pg ? r.GetFieldValue<DateOnly>(i) : TextDate(r.GetString(i));

    private static DateOnly TextDate(string s) => DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The Dutch calendar day of a stored instant (PostgreSQL timestamptz; SQLite ms since 1970 UTC).</summary>
    private static DateOnly LocalDay(DbDataReader r, int i, bool pg)
    {
        var utc = pg ? new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc)) : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, Amsterdam).DateTime);
    }
}
