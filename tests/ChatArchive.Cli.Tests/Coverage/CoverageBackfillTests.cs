using System.Text.Json;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Sealing;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Coverage;

/// <summary>
/// <c>chatarchive coverage backfill</c> after an upgrade: a database whose seals were recorded before migration 0810
/// (no period) is upgraded; the report counts them as nothing secured until the backfill reads each period from the
/// package's seal statement in the store. A recorded package missing from the store is listed and keeps no period.
/// </summary>
public sealed class CoverageBackfillTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Seals_recorded_before_0810_get_their_period_from_the_store_after_the_upgrade(DatabaseProvider provider)
    {
        // A real seal in a current database gives a real package in the store.
        var sealedDb = await TestDatabases.CreateAsync(provider, "backfillseal");
        await SealedFebruary.CreateAsync(sealedDb, provider);
        var recorded = Assert.Single(await SealRecords.ReadAsync(sealedDb));

        // The same seal as a database at 0801 recorded it (no period columns yet), plus one whose package is not in the store.
        var old = await TestDatabases.CreateEmptyAsync(provider, "backfillold");
        await new DatabaseMigrator(old).MigrateAsync(upTo: 801);
        var pg = provider == DatabaseProvider.PostgreSql;
        var h = new CoverageHistory { Db = old };
        object At(DateTimeOffset t) => pg ? t.UtcDateTime : t.ToUnixTimeMilliseconds();
        const string insert = "INSERT INTO sealed_packages (officeholder_id, channel, sequence, package_id, seal_sha256, sealed_at, recorded_at) VALUES (@o, @c, @s, @p, @h, @at, @at) RETURNING sequence";
        await h.ScalarAsync(insert, ("o", recorded.OfficeholderId), ("c", recorded.Channel), ("s", recorded.Sequence), ("p", recorded.PackageId), ("h", recorded.SealSha256), ("at", At(recorded.SealedAt)));
        await h.ScalarAsync(insert, ("o", "8"), ("c", "signal"), ("s", 1L), ("p", "pakket-weg"), ("h", new string('b', 64)), ("at", At(recorded.SealedAt)));

        var applied = await new DatabaseMigrator(old).MigrateAsync();
        Assert.Contains(applied, s => s.Id == 810);
        await IngestionData.RegisterOfficeholderAsync(old, 7, cleaning: "None", keepRawDataset: true);
        var oldEnv = IngestionData.Env(old);
        oldEnv["ChatArchive__Sealing__StoreFolder"] = Path.Combine(sealedDb.DataFolder, "archive");

        Assert.Empty(await SecuredAsync(oldEnv));

        var backfill = await CliRunner.RunAsync(["coverage", "backfill"], oldEnv);

        Assert.Equal(1, backfill.ExitCode);
        Assert.Contains("1 verzegeld(e) pakket(ten) kregen hun periode", backfill.StdOut, StringComparison.Ordinal);
        Assert.Contains("8/signal/pakket-weg", backfill.StdErr, StringComparison.Ordinal);
        Assert.Equal(["2024-02-01|2024-02-07"], await SecuredAsync(oldEnv));
        Assert.Equal(1, await h.ScalarAsync("SELECT COUNT(*) FROM sealed_packages WHERE package_id = 'pakket-weg' AND period_start IS NULL"));

        // Again: nothing left to fill, the first row untouched.
        var again = await CliRunner.RunAsync(["coverage", "backfill"], oldEnv);
        Assert.Contains("0 verzegeld(e) pakket(ten) kregen hun periode uit de zegelverklaring; 1 hadden die al.", again.StdOut, StringComparison.Ordinal);
        Assert.Equal(["2024-02-01|2024-02-07"], await SecuredAsync(oldEnv));
    }

    private static async Task<List<string>> SecuredAsync(Dictionary<string, string> env)
    {
        var run = await CliRunner.RunAsync(["coverage", "--json", "--as-of", "2024-02-08"], env);
        Assert.True(run.ExitCode == 0, run.StdErr);
        using var doc = JsonDocument.Parse(run.StdOut);
        var row = Assert.Single(doc.RootElement.GetProperty("appointments").EnumerateArray());
        // A seal without its period is not yet known as a channel of the appointment.
        var whatsapp = row.GetProperty("channels").EnumerateArray().SingleOrDefault(c => c.GetProperty("channel").GetString() == "whatsapp");
        if (whatsapp.ValueKind == JsonValueKind.Undefined) return [];
        return [.. whatsapp.GetProperty("secured").EnumerateArray().Select(p => $"{p.GetProperty("from").GetString()}|{p.GetProperty("to").GetString()}")];
    }
}
