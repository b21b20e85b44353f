using System.Security.Cryptography;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Coverage;

/// <summary>
/// A real seal through the real CLI: officeholder 7 (no cleaning, raw export kept), February's WhatsApp export ingested
/// on 8 February 2024 and sealed by "ip-jansen". Returns the CLI environment of that database and its store.
/// </summary>
internal static class SealedFebruary
{
    public static async Task<Dictionary<string, string>> CreateAsync(DatabaseOptions db, DatabaseProvider provider)
    {
        await IngestionData.RegisterOfficeholderAsync(db, 7, cleaning: "None", keepRawDataset: true);
        var env = IngestionData.Env(db);
        env["ChatArchive__Sealing__VaultKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        if (provider == DatabaseProvider.PostgreSql)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            env["ChatArchive__Sealing__ArchiveKeyPem"] = key.ExportPkcs8PrivateKeyPem();
        }
        var export = IngestionData.Write(IngestionData.FileName, IngestionData.February);
        var ingest = await CliRunner.RunAsync(["ingest", export, "--officeholder", "7", "--channel", "whatsapp", "--read-out-at", "2024-02-08T10:00:00+01:00"], env);
        Assert.True(ingest.ExitCode == 0, ingest.StdErr);
        var seal = await CliRunner.RunAsync(["seal", "--officeholder", "7", "--channel", "whatsapp", "--sealed-by", "ip-jansen"], env);
        Assert.True(seal.ExitCode == 0, seal.StdErr);
        return env;
    }
}
