using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ChatArchive.Classification;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Activities.Tests.Support;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Activities.Tests.Activities;

/// <summary>
/// One read-out cycle of the department's published definition, driven through the activities and the real read-out
/// service on a real database (no HTTP): appointment, upload, ingest, suggestions, bulk review, a disagreement that
/// returns exactly the disputed message, agreement, cleaning, sealing by the user who completed the step, and the next
/// cycle planned from the latest published definition. The validation task is visible to that officeholder only.
/// </summary>
public sealed class ReadOutCycleTests
{
    private const string PrivateText = "Gefeliciteerd met je verjaardag! Fijne dag met de kinderen, groetjes van tante Ria";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<MessageClassifier> Classifier = new(() => MessageClassifier.Create());

    private sealed record World(ActivitiesHost Host, SealingOptions Sealing, Department Bzk, Officeholder Minister, User Professional, User MinisterUser,
        User OtherMinisterUser, User Trustee, User Owner, User Auditor) : IAsyncDisposable
    {
        public IReadOutService ReadOuts => Host.Services.GetRequiredService<IReadOutService>();
        public IReadOutSignals Signals => Host.Services.GetRequiredService<IReadOutSignals>();
        public ReadOutQueries Queries => Host.Services.GetRequiredService<ReadOutQueries>();
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private static async Task<World> CreateAsync(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "cycle");
        var sealing = SealingOptions.FromLookup(_ => null, db.DataFolder, embedded: true);
        var host = await ActivitiesHost.StartAsync(db, Start, services: (s, clock) =>
        {
            s.AddSingleton(new ReadOutModules { Classifier = Classifier.Value, Vault = sealing.OpenVault(), Sealing = sealing });
            s.AddSingleton(sp => new ReadOutService(db, sp.GetRequiredService<ReadOutModules>(), clock));
            s.AddSingleton<IReadOutService>(sp => sp.GetRequiredService<ReadOutService>());
            s.AddSingleton<IChecklistService>(_ => new ChecklistService(db, clock));
            s.AddSingleton(sp => new ReadOutQueries(db, sp.GetRequiredService<ReadOutService>()));
        });
        var r = new TestRegistry(host.Db);
        var bzk = await r.DepartmentAsync("BZK", "Binnenlandse Zaken en Koninkrijksrelaties");
        var minister = await r.OfficeholderAsync(bzk, "Minister van BZK", new DateOnly(2026, 1, 5));
        var other = await r.OfficeholderAsync(bzk, "Staatssecretaris Digitalisering", new DateOnly(2026, 1, 5));
        var world = new World(host, sealing, bzk, minister,
            await r.UserAsync("informatieprofessional.bzk", bzk, Roles.InformationProfessional),
            await r.UserAsync("bewindspersoon.bzk.1", bzk, Roles.Officeholder, minister.Id),
            await r.UserAsync("bewindspersoon.bzk.2", bzk, Roles.Officeholder, other.Id),
            await r.UserAsync("vertrouwenspersoon.bzk", bzk, Roles.Trustee),
            await r.UserAsync("procesbeheerder.bzk", bzk, Roles.ProcessOwner),
            await r.UserAsync("auditor", null, Roles.Auditor));
        await r.TrusteeAsync(other, world.Trustee, new DateOnly(2026, 1, 5));
        await host.Services.GetRequiredService<DepartmentDefinitionImporter>().ImportAsync(RepositoryFolders.Workflows);
        return world;
    }

    private static HumanTaskActor Actor(User u) =>
        new(u.Id.ToString(CultureInfo.InvariantCulture), u.Roles, u.DepartmentId is null ? null : ["BZK"]);

    private static async Task<HumanTaskItem> OpenTaskAsync(World w, string instanceId)
    {
        var tasks = await w.Host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed] });
        var instance = await w.Host.InstanceAsync(instanceId);
        Assert.True(tasks.Items.Count == 1, $"expected one open task; incidents: {string.Join(" | ", instance.State.Incidents.Select(i => i.ActivityId + ": " + i.Message))}; " +
            $"tasks: {string.Join(", ", tasks.Items.Select(t => t.Title))}");
        return tasks.Items[0];
    }

    private static ExportUpload Upload(string contact, IEnumerable<string> lines, string channel = "whatsapp") =>
        new($"WhatsApp-chat met {contact}.txt", channel, new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")));

    private static readonly string[] WorkChat =
    [
        "01-02-2026 09:00 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar.",
        "01-02-2026 09:05 - Minister van BZK: Dank, ik lees hem vanavond.",
        "02-02-2026 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de stikstofruimte.",
    ];

    private static readonly string[] FamilyChat =
    [
        "10-02-2026 08:00 - Tante Ria: " + PrivateText,
        "10-02-2026 08:10 - Minister van BZK: Dank je wel lieve tante!",
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_read_out_cycle_runs_from_appointment_to_seal_and_plans_the_next_cycle(DatabaseProvider provider)
    {
        await using var w = await CreateAsync(provider);
        var host = w.Host;
        await host.Starter.PlanReadOutAsync("BZK", w.Minister.Id, "aantreden-test", Start, immediately: true);
        // Both appointments start their onboarding too; this test follows the minister's read-out cycle.
        Assert.Equal(3, (await host.Starter.RunOnceAsync()).Started);
        var instanceId = (await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = ["bzk-periodic-readout"] })).Items.Single().Id;
        Assert.Equal(w.Minister.Id.ToString(CultureInfo.InvariantCulture), (await host.InstanceAsync(instanceId)).CorrelationId);

        // 1-2: the appointment, planned by the professional.
        await host.Runtime.RunUntilIdleAsync();
        var appointment = await OpenTaskAsync(w, instanceId);
        Assert.Equal(Roles.InformationProfessional, appointment.AssigneeRole);
        Assert.Equal("BZK", appointment.Department);
        await host.Tasks.CompleteAsync(appointment.Id, Actor(w.Professional), "Gepland", "{\"geplandOp\":\"2026-03-05T10:00:00+01:00\"}");
        await host.Runtime.RunUntilIdleAsync();
        var readOut = (await w.ReadOuts.FindByWorkflowInstanceAsync(instanceId))!;
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero), readOut.PlannedAt);
        Assert.Equal(w.Minister.Id, readOut.OfficeholderId);
        Assert.Equal(Domain.Policies.CleaningMode.Remove, readOut.Policy.Cleaning);
        Assert.True(readOut.Policy.KeepRawDataset);

        // 3: upload through the service; the signal resumes the waiting step; ingest and suggestions run.
        var uploadTask = await OpenTaskAsync(w, instanceId);
        var uploaded = await w.ReadOuts.RegisterUploadsAsync(readOut.Id, [Upload("Sanne de Vries", WorkChat), Upload("Tante Ria", FamilyChat)],
            new Actor(w.Professional.Id.ToString(CultureInfo.InvariantCulture), Roles.InformationProfessional));
        await w.Signals.UploadCompletedAsync(uploaded.ReadOut);
        await w.Signals.UploadCompletedAsync(uploaded.ReadOut);
        await host.Runtime.RunUntilIdleAsync();
        Assert.Equal(HumanTaskStatus.Completed, (await host.Tasks.GetAsync(uploadTask.Id, Actor(w.Professional)))!.Status);
        readOut = (await w.ReadOuts.GetAsync(readOut.Id))!;
        if (readOut.OpenFindings > 0)
        {
            // The ingest reported findings: the professional answers each through the service; the signal resumes the step.
            var findingsTask = await OpenTaskAsync(w, instanceId);
            Assert.Equal("Bevindingen van de uitlezing afhandelen", findingsTask.Title);
            Assert.Equal(ReadOutStage.Ingested, readOut.Stage);
            foreach (var f in await w.Queries.FindingsAsync(readOut.Id))
            {
                await w.ReadOuts.AnswerFindingAsync(readOut.Id, f.Id, new FindingAnswer(FindingResolution.Explained, "Besproken bij de uitleesafspraak.",
                    new Actor(w.Professional.Id.ToString(CultureInfo.InvariantCulture), Roles.InformationProfessional)));
            }
            await w.Signals.FindingsAnsweredAsync((await w.ReadOuts.GetAsync(readOut.Id))!);
            await host.Runtime.RunUntilIdleAsync();
            readOut = (await w.ReadOuts.GetAsync(readOut.Id))!;
        }
        Assert.Equal(0, readOut.OpenFindings);
        Assert.Equal(ReadOutStage.Suggested, readOut.Stage);

        // 4-5: bulk review per conversation, offered through the service.
        var review = await OpenTaskAsync(w, instanceId);
        Assert.Equal("Berichten beoordelen en aanbieden ter validatie", review.Title);
        var professional = new Actor(w.Professional.Id.ToString(CultureInfo.InvariantCulture), Roles.InformationProfessional);
        var conversations = await w.Queries.ConversationsAsync(readOut.Id);
        var work = conversations.Single(c => c.Title.Contains("Sanne", StringComparison.Ordinal)).Id.ToString(CultureInfo.InvariantCulture);
        var family = conversations.Single(c => c.Title.Contains("Ria", StringComparison.Ordinal)).Id.ToString(CultureInfo.InvariantCulture);
        await w.ReadOuts.DecideAsync(readOut.Id, new DecisionRequest(DecisionScope.Conversation, work, MessageLabel.Business, null, professional));
        await w.ReadOuts.DecideAsync(readOut.Id, new DecisionRequest(DecisionScope.Conversation, family, MessageLabel.Private, "familie", professional));
        await w.Signals.ReviewOfferedAsync(await w.ReadOuts.OfferForValidationAsync(readOut.Id, professional));
        await host.Runtime.RunUntilIdleAsync();

        // 6: the validation task is the minister's alone.
        var validation = await OpenTaskAsync(w, instanceId);
        Assert.Equal(w.MinisterUser.Id.ToString(CultureInfo.InvariantCulture), validation.AssigneeUser);
        Assert.Null(validation.AssigneeRole);
        foreach (var other in new[] { w.Professional, w.OtherMinisterUser, w.Trustee, w.Owner, w.Auditor })
        {
            Assert.Null(await host.Tasks.GetAsync(validation.Id, Actor(other)));
            var listed = await host.Tasks.ListAsync(new HumanTaskQuery { Departments = other.DepartmentId is null ? null : ["BZK"], Viewer = Actor(other).UserId });
            Assert.DoesNotContain(listed.Items, t => t.Id == validation.Id);
            await Assert.ThrowsAsync<Engine.WorkflowEngineException>(() => host.Tasks.CompleteAsync(validation.Id, Actor(other), "Akkoord"));
        }
        Assert.NotNull(await host.Tasks.GetAsync(validation.Id, Actor(w.MinisterUser)));

        // The minister disputes one marked message: exactly that one goes back to review.
        var minister = new Actor(w.MinisterUser.Id.ToString(CultureInfo.InvariantCulture), Roles.Officeholder);
        var marked = (await w.Queries.MessagesAsync(readOut.Id, new MessageQuery(AwaitingValidation: true))).Items.Select(m => m.Id).ToList();
        Assert.Equal(2, marked.Count);
        var verdict = await w.ReadOuts.ValidateAsync(readOut.Id, new ValidationRequest(
            [new MessageVerdict(marked[0], true, null), new MessageVerdict(marked[1], false, "Dit antwoord ging ook over het werkbezoek.")], minister));
        Assert.Equal(ValidationOutcome.Disputed, verdict.Outcome);
        await w.Signals.ValidationSubmittedAsync(verdict.ReadOut, verdict.Outcome);
        await host.Runtime.RunUntilIdleAsync();
        var again = await OpenTaskAsync(w, instanceId);
        Assert.Equal("Betwiste berichten opnieuw beoordelen", again.Title);
        readOut = (await w.ReadOuts.GetAsync(readOut.Id))!;
        Assert.Equal(ReadOutStage.InReview, readOut.Stage);
        Assert.Equal(1, readOut.Undecided);

        // The professional completes the review task: the activity offers the read-out itself.
        await w.ReadOuts.DecideAsync(readOut.Id, new DecisionRequest(DecisionScope.Message, marked[1].ToString(CultureInfo.InvariantCulture), MessageLabel.Business, "akkoord met bewindspersoon", professional));
        await host.Tasks.CompleteAsync(again.Id, Actor(w.Professional), "Aangeboden");
        await host.Runtime.RunUntilIdleAsync();
        // The disputed message is business now and the other was agreed: nothing is left to validate, so the cycle goes on.
        Assert.Equal(0, (await w.Queries.MessagesAsync(readOut.Id, new MessageQuery(AwaitingValidation: true))).Total);

        // 7-8: cleaned per the department's definition (remove, keep raw), sealed by the professional who completed the step.
        var seal = await OpenTaskAsync(w, instanceId);
        Assert.Equal("Uitlezing definitief veiligstellen", seal.Title);
        Assert.Equal(ReadOutStage.Cleaned, (await w.ReadOuts.GetAsync(readOut.Id))!.Stage);
        await host.Tasks.CompleteAsync(seal.Id, Actor(w.Professional), "Veiliggesteld");
        await host.Runtime.RunUntilIdleAsync();
        readOut = (await w.ReadOuts.GetAsync(readOut.Id))!;
        Assert.Equal(ReadOutStage.Sealed, readOut.Stage);
        Assert.Equal(w.Professional.Id.ToString(CultureInfo.InvariantCulture), readOut.SealedBy);
        Assert.NotEmpty(readOut.Packages);
        using (var key = w.Sealing.LoadArchiveKey())
        {
            var report = await new PackageVerifier(new FileSystemArchiveStore(w.Sealing.StoreFolder), key).VerifyAllAsync();
            Assert.True(report.Valid, string.Join("; ", report.Problems.Select(p => p.Detail)));
        }
        var packageText = string.Concat(Directory.EnumerateFiles(w.Sealing.StoreFolder, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("stikstofruimte", packageText);
        Assert.DoesNotContain("verjaardag", packageText);

        // 9: the cycle is one instance; it ends by planning the next one a month later (the BZK definition says P1M).
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Empty(instance.State.Incidents);
        var next = Assert.Single(await host.Starter.PlannedReadOutsAsync("BZK"));
        Assert.Equal(w.Minister.Id, next.OfficeholderId);
        Assert.Equal(Start.AddMonths(1), next.DueAt);
        Assert.Equal(instanceId, next.PreviousInstanceId);
    }
}
