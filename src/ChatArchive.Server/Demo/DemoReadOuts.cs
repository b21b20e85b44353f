using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Demo;

/// <summary>
/// Demo only (embedded mode): read-outs in every state for two departments with different policies (BZK removes private
/// messages, FIN keeps everything), made by running each department's own published read-out workflow on synthetic
/// exports written for the demo (fictional people, fictional numbers). Each cycle is started the way the product starts
/// one (<see cref="ProcessStarter"/>: an event row, the department's published definition) and its tasks are done as the
/// people would do them: the appointment and seal tasks completed through the task service, uploads, decisions, the offer
/// and the validation through the read-out service followed by the same signal the API sends, so the workflow resumes.
/// The result: a sealed read-out with a deletion record, the next read-out of that officeholder waiting in "Bevindingen
/// afhandelen" (messages missing since the previous read-out), one waiting for the officeholder's validation, one in
/// review, and one whose appointment passed without an upload (overdue). Their tasks are in the inboxes. Every step
/// checks the read-out's stage first, so a start that crashed halfway continues where it stopped; a second start
/// changes nothing.
/// <para>
/// The demo registry is cabinet Rutte IV (appointments 2022–2024), so each cycle is dated inside its officeholder's
/// appointment, at the department's frequency after the previous one: the appointment ("geplandOp") and the upload
/// (the read-out moment the coverage report counts) carry that date, so <c>/dekking</c> shows the read-outs. Each
/// officeholder's first demo read-out falls within one period of the appointment's start (the demo's history starts with
/// the appointment), so coverage shows no read-outs missed before it; the appointments stay as CIO Rijk-rapportage 2024 §2
/// reports them. What is left to see is what the demo means: the findings waiting for an answer, and read-outs overdue
/// after the demo's last one (FIN's departure read-out that never came among them). The
/// officeholder <c>bewindspersoon.bzk.1</c> has a validation waiting too, and VWS validates through its trustee
/// (<see cref="TrusteeDepartment"/>), so <c>vertrouwenspersoon.vws</c> has one.
/// </para>
/// </summary>
public sealed class DemoReadOuts(DemoDataSettings demo, IDbContextFactory<ChatArchiveDbContext> dbFactory, ReadOutService readOuts,
    ReadOutQueries queries, DemoDepartmentProcesses processes, ProcessStarter starter, IWorkflowRuntime runtime, IHumanTaskService tasks, IReadOutSignals signals,
    TimeProvider clock, ILogger<DemoReadOuts> logger, DatabaseOptions database, ReadOutModules modules, ILogger<ReadOutService> serviceLog) : BackgroundService
{
    /// <summary>The demo department whose published read-out process has the trustee validate (the others: the officeholder).</summary>
    public const string TrusteeDepartment = "VWS";

    /// <summary>
    /// Registers the demo's uploads at the read-out's own moment (an hour after its appointment), so the read-out is dated
    /// inside the appointment; every other step runs through the server's own service and clock.
    /// </summary>
    private ReadOutService Uploads => _uploads ??= new(database, modules, _moment, serviceLog);

    private ReadOutService? _uploads;

    private readonly DemoMoment _moment = new();

    /// <summary>A clock that stands at the demo read-out being uploaded.</summary>
    private sealed class DemoMoment : TimeProvider
    {
        public DateTimeOffset At { get; set; } = DateTimeOffset.UnixEpoch;
        public override DateTimeOffset GetUtcNow() => At.ToUniversalTime();
    }

    /// <summary>A moment of the demo's story in Dutch winter time (the demo registry's appointments run 2022–2024).</summary>
    private static DateTimeOffset On(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Prefix of the demo's start events (the "previous instance" a demo cycle is planned after).</summary>
    public const string Prefix = "demo-uitlezing-";

    /// <summary>The demo's cycles, by key: the instance id each gets (derived from its start event, so the same every start).</summary>
    public static readonly IReadOnlyList<string> Keys = ["verzegeld", "bevinding", "eigen-validatie", "validatie", "vertrouwenspersoon", "beoordelen", "te-laat"];

    private readonly SemaphoreSlim _once = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!demo.Enabled || !demo.ReadOuts) return;
        try
        {
            var made = await SeedAsync(stoppingToken);
            logger.LogInformation("Demo read-outs ready: {Count}", made.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Demo read-outs could not be made; the next start continues where this one stopped");
        }
    }

    /// <summary>The workflow instance the demo cycle of <paramref name="officeholderId"/> named <paramref name="key"/> runs in.</summary>
    public static string InstanceIdOf(long officeholderId, string key) => ProcessStarter.InstanceIdFor(ProcessStarter.ReadOutKey(officeholderId, Prefix + key));

    /// <summary>Makes (or finishes) the demo read-outs; returns them by key. Empty when the demo registry or its workflows are not there.</summary>
    public async Task<IReadOnlyDictionary<string, ReadOutState>> SeedAsync(CancellationToken ct)
    {
        await _once.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var users = await db.Set<User>().AsNoTracking()
                .Where(u => u.UserName.StartsWith("bewindspersoon.bzk.") || u.UserName.StartsWith("bewindspersoon.fin.") || u.UserName == "bewindspersoon.vws.1"
                    || u.UserName == "informatieprofessional.bzk" || u.UserName == "informatieprofessional.fin" || u.UserName == "informatieprofessional.vws")
                .ToDictionaryAsync(u => u.UserName, ct);
            string[] needed = ["bewindspersoon.bzk.1", "bewindspersoon.bzk.2", "bewindspersoon.fin.1", "bewindspersoon.fin.2", "bewindspersoon.vws.1",
                "informatieprofessional.bzk", "informatieprofessional.fin", "informatieprofessional.vws"];
            if (needed.Any(n => !users.ContainsKey(n))) return new Dictionary<string, ReadOutState>();

            // The departments' own read-out workflows (published at start-up in embedded mode; idempotent, so also when the
            // demo registry was seeded into another database).
            await processes.PublishAsync(ct);

            var proBzk = users["informatieprofessional.bzk"];
            var proFin = users["informatieprofessional.fin"];
            var result = new Dictionary<string, ReadOutState>(StringComparer.Ordinal);

            // BZK (monthly), officeholder 1 (minister from 5 September 2023): September sealed (the family chat removed, a deletion record kept) ...
            var oh1 = users["bewindspersoon.bzk.1"];
            var sealedOne = await StartAsync("BZK", oh1, "verzegeld", proBzk, On(2023, 10, 4), ct);
            if (sealedOne is null) return result;
            sealedOne = await OfferedAsync(sealedOne, proBzk, [("Sanne de Vries", WorkSeptember), ("Tante Ria", FamilySeptember)], [("Tante Ria", MessageLabel.Private)], ct);
            sealedOne = await AgreeAsync(sealedOne, oh1, ct);
            sealedOne = await SealAsync(sealedOne, proBzk, "BZK", ct);
            result["verzegeld"] = sealedOne;

            // ... and October's export lacks two September messages: the workflow waits for the professional's answer to the findings.
            if (sealedOne.Stage == ReadOutStage.Sealed && await StartAsync("BZK", oh1, "bevinding", proBzk, On(2023, 11, 2), ct) is { } next)
            {
                result["bevinding"] = await UploadAsync(next, proBzk, ct, ("Sanne de Vries", [.. WorkSeptember.Where((_, i) => i is not (3 or 4)), .. WorkOctober]));
            }

            // ... and November's read-out reviewed and offered: the officeholder has a private message to validate.
            if (result.ContainsKey("bevinding") && await StartAsync("BZK", oh1, "eigen-validatie", proBzk, On(2023, 11, 30), ct) is { } own)
            {
                result["eigen-validatie"] = await OfferedAsync(own, proBzk, [("Sanne de Vries", WorkNovember), ("Buurman Wim", NeighbourNovember)], [("Buurman Wim", MessageLabel.Private)], ct);
            }

            // BZK, officeholder 2 (minister from 10 January 2022 until 5 September 2023): the first month's read-out reviewed and
            // offered: the validation task waits for the officeholder (a party-political and a private message).
            var oh2 = users["bewindspersoon.bzk.2"];
            if (await StartAsync("BZK", oh2, "validatie", proBzk, On(2022, 2, 9), ct) is { } offered)
            {
                result["validatie"] = await OfferedAsync(offered, proBzk, [("Joost Kramer", WorkParty), ("Buurvrouw Els", Neighbour)],
                    [("Buurvrouw Els", MessageLabel.Private), ("Joost Kramer", MessageLabel.Business)], ct);
            }

            // VWS (every six weeks; the trustee validates), officeholder 1 (minister from 10 January 2024): offered, the trustee's validation task waits.
            var proVws = users["informatieprofessional.vws"];
            if (await StartAsync(TrusteeDepartment, users["bewindspersoon.vws.1"], "vertrouwenspersoon", proVws, On(2024, 2, 21), ct) is { } trustee)
            {
                result["vertrouwenspersoon"] = await OfferedAsync(trustee, proVws, [("Marieke Jansen", HealthWork), ("Zus Anne", SisterFebruary)], [("Zus Anne", MessageLabel.Private)], ct);
            }

            // FIN (every two months), officeholder 1 (minister from 12 January 2024): suggestions made, one conversation decided: the review task is open.
            if (await StartAsync("FIN", users["bewindspersoon.fin.1"], "beoordelen", proFin, On(2024, 3, 11), ct) is { } review)
            {
                review = await UploadAsync(review, proFin, ct, ("Pieter Bakker", FinanceWork), ("Oom Henk", Family), ("Lisa Smit", FinanceTeam));
                review = await AnswerFindingsAsync(review, proFin, ct);
                if (review.Stage == ReadOutStage.Suggested)
                {
                    var work = (await queries.ConversationsAsync(review.Id, ct)).First(c => c.Title.Contains("Pieter Bakker", StringComparison.Ordinal));
                    review = (await readOuts.DecideAsync(review.Id, new DecisionRequest(DecisionScope.Conversation, work.Id.ToString(CultureInfo.InvariantCulture),
                        MessageLabel.Business, null, Act(proFin, Roles.InformationProfessional)), ct)).ReadOut;
                }
                result["beoordelen"] = review;
            }

            // FIN, officeholder 2 (minister from 8 to 12 January 2024): the read-out at departure was planned and nothing was uploaded: overdue,
            // the upload task is open.
            if (await StartAsync("FIN", users["bewindspersoon.fin.2"], "te-laat", proFin, On(2024, 1, 12), ct) is { } late)
            {
                result["te-laat"] = late;
            }
            return result;
        }
        finally
        {
            _once.Release();
        }
    }

    private static Actor Act(User u, string role) => new(u.Id.ToString(CultureInfo.InvariantCulture), role);

    private static HumanTaskActor TaskActor(User u, string role, string department) =>
        new(u.Id.ToString(CultureInfo.InvariantCulture), [role], [department]);

    /// <summary>
    /// Starts the department's published read-out workflow for the officeholder (an event row keyed by the demo cycle, so
    /// one instance however often this runs), runs its first steps and completes the appointment task with
    /// <paramref name="appointment"/>. Null when the department has no published read-out workflow (yet).
    /// </summary>
    private async Task<ReadOutState?> StartAsync(string department, User officeholder, string key, User professional, DateTimeOffset appointment, CancellationToken ct)
    {
        var officeholderId = officeholder.OfficeholderId!.Value;
        var instanceId = InstanceIdOf(officeholderId, key);
        var state = await readOuts.FindByWorkflowInstanceAsync(instanceId, ct);
        if (state is null)
        {
            await starter.PlanReadOutAsync(department, officeholderId, Prefix + key, clock.GetUtcNow(), immediately: true, ct);
            await starter.StartDueAsync(ct);
            await SettleAsync(instanceId, ["appointment"], ct);
            state = await readOuts.FindByWorkflowInstanceAsync(instanceId, ct);
            if (state is null)
            {
                logger.LogWarning("Demo read-out cycle {Key} of department {Department} did not start (no published read-out workflow?)", key, department);
                return null;
            }
        }
        if (state.Stage == ReadOutStage.Planned && state.PlannedAt is null)
        {
            var form = new JsonObject { ["geplandOp"] = appointment.ToString("O", CultureInfo.InvariantCulture) }.ToJsonString();
            await CompleteTaskAsync(instanceId, "appointment", TaskActor(professional, Roles.InformationProfessional, department), form, ["upload"], ct);
            state = (await readOuts.GetAsync(state.Id, ct))!;
        }
        return state;
    }

    /// <summary>Completes the instance's open task of <paramref name="kind"/> as <paramref name="actor"/> with its first outcome, then waits for the task of <paramref name="next"/> (empty: the sealed end).</summary>
    private async Task CompleteTaskAsync(string instanceId, string kind, HumanTaskActor actor, string? form, string[] next, CancellationToken ct)
    {
        foreach (var task in await OpenTasksAsync(instanceId, kind, ct))
        {
            await tasks.CompleteAsync(task.Id, actor, task.Outcomes.FirstOrDefault() ?? "Done", form, ct);
        }
        await SettleAsync(instanceId, next, ct);
    }

    private async Task<IReadOnlyList<HumanTaskItem>> OpenTasksAsync(string instanceId, string kind, CancellationToken ct)
    {
        var open = await tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed] }, ct);
        return open.Items.Where(t => t.FormData?.Contains($"\"gebeurtenis\":\"{kind}\"", StringComparison.Ordinal) == true).ToList();
    }

    /// <summary>How long a demo cycle may take to reach its next waiting task (a loaded machine; the next start continues otherwise).</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs the instance's due steps here and waits until it waits for one of the tasks <paramref name="next"/> (empty: until
    /// the read-out is sealed). The server's own workflow workers may have claimed a step first: running here alone does
    /// not mean the step is done.
    /// </summary>
    private async Task SettleAsync(string instanceId, string[] next, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await runtime.RunUntilIdleAsync(ct);
            if (await ReachedAsync(instanceId, next, ct)) return;
            if (waited.Elapsed > SettleTimeout)
            {
                logger.LogWarning("Demo read-out instance {InstanceId} did not reach its next step within {Seconds} s; the next start continues", instanceId, SettleTimeout.TotalSeconds);
                return;
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>The professional's part of a cycle: upload the chats, answer the findings, label the named conversations (the rest business), offer.</summary>
    private async Task<ReadOutState> OfferedAsync(ReadOutState s, User by, (string Contact, string[] Lines)[] chats, (string Contact, MessageLabel Label)[] labels, CancellationToken ct)
    {
        s = await UploadAsync(s, by, ct, chats);
        s = await AnswerFindingsAsync(s, by, ct);
        s = await DecideAsync(s, by, ct, labels);
        return await OfferAsync(s, by, ct);
    }

    private async Task<ReadOutState> UploadAsync(ReadOutState s, User by, CancellationToken ct, params (string Contact, string[] Lines)[] chats)
    {
        if (s.Stage == ReadOutStage.Planned)
        {
            var files = chats.Select(c => new ExportUpload($"WhatsApp-chat met {c.Contact}.txt", "whatsapp",
                new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", c.Lines) + "\n")))).ToList();
            // Read out an hour after the appointment: the upload's moment is the read-out's date in the coverage report.
            _moment.At = (s.PlannedAt ?? clock.GetUtcNow()).AddHours(1);
            s = (await Uploads.RegisterUploadsAsync(s.Id, files, Act(by, Roles.InformationProfessional), ct)).ReadOut;
        }
        // The API's signal after an upload (also after a crash between the upload and the signal: it is idempotent).
        if (s.Stage == ReadOutStage.Uploaded) await SignalAsync(s, signals.UploadCompletedAsync, ["findings", "offered"], ct);
        return (await readOuts.GetAsync(s.Id, ct))!;
    }

    /// <summary>Answers the findings (as the professional would after the appointment).</summary>
    private async Task<ReadOutState> AnswerFindingsAsync(ReadOutState s, User by, CancellationToken ct)
    {
        if (s.Stage != ReadOutStage.Ingested) return s;
        foreach (var f in (await queries.FindingsAsync(s.Id, ct)).Where(f => f.NeedsAnswer && f.Resolution is null))
        {
            await readOuts.AnswerFindingAsync(s.Id, f.Id, new FindingAnswer(FindingResolution.Explained, "Besproken bij de uitleesafspraak (demo).", Act(by, Roles.InformationProfessional)), ct);
        }
        await SignalAsync(s, signals.FindingsAnsweredAsync, ["offered"], ct);
        return (await readOuts.GetAsync(s.Id, ct))!;
    }

    /// <summary>The named conversations get their label; every other open message is business.</summary>
    private async Task<ReadOutState> DecideAsync(ReadOutState s, User by, CancellationToken ct, params (string Contact, MessageLabel Label)[] labels)
    {
        if (s.Stage is not (ReadOutStage.Suggested or ReadOutStage.InReview)) return s;
        foreach (var c in await queries.ConversationsAsync(s.Id, ct))
        {
            var label = labels.Where(l => c.Title.Contains(l.Contact, StringComparison.Ordinal)).Select(l => l.Label).DefaultIfEmpty(MessageLabel.Business).First();
            if (c.Undecided == 0) continue;
            s = (await readOuts.DecideAsync(s.Id, new DecisionRequest(DecisionScope.Conversation, c.Id.ToString(CultureInfo.InvariantCulture), label,
                label == MessageLabel.Business ? null : "demo: familie en buren", Act(by, Roles.InformationProfessional)), ct)).ReadOut;
        }
        return s;
    }

    private async Task<ReadOutState> OfferAsync(ReadOutState s, User by, CancellationToken ct)
    {
        if (s.Stage is ReadOutStage.InReview or ReadOutStage.Suggested && s.Undecided == 0)
        {
            s = await readOuts.OfferForValidationAsync(s.Id, Act(by, Roles.InformationProfessional), null, ct);
        }
        if (s.Stage is ReadOutStage.Offered or ReadOutStage.Validated) await SignalAsync(s, signals.ReviewOfferedAsync, ["validation"], ct);
        return (await readOuts.GetAsync(s.Id, ct))!;
    }

    private async Task<ReadOutState> AgreeAsync(ReadOutState s, User officeholder, CancellationToken ct)
    {
        if (s.Stage == ReadOutStage.Offered)
        {
            var marked = await queries.MessagesAsync(s.Id, new MessageQuery(1, ReadOutQueries.MaxPageSize, AwaitingValidation: true, IncludeText: false), ct);
            s = (await readOuts.ValidateAsync(s.Id, new ValidationRequest(marked.Items.Select(m => new MessageVerdict(m.Id, true, null)).ToList(),
                Act(officeholder, Roles.Officeholder)), ct)).ReadOut;
        }
        if (s.Stage >= ReadOutStage.Validated && s.Stage < ReadOutStage.Sealed)
        {
            await SignalAsync(s, (r, c) => signals.ValidationSubmittedAsync(r, ValidationOutcome.Agreed, c), ["seal"], ct);
        }
        return (await readOuts.GetAsync(s.Id, ct))!;
    }

    /// <summary>The professional completes the seal task ("Definitief veiligstellen"); the workflow seals and plans the next cycle.</summary>
    private async Task<ReadOutState> SealAsync(ReadOutState s, User professional, string department, CancellationToken ct)
    {
        if (s.Stage == ReadOutStage.Cleaned)
        {
            await CompleteTaskAsync(s.WorkflowInstanceId, "seal", TaskActor(professional, Roles.InformationProfessional, department), null, [], ct);
        }
        return (await readOuts.GetAsync(s.Id, ct))!;
    }

    private async Task<bool> ReachedAsync(string instanceId, string[] next, CancellationToken ct)
    {
        if (next.Length == 0) return (await readOuts.FindByWorkflowInstanceAsync(instanceId, ct))?.Stage == ReadOutStage.Sealed;
        foreach (var kind in next)
        {
            if ((await OpenTasksAsync(instanceId, kind, ct)).Count > 0) return true;
        }
        return false;
    }

    /// <summary>Sends the API's signal and waits until the workflow waits for one of the tasks <paramref name="next"/>.</summary>
    private async Task SignalAsync(ReadOutState s, Func<ReadOutState, CancellationToken, Task> signal, string[] next, CancellationToken ct)
    {
        await signal(s, ct);
        await SettleAsync(s.WorkflowInstanceId, next, ct);
    }

    // Synthetic chats written for the demo: fictional people, places and numbers.
    // BZK's minister from 5 September 2023: the first day in office opens the work chat, so September's seal covers the
    // appointment from its start.
    private static readonly string[] WorkSeptember =
    [
        "05-09-2023 09:00 - Sanne de Vries: Welkom op het ministerie, minister. De overdrachtsdossiers liggen in de map.",
        "11-09-2023 08:30 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar in de map.",
        "11-09-2023 08:42 - Minister: Dank, ik lees hem vanavond.",
        "12-09-2023 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de 1.200 woningen in Noordveld.",
        "12-09-2023 13:20 - Minister: Prima, zet het in de agenda.",
        "18-09-2023 10:05 - Sanne de Vries: De Kamerbrief over de huurtoeslag gaat vrijdag naar de ministerraad.",
        "18-09-2023 10:11 - Minister: Graag nog één alinea over de uitvoering.",
    ];

    private static readonly string[] WorkOctober =
    [
        "09-10-2023 09:00 - Sanne de Vries: Het werkbezoek aan Noordveld is verplaatst naar donderdag.",
        "09-10-2023 09:04 - Minister: Goed, wie gaat er mee?",
        "10-10-2023 16:30 - Sanne de Vries: De woordvoerder en de directeur Wonen.",
    ];

    private static readonly string[] FamilySeptember =
    [
        "23-09-2023 08:00 - Tante Ria: Gefeliciteerd met je verjaardag! Fijne dag met de kinderen.",
        "23-09-2023 08:10 - Minister: Dank je wel lieve tante, tot zondag!",
    ];

    private static readonly string[] Family =
    [
        "20-01-2024 08:00 - Tante Ria: Gefeliciteerd met je verjaardag! Fijne dag met de kinderen.",
        "20-01-2024 08:10 - Minister: Dank je wel lieve tante, tot zondag!",
    ];

    private static readonly string[] WorkNovember =
    [
        "13-11-2023 08:45 - Sanne de Vries: De gemeenteraad van Noordveld stemt donderdag over het bestemmingsplan.",
        "13-11-2023 08:50 - Minister: Houd me op de hoogte van de uitslag.",
        "23-11-2023 15:10 - Sanne de Vries: De nota over de omgevingsvergunningen ligt bij de directeur.",
    ];

    private static readonly string[] NeighbourNovember =
    [
        "18-11-2023 10:00 - Buurman Wim: Kom je zondag op de barbecue? Neem de kinderen mee!",
        "18-11-2023 10:20 - Minister: Leuk, we komen om vier uur.",
    ];

    // BZK's minister from 10 January 2022: the first month in office.
    private static readonly string[] WorkParty =
    [
        "31-01-2022 09:15 - Joost Kramer: De subsidieregeling voor warmtenetten is klaar voor uw handtekening.",
        "31-01-2022 09:30 - Minister: Ik teken hem vanmiddag.",
        "01-02-2022 19:45 - Joost Kramer: Morgen is de fractievergadering en het partijcongres over de kandidatenlijst; komt u ook?",
        "01-02-2022 19:50 - Minister: Ja, ik ben er voor het partijcongres.",
    ];

    private static readonly string[] Neighbour =
    [
        "05-02-2022 11:00 - Buurvrouw Els: Zal ik zaterdag de kat eten geven?",
        "05-02-2022 11:05 - Minister: Graag, de sleutel ligt onder de bloempot.",
    ];

    private static readonly string[] HealthWork =
    [
        "05-02-2024 08:30 - Marieke Jansen: De GGD meldt een stijging van de griepgevallen; de brief aan de Kamer staat klaar.",
        "05-02-2024 08:41 - Minister: Dank, ik kijk er vanmiddag naar.",
        "14-02-2024 17:00 - Marieke Jansen: Het overleg met de zorgverzekeraars is bevestigd voor woensdag.",
    ];

    private static readonly string[] SisterFebruary =
    [
        "17-02-2024 19:00 - Zus Anne: Zaterdag eten bij mama? Ze wordt zeventig!",
        "17-02-2024 19:12 - Minister: Ik ben er, ik neem taart mee.",
    ];

    private static readonly string[] FinanceWork =
    [
        "04-03-2024 08:15 - Pieter Bakker: De Voorjaarsnota-cijfers staan klaar: tekort 2,1 procent (fictief).",
        "04-03-2024 08:20 - Minister: Dank, bespreken we om 11.00 uur.",
        "05-03-2024 14:00 - Pieter Bakker: De Raad van State vraagt om een toelichting op de belastingplannen.",
    ];

    private static readonly string[] FinanceTeam =
    [
        "06-03-2024 09:00 - Lisa Smit: Het Eurogroep-overleg is naar dinsdag verplaatst.",
        "06-03-2024 09:10 - Minister: Goed, graag de stukken maandag.",
        "07-03-2024 18:00 - Lisa Smit: Fijne avond, en succes met de verhuizing van je dochter!",
    ];
}
