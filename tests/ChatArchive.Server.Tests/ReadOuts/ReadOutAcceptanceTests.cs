using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Policies;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.ReadOuts;

/// <summary>
/// Acceptance of the read-out spine through the HTTP API, on PostgreSQL and SQLite, no browser: one officeholder in each of two
/// departments with different policies (monthly / Verwijderen / raw export kept, and two-monthly / Markeren / raw export not
/// kept) goes through two read-out cycles. The second export lacks a message the first had: a finding that must be answered
/// before sealing. Review with bulk decisions per conversation and per contact, one disagreement in validation that returns
/// exactly the disputed message, cleaning and sealing. Afterwards the packages, deletion records, raw exports and stored texts
/// differ exactly as the two policies say, and the real <c>chatarchive verify --all</c> passes against the same store.
/// </summary>
public class ReadOutAcceptanceTests
{
    private const string Birthday = "Gefeliciteerd met je verjaardag! Fijne dag met de kinderen, groetjes van tante Ria";
    private const string Holiday = "Fijne vakantie in Zeeland, liefs van tante Ria";
    private const string Nitrogen = "De gedeputeerde belt om 14.00 uur over de stikstofruimte.";

    private static readonly string[] Work1 =
    [
        "01-02-2024 09:00 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar.",
        "01-02-2024 09:05 - Minister: Dank, ik lees hem vanavond.",
        "02-02-2024 13:15 - Sanne de Vries: " + Nitrogen,
    ];

    private static readonly string[] Family1 =
    [
        "10-02-2024 08:00 - Tante Ria: " + Birthday,
        "10-02-2024 08:10 - Minister: Dank je wel lieve tante, ik bel je na het werkbezoek!",
    ];

    // The second export: the nitrogen message is gone from the phone; one new business and one new private message.
    private static readonly string[] Work2 = [Work1[0], Work1[1], "05-03-2024 10:00 - Sanne de Vries: De Kamerbrief over de woningbouw is verstuurd."];
    private static readonly string[] Family2 = [.. Family1, "06-03-2024 19:00 - Tante Ria: " + Holiday];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_departments_take_two_read_out_cycles_to_sealed_packages_that_differ_exactly_as_their_policies_say(DatabaseProvider provider)
    {
        var vaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var server = await ServerFixture.StartAsync(provider, settings: new Dictionary<string, string?>
        {
            ["ChatArchive:Sealing:VaultKey"] = vaultKey,
        }, purpose: "acceptance");
        var sealing = server.Services.GetRequiredService<SealingOptions>();
        ChatArchive.Sealing.Chain.ArchiveKey.LoadOrCreate(sealing.ArchiveKeyFile).Dispose();

        var removing = await ReadOutJourney.StartAsync(server, "BZK", new DepartmentPolicy(ReadOutFrequency.Monthly, true, CleaningMode.Remove, KeepRawDataset: true, true));
        var marking = await ReadOutJourney.StartAsync(server, "JenV", new DepartmentPolicy(ReadOutFrequency.TwoMonthly, true, CleaningMode.Mark, KeepRawDataset: false, true));

        foreach (var j in new[] { removing, marking })
        {
            await FirstCycleAsync(j);
            await SecondCycleAsync(j);
        }

        // Stored texts: Verwijderen purged the private messages from the database; Markeren kept them with the mark.
        {
            Task<long> Count(string sql, long oh) => PolicyFacts.CountAsync(server, sql, oh);
            Assert.Equal(0, await Count(PolicyFacts.PrivateTexts, removing.Officeholder));
            Assert.Equal(2, await Count(PolicyFacts.PrivateTexts, marking.Officeholder));
            Assert.Equal(2, await Count(PolicyFacts.DeletionRecords, removing.Officeholder)); // the birthday and the holiday message
            Assert.Equal(0, await Count(PolicyFacts.DeletionRecords, marking.Officeholder));
            Assert.Equal(0, await Count(PolicyFacts.Marked, removing.Officeholder));
            Assert.Equal(2, await Count(PolicyFacts.Marked, marking.Officeholder));
            Assert.Equal(4, await Count(PolicyFacts.Uploads, removing.Officeholder));
            Assert.Equal(0, await Count(PolicyFacts.RawDestroyed, removing.Officeholder)); // raw export kept (purged of the removed texts)
            Assert.Equal(4, await Count(PolicyFacts.Uploads, marking.Officeholder));
            Assert.Equal(4, await Count(PolicyFacts.RawDestroyed, marking.Officeholder)); // raw export not kept: destroyed after sealing
            await using var db = server.CreateDbContext();
            // The deletion records hold no content.
            var records = string.Join("|", await db.Database.SqlQueryRaw<string>("SELECT label AS \"Value\" FROM ro_deletion_records").ToListAsync());
            Assert.Equal("Private|Private", records);
        }

        // Sealed packages: per officeholder, what each policy says.
        var removedPackages = PackageText(sealing, removing.Officeholder);
        var markedPackages = PackageText(sealing, marking.Officeholder);
        Assert.Equal(4, removing.Packages.Count);
        Assert.Equal(4, marking.Packages.Count);
        Assert.DoesNotContain("verjaardag", removedPackages.Json);
        Assert.DoesNotContain("Zeeland", removedPackages.Json);
        Assert.DoesNotContain("restrictionMark", removedPackages.Json);
        Assert.Contains("stikstofruimte", removedPackages.Json); // sealed in the first cycle, before it went missing
        Assert.Contains("lieve tante", removedPackages.Json); // the disputed message, decided business after the disagreement
        Assert.Contains("verjaardag", markedPackages.Json);
        Assert.Contains("Zeeland", markedPackages.Json);
        Assert.Equal(2, Occurrences(markedPackages.Json, "\"restrictionMark\""));
        Assert.Contains("Beperkt gebruik: privé of partijpolitiek gemarkeerd", markedPackages.Mdto);
        Assert.DoesNotContain("Beperkt gebruik: privé of partijpolitiek gemarkeerd", removedPackages.Mdto);
        Assert.Equal(2, removedPackages.DeletionEntries);
        Assert.Equal(0, markedPackages.DeletionEntries);

        // The real CLI verifies every package against the same store and database.
        var verify = await RunCliAsync(["verify", "--all", "--json"], server, vaultKey);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        using var report = JsonDocument.Parse(verify.StdOut);
        Assert.True(report.RootElement.GetProperty("valid").GetBoolean(), verify.StdOut);
        Assert.Equal(8, report.RootElement.GetProperty("packages").GetInt32());
    }

    private static async Task FirstCycleAsync(ReadOutJourney j)
    {
        var id = await j.NewCycleAsync();
        var findings = await j.UploadAndIngestAsync(id, j.Export("Sanne de Vries", Work1), j.Export("Tante Ria", Family1));
        // A first read-out only informs (what the export covers); nothing needs an answer.
        Assert.All(findings.EnumerateArray(), f => Assert.False(f.GetProperty("needsAnswer").GetBoolean(), f.GetProperty("kind").GetString()));
        Assert.Equal(0, (await j.ReadOutAsync(id)).GetProperty("openFindings").GetInt32());

        var work = await j.ConversationAsync(id, "Sanne");
        Assert.Equal(3, await j.DecideAsync(id, "conversation", work.ToString(CultureInfo.InvariantCulture), "business"));
        Assert.Equal(2, await j.DecideAsync(id, "contact", "Tante Ria", "private", "familie"));
        Assert.Equal("Offered", await j.OfferAsync(id));

        // The officeholder disputes their own reply: exactly that message goes back to review.
        var (outcome, disputed, offered) = await j.ValidateAsync(id, m => m.GetProperty("text").GetString()!.Contains("werkbezoek", StringComparison.Ordinal));
        Assert.Equal(2, offered.Count);
        Assert.Equal("Disputed", outcome);
        var one = Assert.Single(disputed);
        Assert.Equal([one], await j.Service.ReturnDisputedAsync(id));
        var undecided = await ReadOutJourney.OkAsync(await j.Professional.GetAsync($"/api/read-outs/{id}/messages?undecided=true"));
        Assert.Equal(one, Assert.Single(undecided.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(1, await j.DecideAsync(id, "message", one.ToString(CultureInfo.InvariantCulture), "business", "akkoord met de bewindspersoon"));
        Assert.Equal("Validated", await j.OfferAsync(id));

        var sealedResult = await j.CleanAndSealAsync(id);
        Assert.Equal(ReadOutStage.Sealed, sealedResult.ReadOut.Stage);
        Assert.Equal(j.ProfessionalActor.UserId, sealedResult.ReadOut.SealedBy);
        Assert.Equal(!j.Policy.KeepRawDataset, sealedResult.RawExportDestroyed);
    }

    private static async Task SecondCycleAsync(ReadOutJourney j)
    {
        var id = await j.NewCycleAsync();
        var findings = await j.UploadAndIngestAsync(id, j.Export("Sanne de Vries", Work2), j.Export("Tante Ria", Family2));
        var needing = findings.EnumerateArray().Where(f => f.GetProperty("needsAnswer").GetBoolean()).ToList();
        Assert.NotEmpty(needing);
        Assert.All(needing, f => Assert.Equal("missing-since-read-out", f.GetProperty("kind").GetString()));
        Assert.Equal(needing.Count, (await j.ReadOutAsync(id)).GetProperty("openFindings").GetInt32());

        // Only the new messages need a decision.
        var work = await j.ConversationAsync(id, "Sanne");
        Assert.Equal(1, await j.DecideAsync(id, "conversation", work.ToString(CultureInfo.InvariantCulture), "business"));
        Assert.Equal(1, await j.DecideAsync(id, "contact", "Tante Ria", "private"));
        Assert.Equal("Offered", await j.OfferAsync(id));
        var (outcome, disputed, _) = await j.ValidateAsync(id, _ => false);
        Assert.Equal("Agreed", outcome);
        Assert.Empty(disputed);
        await j.Service.ApplyCleaningAsync(id, j.Policy, j.ProfessionalActor);

        // The missing message's finding blocks sealing until the professional records what was done about it.
        var refused = await Assert.ThrowsAsync<ReadOutException>(() => j.Service.SealAsync(id, j.ProfessionalActor));
        Assert.Contains("bevinding(en) open", refused.Message);
        Assert.Equal("Cleaned", (await j.ReadOutAsync(id)).GetProperty("stage").GetString());
        Assert.Equal(needing.Count, await j.AnswerFindingsAsync(id));
        var sealedResult = await j.CleanAndSealAsync(id);
        Assert.Equal(ReadOutStage.Sealed, sealedResult.ReadOut.Stage);
        Assert.Equal(0, sealedResult.ReadOut.OpenFindings);
    }

    private sealed record Packages(string Json, string Mdto, int DeletionEntries);

    /// <summary>The text of every package of one officeholder in the archive store.</summary>
    private static Packages PackageText(SealingOptions sealing, long officeholder)
    {
        var marker = $"{Path.DirectorySeparatorChar}{officeholder.ToString(CultureInfo.InvariantCulture)}{Path.DirectorySeparatorChar}whatsapp{Path.DirectorySeparatorChar}";
        var files = Directory.EnumerateFiles(sealing.StoreFolder, "*", SearchOption.AllDirectories).Where(f => f.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        var json = new StringBuilder();
        var mdto = new StringBuilder();
        var deletions = 0;
        foreach (var f in files)
        {
            var name = Path.GetFileName(f);
            if (name.EndsWith(".MDTO.xml", StringComparison.Ordinal)) mdto.Append(File.ReadAllText(f));
            else if (name == "verwijderverantwoording.json")
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(f));
                deletions += doc.RootElement.GetProperty("removed").GetArrayLength();
            }
            else if (name.EndsWith(".json", StringComparison.Ordinal)) json.Append(File.ReadAllText(f));
        }
        return new Packages(json.ToString(), mdto.ToString(), deletions);
    }

    private static int Occurrences(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    internal static async Task<(int ExitCode, string StdOut, string StdErr)> RunCliAsync(IEnumerable<string> args, ServerFixture server, string vaultKey)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateTempSubdirectory("chatarchive-cli-").FullName,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chatarchive.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ChatArchive__Database__Provider"] = server.Database.Provider.ToString();
        psi.Environment["ConnectionStrings__ChatArchive"] = server.Database.ConnectionString;
        psi.Environment["ChatArchive__DataFolder"] = server.Database.DataFolder;
        psi.Environment["ChatArchive__Sealing__VaultKey"] = vaultKey;
        psi.Environment["DOTNET_ENVIRONMENT"] = "Test";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
