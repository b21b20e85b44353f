using System.Net;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Demo;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The demo's read-outs: every state a newcomer should see with content (sealed with a deletion record, an open finding of
/// messages missing since the previous read-out, offered for validation, in review with suggestions, overdue without an
/// upload), made by the real read-out service; a second run changes nothing; the pages open for the demo users.
/// </summary>
public sealed class DemoReadOutTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Demo_read_outs_cover_every_state_once_and_their_pages_show_content(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "webdemo", settings: ReadOutListTests.SealingKeys());
        // Embedded mode (SQLite) starts the demo read-outs itself at start-up; this call waits for it or makes them (PostgreSQL).
        var demo = server.Services.GetRequiredService<DemoReadOuts>();
        var made = await demo.SeedAsync(CancellationToken.None);

        var sealedOne = made["verzegeld"];
        Assert.Equal(ReadOutStage.Sealed, sealedOne.Stage);
        Assert.NotEmpty(sealedOne.Packages);
        await using (var db = server.CreateDbContext())
        {
            var deletions = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM ro_deletion_records WHERE read_out_id = {0}", sealedOne.Id).SingleAsync();
            Assert.Equal(2, deletions); // the family chat, removed per BZK's policy
        }

        var finding = made["bevinding"];
        Assert.Equal(ReadOutStage.Ingested, finding.Stage);
        Assert.Equal(sealedOne.OfficeholderId, finding.OfficeholderId);
        var findings = await server.Services.GetRequiredService<ReadOutQueries>().FindingsAsync(finding.Id);
        Assert.Equal(2, findings.Count(f => f.Kind == FindingKinds.MissingSinceReadOut && f.NeedsAnswer && f.Resolution is null));

        var offered = made["validatie"];
        Assert.Equal(ReadOutStage.Offered, offered.Stage);
        Assert.True(offered.AwaitingValidation >= 2, $"awaiting validation: {offered.AwaitingValidation}");

        var review = made["beoordelen"];
        Assert.Equal(ReadOutStage.InReview, review.Stage);
        Assert.InRange(review.Undecided, 1, review.Messages - 1);

        var late = made["te-laat"];
        Assert.Equal(ReadOutStage.Planned, late.Stage);
        Assert.True(late.PlannedAt < DateTimeOffset.UtcNow, "the planned appointment has passed");

        // Two departments with different policies.
        Assert.NotEqual(sealedOne.DepartmentId, review.DepartmentId);
        Assert.NotEqual(sealedOne.Policy.Cleaning, review.Policy.Cleaning);

        // A second run (the next start) changes nothing.
        var again = await demo.SeedAsync(CancellationToken.None);
        Assert.Equal(made.Keys.Order(), again.Keys.Order());
        foreach (var (key, state) in made)
        {
            Assert.Equal(state.Id, again[key].Id);
            Assert.Equal(state.Stage, again[key].Stage);
        }
        await using (var db = server.CreateDbContext())
        {
            var count = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM ro_read_outs WHERE workflow_instance_id LIKE 'demo-uitlezing-%'").SingleAsync();
            Assert.Equal(5, count);
        }

        // The demo users see the pages with content.
        var bzk = await WebPageTests.BrowserAsync(server, "informatieprofessional.bzk");
        var findingsPage = await bzk.GetAsync($"/uitlezingen/{finding.Id}/bevindingen");
        Assert.Equal(HttpStatusCode.OK, findingsPage.StatusCode);
        var fin = await WebPageTests.BrowserAsync(server, "informatieprofessional.fin");
        var reviewPage = WebUtility.HtmlDecode(await fin.GetStringAsync($"/uitlezingen/{review.Id}/beoordelen"));
        Assert.Contains($"van {review.Messages} berichten beoordeeld", reviewPage);
        Assert.Contains("Voorjaarsnota", reviewPage);
        var minister = await WebPageTests.BrowserAsync(server, "bewindspersoon.bzk.2");
        var validation = WebUtility.HtmlDecode(await minister.GetStringAsync($"/uitlezingen/{offered.Id}/valideren"));
        Assert.Contains("de kat eten geven", validation);
        Assert.Equal(HttpStatusCode.NotFound, (await fin.GetAsync($"/uitlezingen/{offered.Id}/beoordelen")).StatusCode);
    }
}
