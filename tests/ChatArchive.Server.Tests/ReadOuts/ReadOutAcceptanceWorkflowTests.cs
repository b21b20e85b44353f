using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Server.Tests.ReadOuts;

/// <summary>
/// The acceptance journey as the product runs it, on PostgreSQL and SQLite, through the HTTP API: a new officeholder in BZK
/// (published definition: monthly, Verwijderen, raw export kept, the officeholder validates) and one in JenV (six-weekly,
/// Markeren, raw export not kept, a trustee validates) are registered with an appointment; the event starts onboarding, whose
/// checklists are answered through the API; onboarding starts the first read-out cycle; each cycle plans the next from the
/// department's published definition, due after its frequency; the end date set on the appointment starts the departure
/// with its exit checklist and a final read-out that is sealed. The server's own workflow runtime runs every step; the test
/// moves the server's clock and runs the event starter's pass instead of waiting for the poller.
/// </summary>
public class ReadOutAcceptanceWorkflowTests
{
    private const string Birthday = "Gefeliciteerd met je verjaardag! Fijne dag met de kinderen, groetjes van tante Ria";
    private const string Holiday = "Fijne vakantie in Zeeland, liefs van tante Ria";
    private const string Farewell = "Wat fijn dat je straks meer tijd hebt, dan gaan we samen naar Zeeland!";
    private const string Nitrogen = "De gedeputeerde belt om 14.00 uur over de stikstofruimte.";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Onboarding_read_out_cycles_and_departure_run_from_their_events_and_leave_coverage_as_the_two_policies_say(DatabaseProvider provider)
    {
        // Day 0 of the appointment lies in the past, so every moment the test moves to is a real date before today.
        var d0 = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-120);
        var clock = new JourneyClock(At(d0));
        var vaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var server = await ServerFixture.StartAsync(provider, purpose: "journey", settings: new Dictionary<string, string?>
        {
            ["ChatArchive:Sealing:VaultKey"] = vaultKey,
            ["ChatArchive:Workflows:ProcessStarts"] = "false",
            ["ChatArchive:Workflows:RunWorkers"] = "false",
            ["ChatArchive:Workflows:RunScheduler"] = "false",
            // The three example department definitions (CIO Rijk-rapportage 2024 variations) on both providers; without this the
            // PostgreSQL fixture gives JenV the demo's ADR-column copy (no cleaning, the officeholder validates).
            ["ChatArchive:Workflows:ImportDepartmentExamples"] = "true",
        }, services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var sealing = server.Services.GetRequiredService<SealingOptions>();
        ChatArchive.Sealing.Chain.ArchiveKey.LoadOrCreate(sealing.ArchiveKeyFile).Dispose();
        var starter = server.Services.GetRequiredService<ProcessStarter>();

        // Registered with an appointment from day 0: the event starts onboarding (and nothing for the demo's ended appointments).
        var bzk = await WorkflowJourney.RegisterAsync(server, "BZK", "Minister voor Digitale Overheid", d0);
        var jenv = await WorkflowJourney.RegisterAsync(server, "JenV", "Minister voor Slachtofferzorg", d0);
        var pass = await starter.RunOnceAsync();
        Assert.Equal(2, pass.EventsRecorded);
        Assert.Equal(2, pass.Started);
        Assert.Equal(0, (await starter.RunOnceAsync()).Started); // the same event twice starts one instance
        await RunAsync(server);
        foreach (var j in new[] { bzk, jenv })
        {
            var onboarding = Assert.Single(await j.StartsAsync(ProcessStartKinds.Onboarding));
            Assert.EndsWith("onboarding", onboarding.DefinitionId, StringComparison.Ordinal); // the department's copy, else the template
            var setup = await WorkflowJourney.TaskAsync(server, j.Professional, onboarding.InstanceId!, "Aantreden");
            await WorkflowJourney.AnswerChecklistAsync(j.Professional, setup, notConfirmed: "twee-toestellen");
            await RunAsync(server);
            var instruction = await WorkflowJourney.TaskAsync(server, j.OfficeholderClient, onboarding.InstanceId!);
            // The officeholder's own checklist: another department's professional cannot answer it.
            await WorkflowJourney.AnswerChecklistAsync(j.OfficeholderClient, instruction);
            await RunAsync(server);
        }

        // Onboarding's last step plans the first cycle at once: the starter begins it from the department's published definition.
        Assert.Equal(2, (await starter.RunOnceAsync()).Started);
        await RunAsync(server);
        var jenvTrustee = true;
        var cycle1 = new Dictionary<WorkflowJourney, string>();
        foreach (var j in new[] { bzk, jenv })
        {
            var start = (await j.StartsAsync(ProcessStartKinds.ReadOut)).Single();
            Assert.Equal($"{j.Department.ToLowerInvariant()}-periodic-readout", start.DefinitionId);
            cycle1[j] = start.InstanceId!;
            var appointment = await WorkflowJourney.TaskAsync(server, j.Professional, start.InstanceId!, "Uitleesmoment");
            await WorkflowJourney.CompleteAsync(j.Professional, appointment, "Gepland", new { geplandOp = At(d0.AddDays(20)).ToString("O", CultureInfo.InvariantCulture) });
        }
        await RunAsync(server);

        // Cycle 1 on day 20: both officeholders.
        clock.MoveTo(At(d0.AddDays(20)));
        await SignInAsync(bzk, jenv);
        await FirstCycleAsync(server, bzk, cycle1[bzk], trusteeValidates: false, others: await OthersAsync(server, bzk, jenv));
        await FirstCycleAsync(server, jenv, cycle1[jenv], trusteeValidates: jenvTrustee, others: await OthersAsync(server, jenv, bzk));

        // Each cycle planned the next from its department's published frequency: BZK a month later, JenV six weeks later.
        var sealed1 = At(d0.AddDays(20));
        var planned = await PlannedAsync(server, "BZK", bzk.Officeholder);
        Assert.Equal(sealed1.AddMonths(1), planned);
        Assert.Equal(sealed1.AddDays(42), await PlannedAsync(server, "JenV", jenv.Officeholder));
        Assert.Equal(0, (await starter.RunOnceAsync()).Started); // not due yet

        // BZK's second cycle falls due first; JenV's is not due then.
        clock.MoveTo(sealed1.AddMonths(1));
        Assert.Equal(1, (await starter.RunOnceAsync()).Started);
        await SignInAsync(bzk, jenv);
        await SecondCycleAsync(server, bzk, trusteeValidates: false);
        Assert.Equal(1, (await jenv.StartsAsync(ProcessStartKinds.ReadOut)).Count(s => s.InstanceId is not null));

        clock.MoveTo(sealed1.AddDays(42));
        Assert.Equal(1, (await starter.RunOnceAsync()).Started);
        await SignInAsync(bzk, jenv);
        await SecondCycleAsync(server, jenv, trusteeValidates: jenvTrustee);

        // Day 70: the administrator sets the end date (day 75). The event starts the departure and cancels the regular cycles.
        var endsOn = d0.AddDays(75);
        clock.MoveTo(At(d0.AddDays(70)));
        await SignInAsync(bzk, jenv);
        await bzk.EndAppointmentAsync(endsOn);
        await jenv.EndAppointmentAsync(endsOn);
        pass = await starter.RunOnceAsync();
        Assert.Equal(2, pass.EventsRecorded);
        Assert.Equal(2, pass.Cancelled); // each officeholder's next regular cycle
        Assert.Equal(2, pass.Started);
        await RunAsync(server);
        var departures = new Dictionary<WorkflowJourney, string>();
        foreach (var j in new[] { bzk, jenv })
        {
            departures[j] = Assert.Single(await j.StartsAsync(ProcessStartKinds.Departure)).InstanceId!;
            var exit = await WorkflowJourney.TaskAsync(server, j.OfficeholderClient, departures[j], "Vertrek");
            await WorkflowJourney.AnswerChecklistAsync(j.OfficeholderClient, exit);
        }
        await RunAsync(server);

        // The final read-out, due at once, is sealed on the last day; then the devices are handed in.
        Assert.Equal(2, (await starter.RunOnceAsync()).Started);
        await RunAsync(server);
        foreach (var j in new[] { bzk, jenv })
        {
            var final = (await j.StartsAsync(ProcessStartKinds.ReadOut)).Single(s => s.IsFinal);
            var appointment = await WorkflowJourney.TaskAsync(server, j.Professional, final.InstanceId!, "Uitleesmoment");
            await WorkflowJourney.CompleteAsync(j.Professional, appointment, "Gepland", new { geplandOp = At(endsOn).ToString("O", CultureInfo.InvariantCulture) });
        }
        await RunAsync(server);
        clock.MoveTo(At(endsOn));
        await SignInAsync(bzk, jenv);
        foreach (var j in new[] { bzk, jenv })
        {
            await FinalCycleAsync(server, j, (await j.StartsAsync(ProcessStartKinds.ReadOut)).Single(s => s.IsFinal).InstanceId!, d0, trusteeValidates: j == jenv && jenvTrustee);
            // The departure's coverage steps: e-mail and social media secured elsewhere up to the end date.
            var email = await WorkflowJourney.TaskAsync(server, j.Professional, departures[j], "e-mail");
            await WorkflowJourney.CompleteAsync(j.Professional, email, "Vastgelegd",
                new { account = "postbus minister", van = WorkflowJourney.Day(d0), tot = WorkflowJourney.Day(endsOn), waar = "Mailserver van het departement (journaling)" });
            await RunAsync(server);
            var social = await WorkflowJourney.TaskAsync(server, j.Professional, departures[j], "sociale media");
            await WorkflowJourney.CompleteAsync(j.Professional, social, "Vastgelegd",
                new { account = "zakelijk account", van = WorkflowJourney.Day(d0), tot = WorkflowJourney.Day(endsOn), waar = "Archief sociale media van de directie Communicatie" });
            await RunAsync(server);
        }
        Assert.Equal(0, (await starter.RunOnceAsync()).Started); // nothing left to start: no regular cycle after the departure

        // Every instance finished without an incident.
        foreach (var j in new[] { bzk, jenv })
        {
            foreach (var s in await j.StartsAsync())
            {
                if (s.InstanceId is null) { Assert.NotNull(s.CancelledAt); continue; }
                var instance = await server.Services.GetRequiredService<IWorkflowInstanceStore>().GetAsync(s.InstanceId);
                Assert.NotNull(instance);
                Assert.True(instance.Status == WorkflowStatus.Finished,
                    $"{s.Kind} {s.InstanceId}: {instance.Status}; {string.Join(" | ", instance.State.Incidents.Select(i => i.ActivityId + ": " + i.Message))}");
            }
            Assert.Equal(3, j.ReadOuts.Count);
            foreach (var id in j.ReadOuts)
            {
                var ro = await j.ReadOutAsync(id);
                Assert.Equal("Sealed", ro.GetProperty("stage").GetString());
            }
        }

        // Stored texts, deletion records, marks and raw exports differ as the two policies say.
        Task<long> Count(string sql, long oh) => PolicyFacts.CountAsync(server, sql, oh);
        Assert.Equal(0, await Count(PolicyFacts.PrivateTexts, bzk.Officeholder));
        Assert.Equal(3, await Count(PolicyFacts.PrivateTexts, jenv.Officeholder)); // birthday, holiday, farewell
        Assert.Equal(3, await Count(PolicyFacts.DeletionRecords, bzk.Officeholder));
        Assert.Equal(0, await Count(PolicyFacts.DeletionRecords, jenv.Officeholder));
        Assert.Equal(0, await Count(PolicyFacts.Marked, bzk.Officeholder));
        Assert.Equal(3, await Count(PolicyFacts.Marked, jenv.Officeholder));
        Assert.Equal(6, await Count(PolicyFacts.Uploads, bzk.Officeholder));
        Assert.Equal(0, await Count(PolicyFacts.RawDestroyed, bzk.Officeholder));
        Assert.Equal(6, await Count(PolicyFacts.Uploads, jenv.Officeholder));
        Assert.Equal(6, await Count(PolicyFacts.RawDestroyed, jenv.Officeholder));
        foreach (var j in new[] { bzk, jenv })
        {
            // Every read-out sealed by the professional who completed the seal task (never the operating-system user).
            Assert.All(await Task.WhenAll(j.ReadOuts.Select(j.ReadOutAsync)), ro => Assert.Equal(j.ProfessionalUserId, ro.GetProperty("sealedBy").GetString()));
        }

        // The checklists' answers are kept as evidence an auditor can read later (no message content in them).
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        foreach (var j in new[] { bzk, jenv })
        {
            await using var db = server.CreateDbContext();
            var officeholder = j.Officeholder;
            var ids = await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM ro_checklists WHERE officeholder_id = {officeholder} ORDER BY id").ToListAsync();
            Assert.Equal(3, ids.Count); // onboarding: setup and instruction; departure: exit checklist
            var setup = await WorkflowJourney.OkAsync(await auditor.GetAsync($"/api/checklists/{ids[0]}"));
            Assert.True(setup.GetProperty("completed").GetBoolean());
            var notYet = setup.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "twee-toestellen");
            Assert.False(notYet.GetProperty("confirmed").GetBoolean());
            Assert.Contains("tweede toestel", notYet.GetProperty("reason").GetString());
        }

        // Coverage: per channel the periods secured, no gap between the cycles, the departure closing the appointment.
        var coverage = await WorkflowJourney.OkAsync(await auditor.GetAsync($"/api/coverage?asOf={WorkflowJourney.Day(endsOn)}"));
        var frequencies = new Dictionary<string, string>();
        foreach (var j in new[] { bzk, jenv })
        {
            var row = coverage.GetProperty("appointments").EnumerateArray().Single(a => a.GetProperty("officeholderId").GetInt64() == j.Officeholder);
            Assert.Equal(WorkflowJourney.Day(d0), row.GetProperty("from").GetString());
            Assert.Equal(WorkflowJourney.Day(endsOn), row.GetProperty("to").GetString());
            Assert.True(row.GetProperty("gaps").GetArrayLength() == 0, row.GetProperty("gaps").ToString());
            var channels = row.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("channel").GetString()!);
            Assert.Equal(new[] { "email", "social-media", "whatsapp" }, channels.Keys.Order(StringComparer.Ordinal).ToArray());
            foreach (var (name, channel) in channels)
            {
                var secured = Assert.Single(channel.GetProperty("secured").EnumerateArray());
                Assert.Equal(WorkflowJourney.Day(d0), secured.GetProperty("from").GetString());
                Assert.Equal(WorkflowJourney.Day(endsOn), secured.GetProperty("to").GetString());
                Assert.True(channel.GetProperty("gaps").GetArrayLength() == 0, name + ": " + channel.GetProperty("gaps"));
            }
            Assert.Equal(6, channels["whatsapp"].GetProperty("sealedPackages").GetInt32());
            var readOuts = row.GetProperty("readOuts");
            Assert.Equal(3, readOuts.GetProperty("readOuts").GetInt32());
            Assert.Equal(0, readOuts.GetProperty("missedReadOuts").GetInt32());
            Assert.False(readOuts.GetProperty("overdue").GetBoolean());
            frequencies[j.Department] = readOuts.GetProperty("frequencyText").GetString()!;
        }
        Assert.Equal("P1M", frequencies["BZK"]);
        Assert.Equal("P6W", frequencies["JenV"]);

        // The real CLI verifies every package the workflows sealed against the same store and database.
        var verify = await ReadOutAcceptanceTests.RunCliAsync(["verify", "--all", "--json"], server, vaultKey);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        using var report = JsonDocument.Parse(verify.StdOut);
        Assert.True(report.RootElement.GetProperty("valid").GetBoolean(), verify.StdOut);
        Assert.Equal(12, report.RootElement.GetProperty("packages").GetInt32());
    }

    /// <summary>08:00 or 09:00 in The Hague on that day (07:00 UTC): always that same Dutch date.</summary>
    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero);

    private static async Task RunAsync(ServerFixture server) =>
        await server.Services.GetRequiredService<IWorkflowRuntime>().RunUntilIdleAsync();

    private static async Task SignInAsync(params WorkflowJourney[] journeys)
    {
        foreach (var j in journeys) await j.SignInAsync();
    }

    private static async Task<DateTimeOffset> PlannedAsync(ServerFixture server, string department, long officeholder)
    {
        using var owner = await server.CreateClientAsync(Roles.ProcessOwner, department);
        var plan = await WorkflowJourney.OkAsync(await owner.GetAsync($"/api/processes/{department}/planned-read-outs"));
        var mine = Assert.Single(plan.EnumerateArray(), p => p.GetProperty("officeholderId").GetInt64() == officeholder);
        return mine.GetProperty("dueAt").GetDateTimeOffset();
    }

    /// <summary>Everyone who must not see the validation task nor the offered messages' text: every other role and another officeholder.</summary>
    private static async Task<List<(string Who, HttpClient Client)>> OthersAsync(ServerFixture server, WorkflowJourney j, WorkflowJourney other) =>
    [
        ("bewindspersoon van een ander departement", other.OfficeholderClient),
        ("vertrouwenspersoon van die bewindspersoon", other.Trustee),
        ("andere bewindspersoon van hetzelfde departement", await server.CreateClientAsync(Roles.Officeholder, j.Department, await DemoOfficeholderAsync(server, j.Department))),
        ("informatieprofessional (beoordelaar)", j.Professional),
        ("informatieprofessional ander departement", other.Professional),
        ("procesbeheerder", await server.CreateClientAsync(Roles.ProcessOwner, j.Department)),
        ("beheerder", j.Administrator),
        ("auditor", await server.CreateClientAsync(Roles.Auditor, null)),
        ("archivaris", await server.CreateClientAsync(Roles.Archivist, j.Department)),
    ];

    private static async Task<long> DemoOfficeholderAsync(ServerFixture server, string department)
    {
        await using var db = server.CreateDbContext();
        var dept = await server.DepartmentAsync(department);
        return await db.Set<Officeholder>().Where(o => o.DepartmentId == dept.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
    }

    private static (string, byte[]) Export(WorkflowJourney j, string contact, IEnumerable<string> lines) =>
        ReadOutJourney.ChatZip(contact, lines.Select(l => l.Replace(" - Minister:", $" - Minister {j.Department}:", StringComparison.Ordinal)));

    private static string Line(DateOnly d0, int day, string time, string who, string text) =>
        $"{d0.AddDays(day).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)} {time} - {who}: {text}";

    private static string[] Work1(DateOnly d0) =>
    [
        Line(d0, 0, "10:00", "Sanne de Vries", "Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar."),
        Line(d0, 0, "10:05", "Minister", "Dank, ik lees hem vanavond."),
        Line(d0, 5, "13:15", "Sanne de Vries", Nitrogen),
    ];

    private static string[] Family1(DateOnly d0) =>
    [
        Line(d0, 10, "08:00", "Tante Ria", Birthday),
        Line(d0, 10, "08:10", "Minister", "Dank je wel lieve tante, ik bel je na het werkbezoek!"),
    ];

    // The second export: the nitrogen message is gone from the phone; one new business and one new private message.
    private static string[] Work2(DateOnly d0) => [Work1(d0)[0], Work1(d0)[1], Line(d0, 28, "10:00", "Sanne de Vries", "De Kamerbrief over de woningbouw is verstuurd.")];

    private static string[] Family2(DateOnly d0) => [.. Family1(d0), Line(d0, 29, "19:00", "Tante Ria", Holiday)];

    // The final export on the last day: one new business message early that morning, one new private message the evening before.
    private static string[] Work3(DateOnly d0) => [.. Work2(d0), Line(d0, 75, "07:30", "Sanne de Vries", "Dank voor de samenwerking, minister; de overdrachtsnotitie ligt klaar.")];

    private static string[] Family3(DateOnly d0) => [.. Family2(d0), Line(d0, 74, "20:00", "Tante Ria", Farewell)];

    private static async Task FirstCycleAsync(ServerFixture server, WorkflowJourney j, string instance, bool trusteeValidates, List<(string Who, HttpClient Client)> others)
    {
        var d0 = j.StartsOn;
        var id = await j.ReadOutOfAsync(instance);
        var upload = await WorkflowJourney.TaskAsync(server, j.Professional, instance, "Export");
        await j.UploadAsync(id, Export(j, "Sanne de Vries", Work1(d0)), Export(j, "Tante Ria", Family1(d0)));
        await RunAsync(server);
        Assert.Equal("Completed", (await WorkflowJourney.OkAsync(await j.Professional.GetAsync($"/api/tasks/{upload.GetProperty("id").GetString()}"))).GetProperty("status").GetString());
        // A first read-out only informs: the workflow went straight on to the suggestions and the review.
        Assert.Equal(0, (await j.ReadOutAsync(id)).GetProperty("openFindings").GetInt32());
        await WorkflowJourney.TaskAsync(server, j.Professional, instance, "beoordelen");

        var work = await j.ConversationAsync(id, "Sanne");
        Assert.Equal(3, await j.DecideAsync(id, "conversation", work.ToString(CultureInfo.InvariantCulture), "business"));
        Assert.Equal(2, await j.DecideAsync(id, "contact", "Tante Ria", "private", "familie"));
        Assert.Equal("Offered", await j.OfferAsync(id));
        await RunAsync(server);

        // Handreiking §2.2.2 stap 5–6: the validation task goes to the validator the definition names; the offered messages are
        // visible to that officeholder and their trustee and to nobody else.
        var validator = j.Validator(trusteeValidates);
        var task = await WorkflowJourney.TaskAsync(server, validator, instance, "valideren");
        var taskId = task.GetProperty("id").GetString();
        var nonAssignee = trusteeValidates ? j.OfficeholderClient : j.Trustee;
        foreach (var (who, client) in others.Append((trusteeValidates ? "de bewindspersoon zelf (taak bij de vertrouwenspersoon)" : "vertrouwenspersoon (definitie: de bewindspersoon valideert)", nonAssignee)))
        {
            var list = await WorkflowJourney.OkAsync(await client.GetAsync("/api/tasks?voor=rol&pageSize=500"));
            Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetString() == taskId);
            var get = await client.GetAsync($"/api/tasks/{taskId}");
            Assert.True(get.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{who}: {(int)get.StatusCode}");
            var complete = await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "Akkoord" });
            Assert.True((int)complete.StatusCode is >= 400 and < 500, $"{who}: {(int)complete.StatusCode}");
            // The officeholder always sees what is offered to them; their trustee only where the definition names the trustee as validator.
            if (client == nonAssignee && trusteeValidates) continue;
            var offered = await client.GetAsync($"/api/read-outs/{id}/validation");
            if (offered.StatusCode == HttpStatusCode.OK && who != "informatieprofessional (beoordelaar)")
            {
                var body = await WorkflowJourney.OkAsync(offered);
                Assert.All(body.GetProperty("items").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("text").ValueKind));
            }
            else if (offered.StatusCode != HttpStatusCode.OK)
            {
                Assert.True(offered.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{who}: {(int)offered.StatusCode}");
            }
        }
        foreach (var allowed in trusteeValidates ? new[] { j.OfficeholderClient, j.Trustee } : [j.OfficeholderClient])
        {
            var list = await WorkflowJourney.OkAsync(await allowed.GetAsync($"/api/read-outs/{id}/validation"));
            Assert.All(list.GetProperty("items").EnumerateArray(), m => Assert.NotNull(m.GetProperty("text").GetString()));
        }

        // The validator disputes the officeholder's own reply: exactly that message returns to review.
        var items = (await WorkflowJourney.OkAsync(await validator.GetAsync($"/api/read-outs/{id}/validation"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var verdicts = items.Select(m =>
        {
            var dispute = m.GetProperty("text").GetString()!.Contains("werkbezoek", StringComparison.Ordinal);
            return new { messageId = m.GetProperty("id").GetInt64(), agrees = !dispute, note = dispute ? "Dit bericht gaat over mijn werkbezoek." : null };
        }).ToList();
        var result = await WorkflowJourney.OkAsync(await validator.PostAsJsonAsync($"/api/read-outs/{id}/validation", new { verdicts }));
        Assert.Equal("Disputed", result.GetProperty("outcome").GetString());
        var disputed = Assert.Single(result.GetProperty("disputedMessageIds").EnumerateArray()).GetInt64();
        await RunAsync(server);
        await WorkflowJourney.TaskAsync(server, j.Professional, instance, "Betwiste");
        var undecided = await WorkflowJourney.OkAsync(await j.Professional.GetAsync($"/api/read-outs/{id}/messages?undecided=true"));
        Assert.Equal(disputed, Assert.Single(undecided.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(1, await j.DecideAsync(id, "message", disputed.ToString(CultureInfo.InvariantCulture), "business", "akkoord met de bewindspersoon"));
        Assert.Equal("Validated", await j.OfferAsync(id));
        await RunAsync(server);
        await SealThroughTaskAsync(server, j, instance, id);
    }

    private static async Task SecondCycleAsync(ServerFixture server, WorkflowJourney j, bool trusteeValidates)
    {
        var d0 = j.StartsOn;
        await RunAsync(server);
        var instance = (await j.StartsAsync(ProcessStartKinds.ReadOut)).Where(s => s.InstanceId is not null && !s.IsFinal).Select(s => s.InstanceId!).Last();
        var appointment = await WorkflowJourney.TaskAsync(server, j.Professional, instance, "Uitleesmoment");
        await WorkflowJourney.CompleteAsync(j.Professional, appointment, "Gepland", new { geplandOp = server.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
        await RunAsync(server);
        var id = await j.ReadOutOfAsync(instance);
        await j.UploadAsync(id, Export(j, "Sanne de Vries", Work2(d0)), Export(j, "Tante Ria", Family2(d0)));
        await RunAsync(server);

        // The missing message is a finding that needs an answer: the workflow waits in "Bevindingen afhandelen".
        var findings = await WorkflowJourney.OkAsync(await j.Professional.GetAsync($"/api/read-outs/{id}/findings"));
        var needing = findings.EnumerateArray().Where(f => f.GetProperty("needsAnswer").GetBoolean()).ToList();
        Assert.NotEmpty(needing);
        Assert.All(needing, f => Assert.Equal("missing-since-read-out", f.GetProperty("kind").GetString()));
        await WorkflowJourney.TaskAsync(server, j.Professional, instance, "Bevindingen");
        foreach (var f in needing)
        {
            await WorkflowJourney.OkAsync(await j.Professional.PostAsJsonAsync($"/api/read-outs/{id}/findings/{f.GetProperty("id").GetInt64()}",
                new { resolution = "Discussed", note = "Besproken met de bewindspersoon: het bericht is op de telefoon verwijderd." }));
        }
        await RunAsync(server);
        await WorkflowJourney.TaskAsync(server, j.Professional, instance, "beoordelen");

        // Only the new messages need a decision.
        var work = await j.ConversationAsync(id, "Sanne");
        Assert.Equal(1, await j.DecideAsync(id, "conversation", work.ToString(CultureInfo.InvariantCulture), "business"));
        Assert.Equal(1, await j.DecideAsync(id, "contact", "Tante Ria", "private"));
        Assert.Equal("Offered", await j.OfferAsync(id));
        await RunAsync(server);
        var validator = j.Validator(trusteeValidates);
        var task = await WorkflowJourney.TaskAsync(server, validator, instance, "valideren");
        var (outcome, _, offered) = await ReadOutCalls.ValidateAsync(validator, id, _ => false);
        Assert.Single(offered);
        Assert.Equal("Agreed", outcome);
        await RunAsync(server);
        Assert.Equal("Completed", (await WorkflowJourney.OkAsync(await validator.GetAsync($"/api/tasks/{task.GetProperty("id").GetString()}"))).GetProperty("status").GetString());
        await SealThroughTaskAsync(server, j, instance, id);
    }

    private static async Task FinalCycleAsync(ServerFixture server, WorkflowJourney j, string instance, DateOnly d0, bool trusteeValidates)
    {
        var id = await j.ReadOutOfAsync(instance);
        await j.UploadAsync(id, Export(j, "Sanne de Vries", Work3(d0)), Export(j, "Tante Ria", Family3(d0)));
        await RunAsync(server);
        await WorkflowJourney.TaskAsync(server, j.Professional, instance, "beoordelen");
        var work = await j.ConversationAsync(id, "Sanne");
        Assert.Equal(1, await j.DecideAsync(id, "conversation", work.ToString(CultureInfo.InvariantCulture), "business"));
        Assert.Equal(1, await j.DecideAsync(id, "contact", "Tante Ria", "private"));
        Assert.Equal("Offered", await j.OfferAsync(id));
        await RunAsync(server);
        var validator = j.Validator(trusteeValidates);
        await WorkflowJourney.TaskAsync(server, validator, instance, "valideren");
        var (outcome, _, offered) = await ReadOutCalls.ValidateAsync(validator, id, _ => false);
        Assert.Single(offered);
        Assert.Equal("Agreed", outcome);
        await RunAsync(server);
        await SealThroughTaskAsync(server, j, instance, id);
        // The final cycle plans no next one; the devices are handed in.
        var devices = await WorkflowJourney.TaskAsync(server, j.Professional, instance, "Toestellen");
        await WorkflowJourney.CompleteAsync(j.Professional, devices, "Ingeleverd");
        await RunAsync(server);
    }

    /// <summary>Cleaning runs as the workflow's step; the professional completes the seal task and is recorded as the sealer.</summary>
    private static async Task SealThroughTaskAsync(ServerFixture server, WorkflowJourney j, string instance, long id)
    {
        Assert.Equal("Cleaned", (await j.ReadOutAsync(id)).GetProperty("stage").GetString());
        var seal = await WorkflowJourney.TaskAsync(server, j.Professional, instance, "veiligstellen");
        await WorkflowJourney.CompleteAsync(j.Professional, seal, "Veiliggesteld");
        await RunAsync(server);
        var ro = await j.ReadOutAsync(id);
        Assert.Equal("Sealed", ro.GetProperty("stage").GetString());
    }
}
