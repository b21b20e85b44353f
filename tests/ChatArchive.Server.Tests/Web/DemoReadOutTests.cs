using System.Net;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Demo;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The demo's read-outs: every state a newcomer should see with content (sealed with a deletion record, an open finding of
/// messages missing since the previous read-out, offered for validation, in review with suggestions, overdue without an
/// upload), made by running the departments' published read-out workflows (each read-out belongs to a workflow instance
/// started from the department's own definition, whose open task is in the right inbox); a second run changes nothing;
/// the pages open for the demo users.
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
        // Each read-out runs in its own instance of its department's published read-out workflow.
        var instances = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        foreach (var (key, state) in made)
        {
            var instance = await instances.GetAsync(state.WorkflowInstanceId);
            Assert.NotNull(instance);
            Assert.Equal(key is "beoordelen" or "te-laat" ? "fin-periodic-readout" : "bzk-periodic-readout", instance.DefinitionId);
            Assert.Empty(instance.State.Incidents);
            Assert.Equal(key == "verzegeld" ? WorkflowStatus.Finished : WorkflowStatus.Running, instance.Status);
        }
        Assert.Equal(made.Values.Select(v => v.WorkflowInstanceId).Distinct().Count(), made.Count);

        // The waiting steps are tasks in the inboxes of the people who do them.
        var tasks = server.Services.GetRequiredService<IHumanTaskService>();
        async Task<HumanTaskItem> OpenTaskAsync(string key)
        {
            var open = await tasks.ListAsync(new HumanTaskQuery { InstanceId = made[key].WorkflowInstanceId, Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed] });
            return Assert.Single(open.Items);
        }
        var findingsTask = await OpenTaskAsync("bevinding");
        Assert.Contains("\"gebeurtenis\":\"findings\"", findingsTask.FormData);
        var validationTask = await OpenTaskAsync("validatie");
        Assert.Contains("\"gebeurtenis\":\"validation\"", validationTask.FormData);
        var reviewTask = await OpenTaskAsync("beoordelen");
        Assert.Contains("\"gebeurtenis\":\"offered\"", reviewTask.FormData);
        var uploadTask = await OpenTaskAsync("te-laat");
        Assert.Contains("\"gebeurtenis\":\"upload\"", uploadTask.FormData);
        var sealedTasks = await tasks.ListAsync(new HumanTaskQuery { InstanceId = sealedOne.WorkflowInstanceId, Statuses = [HumanTaskStatus.Completed] });
        // The appointment, upload, review, validation and seal tasks, each done (by the person or by the API's signal).
        Assert.True(sealedTasks.Items.Count >= 5, $"completed tasks of the sealed cycle: {sealedTasks.Items.Count}");
        Assert.Contains(sealedTasks.Items, t => t.FormData?.Contains("\"gebeurtenis\":\"seal\"", StringComparison.Ordinal) == true && t.CompletedBy != "werkstroom");
        var inboxBzk = WebUtility.HtmlDecode(await (await WebPageTests.BrowserAsync(server, "informatieprofessional.bzk")).GetStringAsync("/taken"));
        Assert.Contains($"/taken/{findingsTask.Id}", inboxBzk);
        Assert.DoesNotContain($"/taken/{reviewTask.Id}", inboxBzk);
        var inboxFin = WebUtility.HtmlDecode(await (await WebPageTests.BrowserAsync(server, "informatieprofessional.fin")).GetStringAsync("/taken"));
        Assert.Contains($"/taken/{reviewTask.Id}", inboxFin);
        Assert.Contains($"/taken/{uploadTask.Id}", inboxFin);
        var inboxMinister = WebUtility.HtmlDecode(await (await WebPageTests.BrowserAsync(server, "bewindspersoon.bzk.2")).GetStringAsync("/taken"));
        Assert.Contains($"/taken/{validationTask.Id}", inboxMinister);

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

    /// <summary>
    /// The README's run command twice on the same data folder: the first start makes the demo read-outs by running the
    /// workflows, the second finds them and adds no read-out, workflow instance, task or process start.
    /// </summary>
    [Fact]
    public async Task A_second_start_in_embedded_mode_makes_no_second_set_of_demo_read_outs()
    {
        var settings = ReadOutListTests.SealingKeys();
        settings[DemoDataSettings.ReadOutsKey] = "true";
        DatabaseOptions database;
        long[] first;
        await using (var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "demorestart", settings: settings))
        {
            // Waits for the start-up's own run.
            var made = await server.Services.GetRequiredService<DemoReadOuts>().SeedAsync(CancellationToken.None);
            Assert.Equal(DemoReadOuts.Keys.Order(StringComparer.Ordinal), made.Keys.Order(StringComparer.Ordinal));
            database = server.Database;
            first = await CountsAsync(server);
        }
        Assert.Equal(5, first[0]);
        Assert.True(first[1] >= 5 && first[2] >= 5 && first[3] >= 5, string.Join(", ", first));

        await using var again = await ServerFixture.StartOnAsync(database, demoData: true, settings: settings);
        var second = await again.Services.GetRequiredService<DemoReadOuts>().SeedAsync(CancellationToken.None);
        Assert.Equal(5, second.Count);
        Assert.Equal(first, await CountsAsync(again));
    }

    /// <summary>Read-outs, workflow instances, tasks and process starts in the database.</summary>
    private static async Task<long[]> CountsAsync(ServerFixture server)
    {
        await using var db = server.CreateDbContext();
        var counts = new List<long>();
        string[] queries =
        [
            "SELECT COUNT(*) AS \"Value\" FROM ro_read_outs", "SELECT COUNT(*) AS \"Value\" FROM wf_instances",
            "SELECT COUNT(*) AS \"Value\" FROM wf_human_tasks", "SELECT COUNT(*) AS \"Value\" FROM wf_process_starts",
        ];
        foreach (var sql in queries)
        {
            counts.Add(await db.Database.SqlQueryRaw<long>(sql).SingleAsync());
        }
        return [.. counts];
    }
}
