using System.Globalization;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Tests.Coverage;

/// <summary>
/// A known history, written as stored facts (made-up, by function only; shared by the Persistence, CLI and Server tests):
/// <list type="bullet">
/// <item>BZK, "Minister van Binnenlandse Zaken en Koninkrijksrelaties", 8-1-2024 t/m 28-6-2024, business phone with WhatsApp
/// and Signal, monthly read-outs except April (read-outs 5-2, 4-3, 6-5, 3-6, 28-6), WhatsApp sealed without a gap, Signal
/// never secured, e-mail secured elsewhere up to 31-5-2024, social media secured elsewhere from the start (open-ended); one
/// open finding (disappearing messages switched on), one answered finding and one informational finding.</item>
/// <item>BZK, "Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties" from 8-1-2024, nothing secured at all.</item>
/// <item>FIN, "Minister van Financiën" from 10-1-2022, one seal: another department, for scoping.</item>
/// </list>
/// Report day 16-9-2024; frequency P1M everywhere.
/// </summary>
public sealed class CoverageHistory
{
    public static readonly DateOnly AsOf = new(2024, 9, 16);
    public const string MinisterFunction = "Minister van Binnenlandse Zaken en Koninkrijksrelaties";
    public const string StateSecretaryFunction = "Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties";
    public const string FinanceFunction = "Minister van Financiën";
    /// <summary>A name that appears only in the raw data (a message and a contact): no report may contain it.</summary>
    public const string SecretText = "Geheime tekst over de Voorjaarsnota van Marloes Verbeek";

    public static readonly ReadOutSchedule Monthly = new(new IsoDuration(0, 1, 0, TimeSpan.Zero), "P1M");

    public static ReadOutScheduleSource MonthlySource => (_, _) => Task.FromResult(Monthly);

    public required DatabaseOptions Db { get; init; }
    public long Bzk { get; private set; }
    public long Fin { get; private set; }
    public long Minister { get; private set; }
    public long StateSecretary { get; private set; }
    public long FinanceMinister { get; private set; }

    public static async Task<CoverageHistory> WriteAsync(DatabaseOptions db)
    {
        var h = new CoverageHistory { Db = db };
        await h.WriteAsync();
        return h;
    }

    private bool Pg => Db.Provider == DatabaseProvider.PostgreSql;

    private object D(int y, int m, int d) => Pg ? new DateOnly(y, m, d) : new DateOnly(y, m, d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>10:00 Dutch summer/winter time on that day, as the provider stores instants.</summary>
    private object At(int y, int m, int d)
    {
        var utc = new DateTimeOffset(y, m, d, 8, 0, 0, TimeSpan.Zero);
        return Pg ? utc.UtcDateTime : utc.ToUnixTimeMilliseconds();
    }

    private async Task WriteAsync()
    {
        Bzk = await ScalarAsync("INSERT INTO departments (code, name) VALUES ('BZK', 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties') RETURNING id");
        Fin = await ScalarAsync("INSERT INTO departments (code, name) VALUES ('FIN', 'Ministerie van Financiën') RETURNING id");
        Minister = await Officeholder(Bzk, MinisterFunction, "Minister", D(2024, 1, 8), D(2024, 6, 28));
        StateSecretary = await Officeholder(Bzk, StateSecretaryFunction, "StateSecretary", D(2024, 1, 8), null);
        FinanceMinister = await Officeholder(Fin, FinanceFunction, "Minister", D(2022, 1, 10), null);

        await ScalarAsync("INSERT INTO business_devices (officeholder_id, platform, phone_number, chat_apps, issued_on) VALUES (@o, 'Ios', '+31612345678', 'whatsapp,signal', @i) RETURNING id",
            ("o", Minister), ("i", D(2024, 1, 8)));
        await ScalarAsync("INSERT INTO accounts (officeholder_id, channel, service, address, usage) VALUES (@o, 'Email', 'Exchange', 'minister@minbzk.nl', 'Corporate') RETURNING id", ("o", Minister));
        await ScalarAsync("INSERT INTO accounts (officeholder_id, channel, service, address, usage) VALUES (@o, 'SocialMedia', 'X', '@ministerbzk', 'Corporate') RETURNING id", ("o", Minister));
        await ScalarAsync("INSERT INTO contacts (officeholder_id, display_name, phone_number, marking) VALUES (@o, 'Marloes Verbeek', '+31687654321', 'Private') RETURNING id", ("o", Minister));

        // Monthly read-outs of the phone, April missed; each sealed (overlapping export spans, as phones keep their history).
        var readOuts = new[] { (2, 5), (3, 4), (5, 6), (6, 3), (6, 28) };
        var ids = new List<long>();
        for (var i = 0; i < readOuts.Length; i++)
        {
            var (m, d) = readOuts[i];
            ids.Add(await ScalarAsync(
                "INSERT INTO ingest_read_outs (officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at) " +
                "VALUES (@o, 'whatsapp', @n, 'whatsapp-android', @s, @h, @at, @at) RETURNING id",
                ("o", Minister), ("n", i + 1), ("s", $"uitlezing-{i + 1}.zip"), ("h", new string((char)('a' + i), 64)), ("at", At(2024, m, d))));
        }
        var seals = new[] { ((1, 8), (2, 5)), ((1, 8), (3, 4)), ((2, 20), (5, 6)), ((5, 6), (6, 3)), ((6, 1), (6, 28)) };
        for (var i = 0; i < seals.Length; i++)
        {
            var ((fm, fd), (tm, td)) = seals[i];
            await Seal(Minister, "whatsapp", i + 1, D(2024, fm, fd), D(2024, tm, td));
        }
        await Seal(FinanceMinister, "whatsapp", 1, D(2024, 6, 1), D(2024, 6, 30));

        await Elsewhere(Minister, Bzk, "email", D(2024, 1, 8), D(2024, 5, 31), "Exchange-archief (journaling)");
        await Elsewhere(Minister, Bzk, "social-media", D(2024, 1, 8), null, "Webarchief sociale media");

        // A message with text (content must never reach the report).
        var conversation = await ScalarAsync(
            "INSERT INTO ingest_conversations (officeholder_id, channel, conversation_key, title, is_group, participants, first_read_out_id, last_read_out_id) " +
            "VALUES (@o, 'whatsapp', 'k1', 'Marloes Verbeek', @f, 'Marloes Verbeek', @r, @r) RETURNING id", ("o", Minister), ("f", false), ("r", ids[2]));

        // Findings: one open (disappearing messages on, read-out of 6 May), one answered (tombstone, 4 March), one informational.
        await Finding(ids[2], conversation, "disappearing-on");
        var answered = await Finding(ids[1], conversation, "deleted-for-everyone");
        await Finding(ids[3], null, "span-covered");
        var roReadOut = await ScalarAsync(
            "INSERT INTO ro_read_outs (officeholder_id, department_id, channel, workflow_instance_id, activity_id, stage, policy, validator_role, created_by, created_at) " +
            "VALUES (@o, @d, 'whatsapp', 'wf-cov', 'uitlezing', 'Sealed', '{}', 'officeholder', '1', @at) RETURNING id", ("o", Minister), ("d", Bzk), ("at", At(2024, 3, 4)));
        await ScalarAsync("INSERT INTO ro_findings (read_out_id, ingest_finding_id, resolution, note, answered_by, answered_at) VALUES (@r, @f, 'Explained', 'besproken', '1', @at) RETURNING id",
            ("r", roReadOut), ("f", answered), ("at", At(2024, 3, 5)));
    }

    private async Task<long> Officeholder(long department, string function, string kind, object from, object? to)
    {
        var id = await ScalarAsync("INSERT INTO officeholders (department_id, display_name, kind, created_at) VALUES (@d, @n, @k, @at) RETURNING id",
            ("d", department), ("n", function), ("k", kind), ("at", DateTimeOffset.UtcNow));
        await ScalarAsync("INSERT INTO appointments (officeholder_id, department_id, function_title, starts_on, ends_on) VALUES (@o, @d, @f, @s, @e) RETURNING id",
            ("o", id), ("d", department), ("f", function), ("s", from), ("e", to));
        return id;
    }

    public async Task Seal(long officeholder, string channel, int sequence, object from, object to) =>
        await ScalarAsync(
            "INSERT INTO sealed_packages (officeholder_id, channel, sequence, package_id, seal_sha256, sealed_at, recorded_at, period_start, period_end) " +
            "VALUES (@o, @c, @s, @p, @h, @at, @at, @ps, @pe) RETURNING sequence",
            ("o", officeholder.ToString(CultureInfo.InvariantCulture)), ("c", channel), ("s", sequence), ("p", $"pakket-{sequence:0000}"), ("h", new string('f', 64)),
            ("at", At(2024, 7, 1)), ("ps", from), ("pe", to));

    private async Task Elsewhere(long officeholder, long department, string channel, object from, object? to, string where) =>
        await ScalarAsync(
            "INSERT INTO ro_coverage_elsewhere (officeholder_id, department_id, channel, account, from_date, to_date, secured_where, registered_by, registered_at) " +
            "VALUES (@o, @d, @c, 'zakelijk account', @f, @t, @w, '1', @at) RETURNING id",
            ("o", officeholder), ("d", department), ("c", channel), ("f", from is DateOnly a ? a.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : from),
            ("t", to is DateOnly b ? b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : to), ("w", where), ("at", At(2024, 1, 8)));

    private async Task<long> Finding(long readOut, long? conversation, string kind)
    {
        if (conversation is { } c && kind == "disappearing-on")
        {
            await ScalarAsync(
                "INSERT INTO ingest_messages (conversation_id, officeholder_id, fingerprint, occurrence, sender, sent_at, sent_offset_minutes, sent_day, digest_a, digest_b, text, edited, deleted, first_read_out_id) " +
                "VALUES (@c, @o, @fp, 0, 'Marloes Verbeek', @at, 120, 19850, 1, 2, @t, @no, @no, @r) RETURNING id",
                ("c", c), ("o", Minister), ("fp", new byte[] { 1, 2, 3 }), ("at", At(2024, 5, 1)), ("t", SecretText), ("no", false), ("r", readOut));
        }
        return await ScalarAsync("INSERT INTO ingest_findings (read_out_id, conversation_id, kind, detail) VALUES (@r, @c, @k, 'bevinding') RETURNING id",
            ("r", readOut), ("c", conversation), ("k", kind));
    }

    /// <summary>
    /// Publishes each department's own copy of the read-out definition with Frequentie P1M, as a process owner does in
    /// Studio (the CLI and the server read the frequency from the published definition; without one the default is P6W).
    /// </summary>
    public async Task PublishMonthlyAsync()
    {
        var services = new ServiceCollection().AddChatArchivePersistence(Db).BuildServiceProvider();
        var store = new EfWorkflowDefinitionStore(services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>());
        foreach (var code in new[] { "BZK", "FIN" })
        {
            await store.SaveAsync([new WorkflowDefinition
            {
                Id = $"{code.ToLowerInvariant()}-periodic-readout-v1",
                DefinitionId = $"{code.ToLowerInvariant()}-periodic-readout",
                Version = 1,
                CreatedAt = DateTimeOffset.UtcNow,
                IsLatest = true,
                IsPublished = true,
                TenantId = code,
                Name = $"Periodiek uitlezen {code}",
                Variables = [new VariableDefinition { Id = "v1", Name = "Frequentie", Value = "P1M" }],
            }]);
        }
    }

    public async Task<long> ScalarAsync(string sql, params (string, object?)[] parameters)
    {
        await using var conn = DatabaseSetup.CreateConnection(Db);
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
}
