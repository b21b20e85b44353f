using System.Net;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Demo;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Web.Pages.Dekking;
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
            Assert.Equal(key switch { "beoordelen" or "te-laat" => "fin-periodic-readout", "vertrouwenspersoon" => "vws-periodic-readout", _ => "bzk-periodic-readout" }, instance.DefinitionId);
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

        await DatedInsideTheAppointmentsAsync(server, made);
        await EveryDemoUserSeesSomethingOnTheStartPageAsync(server, made, OpenTaskAsync);
    }

    /// <summary>
    /// Every demo read-out is dated inside its officeholder's appointment (the upload's moment is the read-out's date), at the
    /// department's frequency, the first within one period of the appointment's start: the coverage report counts them and
    /// shows only the gaps the demo means — no read-out missed before the demo's first one, BZK's first minister has September
    /// sealed from the first day in office and the two messages missing since then open, and the read-outs after the demo's
    /// last one are overdue (FIN's four-day minister, whose departure read-out never came, among them).
    /// </summary>
    private static async Task DatedInsideTheAppointmentsAsync(ServerFixture server, IReadOnlyDictionary<string, ReadOutState> made)
    {
        var coverage = server.Services.GetRequiredService<ICoverageWebSource>();
        var today = CoverageService.Today(TimeProvider.System);
        async Task<AppointmentCoverage> RowAsync(string key)
        {
            var ro = made[key];
            var report = await coverage.ReportAsync(new CoverageQuery(today, OfficeholderId: ro.OfficeholderId), CancellationToken.None);
            return Assert.Single(report.Appointments);
        }
        foreach (var key in made.Keys.Where(k => k != "te-laat"))
        {
            var row = await RowAsync(key);
            Assert.True(row.ReadOuts.ReadOuts >= 1, $"{key}: no read-out counted");
            Assert.InRange(row.ReadOuts.LastReadOut!.Value, row.From, row.To!.Value);
            // The demo's history starts with the appointment: no read-out missed before (or between) the demo's read-outs;
            // what is overdue lies after the last one.
            Assert.DoesNotContain(row.Gaps, g => g.Kind == GapKinds.MissedReadOut);
            Assert.All(row.Gaps.Where(g => g.Kind == GapKinds.ReadOutOverdue), g => Assert.True(g.From > row.ReadOuts.LastReadOut, $"{key}: overdue from {g.From}"));
        }
        var bzk1 = await RowAsync("verzegeld");
        Assert.Equal(3, bzk1.ReadOuts.ReadOuts); // September, October, November: monthly, as BZK's process says
        Assert.Equal(new DateOnly(2023, 11, 30), bzk1.ReadOuts.LastReadOut);
        var whatsapp = Assert.Single(bzk1.Channels, c => c.Channel == "whatsapp");
        Assert.Equal(bzk1.From, whatsapp.SecuredFrom); // September's seal: its messages from the first day in office
        Assert.Equal(new DateOnly(2023, 9, 5), whatsapp.SecuredFrom);
        Assert.DoesNotContain(bzk1.Gaps, g => g.Kind == GapKinds.NotSecured && g.Channel == "whatsapp" && g.From == bzk1.From);
        Assert.Equal(2, bzk1.OpenFindings.MissingMessages);
        var fin1 = await RowAsync("beoordelen");
        Assert.Equal((1, new DateOnly(2024, 3, 11)), (fin1.ReadOuts.ReadOuts, fin1.ReadOuts.LastReadOut));
        var late = await RowAsync("te-laat");
        Assert.Equal(0, late.ReadOuts.ReadOuts);
        Assert.Contains(late.Gaps, g => g.Kind == GapKinds.NotSecured); // the departure read-out never came: nothing secured
        Assert.DoesNotContain(late.Gaps, g => g.Kind == GapKinds.MissedReadOut);

        // The auditor's coverage page shows them.
        var auditor = await WebPageTests.BrowserAsync(server, "auditor");
        var page = WebUtility.HtmlDecode(await auditor.GetStringAsync("/dekking?departement=BZK"));
        Assert.Contains("3 uitlezingen; laatste 30 november 2023", page);
        Assert.Contains("1 uitlezingen; laatste 9 februari 2022", page); // BZK's minister from January 2022 until September 2023
        Assert.DoesNotContain("gemist tussen het aantreden", page);
    }

    /// <summary>Each kind of demo user finds something of their own on the start page.</summary>
    private static async Task EveryDemoUserSeesSomethingOnTheStartPageAsync(ServerFixture server, IReadOnlyDictionary<string, ReadOutState> made,
        Func<string, Task<HumanTaskItem>> openTask)
    {
        async Task<string> StartAsync(string user) => WebUtility.HtmlDecode(await (await WebPageTests.BrowserAsync(server, user)).GetStringAsync("/"));

        // BZK's first minister: the validation of March.
        Assert.Equal(made["verzegeld"].OfficeholderId, made["eigen-validatie"].OfficeholderId);
        Assert.Equal(ReadOutStage.Offered, made["eigen-validatie"].Stage);
        var own = await openTask("eigen-validatie");
        Assert.Contains($"/taken/{own.Id}", await StartAsync("bewindspersoon.bzk.1"));
        var minister = await WebPageTests.BrowserAsync(server, "bewindspersoon.bzk.1");
        Assert.Contains("barbecue", WebUtility.HtmlDecode(await minister.GetStringAsync($"/uitlezingen/{made["eigen-validatie"].Id}/valideren")));

        // VWS's trustee validates for the minister: the task on the start page, the messages on the validation page.
        var trusteeRead = made["vertrouwenspersoon"];
        Assert.Equal(ReadOutStage.Offered, trusteeRead.Stage);
        Assert.Equal(Roles.Trustee, trusteeRead.ValidatorRole);
        var trusteeTask = await openTask("vertrouwenspersoon");
        var trusteeStart = await StartAsync("vertrouwenspersoon.vws");
        Assert.Contains($"/taken/{trusteeTask.Id}", trusteeStart);
        Assert.Contains("Minister van Volksgezondheid, Welzijn en Sport 2", trusteeStart);
        var trustee = await WebPageTests.BrowserAsync(server, "vertrouwenspersoon.vws");
        Assert.Contains("ik neem taart mee", WebUtility.HtmlDecode(await trustee.GetStringAsync($"/uitlezingen/{trusteeRead.Id}/valideren")));

        // Another department's trustee: for whom they are the trustee.
        var bzkTrustee = await StartAsync("vertrouwenspersoon.bzk");
        Assert.Contains("Staatssecretaris Koninkrijksrelaties en Digitalisering", bzkTrustee);
        Assert.Contains("deze 4 bewindspersonen", bzkTrustee);

        // The archivist: the sealed read-outs; the administrator: the background jobs and the coverage.
        var archivist = await StartAsync("archivaris");
        Assert.Contains("1 verzegelde uitlezing bekijken", archivist);
        Assert.Contains("/uitlezingen?status=Sealed", archivist);
        var sealedList = WebUtility.HtmlDecode(await (await WebPageTests.BrowserAsync(server, "archivaris")).GetStringAsync("/uitlezingen?status=Sealed"));
        Assert.Contains($"/uitlezingen/{made["verzegeld"].Id}", sealedList);
        var administrator = await StartAsync("beheerder");
        Assert.Contains("/beheer/achtergrondtaken", administrator);
        Assert.Contains("href=\"/dekking\"", administrator);
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
        Assert.Equal(DemoReadOuts.Keys.Count, first[0]);
        Assert.True(first[1] >= 7 && first[2] >= 7 && first[3] >= 7, string.Join(", ", first));

        await using var again = await ServerFixture.StartOnAsync(database, demoData: true, settings: settings);
        var second = await again.Services.GetRequiredService<DemoReadOuts>().SeedAsync(CancellationToken.None);
        Assert.Equal(DemoReadOuts.Keys.Count, second.Count);
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
