using System.Globalization;
using System.Text;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Demo;

/// <summary>
/// Demo only (embedded mode): read-outs in every state for two departments with different policies (BZK removes private
/// messages, FIN keeps everything), made by the real read-out service on synthetic exports written for the demo (fictional
/// people, fictional numbers): a sealed read-out with a deletion record, the next read-out of that officeholder with an
/// open finding (messages missing since the previous read-out), one offered for validation, one in review with
/// suggestions, and one whose planned appointment has passed without an upload (overdue). Every step checks the stage
/// first, so a start that crashed halfway continues where it stopped; a second start changes nothing.
/// </summary>
public sealed class DemoReadOuts(DemoDataSettings demo, IDbContextFactory<ChatArchiveDbContext> dbFactory, ReadOutService readOuts,
    ReadOutQueries queries, TimeProvider clock, ILogger<DemoReadOuts> logger) : BackgroundService
{
    /// <summary>Workflow instance id prefix of the demo read-outs' step keys.</summary>
    public const string Prefix = "demo-uitlezing-";

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

    /// <summary>Makes (or finishes) the demo read-outs; returns them by key. Empty when the demo registry is not there.</summary>
    public async Task<IReadOnlyDictionary<string, ReadOutState>> SeedAsync(CancellationToken ct)
    {
        await _once.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var users = await db.Set<User>().AsNoTracking()
                .Where(u => u.UserName.StartsWith("bewindspersoon.bzk.") || u.UserName.StartsWith("bewindspersoon.fin.") || u.UserName == "informatieprofessional.bzk" || u.UserName == "informatieprofessional.fin")
                .ToDictionaryAsync(u => u.UserName, ct);
            string[] needed = ["bewindspersoon.bzk.1", "bewindspersoon.bzk.2", "bewindspersoon.fin.1", "bewindspersoon.fin.2", "informatieprofessional.bzk", "informatieprofessional.fin"];
            if (needed.Any(n => !users.ContainsKey(n))) return new Dictionary<string, ReadOutState>();

            var bzk = Policy("BZK");
            var fin = Policy("FIN");
            var proBzk = Act(users["informatieprofessional.bzk"], Roles.InformationProfessional);
            var proFin = Act(users["informatieprofessional.fin"], Roles.InformationProfessional);
            var result = new Dictionary<string, ReadOutState>(StringComparer.Ordinal);

            // BZK, officeholder 1: January sealed (the family chat removed, a deletion record kept) ...
            var oh1 = users["bewindspersoon.bzk.1"];
            var sealedOne = await CreateAsync("bzk-1-januari", oh1.OfficeholderId!.Value, bzk, proBzk, ct);
            sealedOne = await UploadAsync(sealedOne, proBzk, ct, ("Sanne de Vries", WorkJanuary), ("Tante Ria", Family));
            sealedOne = await SuggestAsync(sealedOne, bzk, proBzk, ct);
            sealedOne = await DecideAsync(sealedOne, proBzk, ct, ("Tante Ria", MessageLabel.Private));
            sealedOne = await OfferAsync(sealedOne, proBzk, ct);
            sealedOne = await AgreeAsync(sealedOne, Act(oh1, Roles.Officeholder), ct);
            if (sealedOne.Stage == ReadOutStage.Validated) sealedOne = (await readOuts.ApplyCleaningAsync(sealedOne.Id, bzk, proBzk, ct)).ReadOut;
            if (sealedOne.Stage == ReadOutStage.Cleaned) sealedOne = (await readOuts.SealAsync(sealedOne.Id, proBzk, ct)).ReadOut;
            result["verzegeld"] = sealedOne;

            // ... and February's export lacks two January messages: an open finding, waiting for the professional's answer.
            var next = await CreateAsync("bzk-1-februari", oh1.OfficeholderId!.Value, bzk, proBzk, ct);
            if (sealedOne.Stage == ReadOutStage.Sealed)
            {
                next = await UploadAsync(next, proBzk, ct, ("Sanne de Vries", [.. WorkJanuary.Where((_, i) => i is not (2 or 3)), .. WorkFebruary]));
            }
            result["bevinding"] = next;

            // BZK, officeholder 2: reviewed and offered for validation (one party-political message, one private).
            var oh2 = users["bewindspersoon.bzk.2"];
            var offered = await CreateAsync("bzk-2-februari", oh2.OfficeholderId!.Value, bzk, proBzk, ct);
            offered = await UploadAsync(offered, proBzk, ct, ("Joost Kramer", WorkParty), ("Buurvrouw Els", Neighbour));
            offered = await SuggestAsync(offered, bzk, proBzk, ct);
            offered = await DecideAsync(offered, proBzk, ct, ("Buurvrouw Els", MessageLabel.Private), ("Joost Kramer", MessageLabel.Business));
            offered = await OfferAsync(offered, proBzk, ct);
            result["validatie"] = offered;

            // FIN, officeholder 1: suggestions made, half reviewed.
            var review = await CreateAsync("fin-1-maart", users["bewindspersoon.fin.1"].OfficeholderId!.Value, fin, proFin, ct);
            review = await UploadAsync(review, proFin, ct, ("Pieter Bakker", FinanceWork), ("Oom Henk", Family), ("Lisa Smit", FinanceTeam));
            review = await SuggestAsync(review, fin, proFin, ct);
            if (review.Stage == ReadOutStage.Suggested)
            {
                var work = (await queries.ConversationsAsync(review.Id, ct)).First(c => c.Title.Contains("Pieter Bakker", StringComparison.Ordinal));
                review = (await readOuts.DecideAsync(review.Id, new DecisionRequest(DecisionScope.Conversation, work.Id.ToString(CultureInfo.InvariantCulture), MessageLabel.Business, null, proFin), ct)).ReadOut;
            }
            result["beoordelen"] = review;

            // FIN, officeholder 2: the appointment was ten days ago and nothing was uploaded: overdue.
            var late = await CreateAsync("fin-2-april", users["bewindspersoon.fin.2"].OfficeholderId!.Value, fin, proFin, ct);
            if (late.Stage == ReadOutStage.Planned && late.PlannedAt is null) late = await readOuts.PlanAsync(late.Id, clock.GetUtcNow().AddDays(-10), proFin, ct);
            result["te-laat"] = late;
            return result;
        }
        finally
        {
            _once.Release();
        }
    }

    private static DepartmentPolicy Policy(string code)
    {
        var p = DemoRegistry.Departments.Single(d => d.Code == code).Policy;
        return new DepartmentPolicy(p.Frequency, p.DeviceSeparation, p.Cleaning, p.KeepRawDataset, p.ExcludePrivateContacts);
    }

    private static Actor Act(User u, string role) => new(u.Id.ToString(CultureInfo.InvariantCulture), role);

    private Task<ReadOutState> CreateAsync(string key, long officeholderId, DepartmentPolicy policy, Actor by, CancellationToken ct) =>
        readOuts.CreateAsync(new CreateReadOut(new StepKey(Prefix + key, "uitlezing"), officeholderId, "whatsapp", policy, Roles.Officeholder, by), ct);

    private async Task<ReadOutState> UploadAsync(ReadOutState s, Actor by, CancellationToken ct, params (string Contact, string[] Lines)[] chats)
    {
        if (s.Stage == ReadOutStage.Planned)
        {
            var files = chats.Select(c => new ExportUpload($"WhatsApp-chat met {c.Contact}.txt", "whatsapp",
                new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", c.Lines) + "\n")))).ToList();
            s = (await readOuts.RegisterUploadsAsync(s.Id, files, by, ct)).ReadOut;
        }
        if (s.Stage == ReadOutStage.Uploaded) s = (await readOuts.IngestAsync(s.Id, ct)).ReadOut;
        return s;
    }

    /// <summary>Answers the findings (as the professional would after the appointment), then the suggestions.</summary>
    private async Task<ReadOutState> SuggestAsync(ReadOutState s, DepartmentPolicy policy, Actor by, CancellationToken ct)
    {
        if (s.Stage != ReadOutStage.Ingested) return s;
        foreach (var f in (await queries.FindingsAsync(s.Id, ct)).Where(f => f.NeedsAnswer && f.Resolution is null))
        {
            await readOuts.AnswerFindingAsync(s.Id, f.Id, new FindingAnswer(FindingResolution.Explained, "Besproken bij de uitleesafspraak (demo).", by), ct);
        }
        return (await readOuts.SuggestAsync(s.Id, policy, ct)).ReadOut;
    }

    /// <summary>The named conversations get their label; every other open message is business.</summary>
    private async Task<ReadOutState> DecideAsync(ReadOutState s, Actor by, CancellationToken ct, params (string Contact, MessageLabel Label)[] labels)
    {
        if (s.Stage is not (ReadOutStage.Suggested or ReadOutStage.InReview)) return s;
        foreach (var c in await queries.ConversationsAsync(s.Id, ct))
        {
            var label = labels.Where(l => c.Title.Contains(l.Contact, StringComparison.Ordinal)).Select(l => l.Label).DefaultIfEmpty(MessageLabel.Business).First();
            if (c.Undecided == 0) continue;
            s = (await readOuts.DecideAsync(s.Id, new DecisionRequest(DecisionScope.Conversation, c.Id.ToString(CultureInfo.InvariantCulture), label,
                label == MessageLabel.Business ? null : "demo: familie en buren", by), ct)).ReadOut;
        }
        return s;
    }

    private async Task<ReadOutState> OfferAsync(ReadOutState s, Actor by, CancellationToken ct) =>
        s.Stage is ReadOutStage.InReview or ReadOutStage.Suggested && s.Undecided == 0 ? await readOuts.OfferForValidationAsync(s.Id, by, null, ct) : s;

    private async Task<ReadOutState> AgreeAsync(ReadOutState s, Actor officeholder, CancellationToken ct)
    {
        if (s.Stage != ReadOutStage.Offered) return s;
        var marked = await queries.MessagesAsync(s.Id, new MessageQuery(1, ReadOutQueries.MaxPageSize, AwaitingValidation: true, IncludeText: false), ct);
        return (await readOuts.ValidateAsync(s.Id, new ValidationRequest(marked.Items.Select(m => new MessageVerdict(m.Id, true, null)).ToList(), officeholder), ct)).ReadOut;
    }

    // Synthetic chats written for the demo: fictional people, places and numbers.
    private static readonly string[] WorkJanuary =
    [
        "08-01-2024 08:30 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar in de map.",
        "08-01-2024 08:42 - Minister: Dank, ik lees hem vanavond.",
        "09-01-2024 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de 1.200 woningen in Noordveld.",
        "09-01-2024 13:20 - Minister: Prima, zet het in de agenda.",
        "15-01-2024 10:05 - Sanne de Vries: De Kamerbrief over de huurtoeslag gaat vrijdag naar de ministerraad.",
        "15-01-2024 10:11 - Minister: Graag nog één alinea over de uitvoering.",
    ];

    private static readonly string[] WorkFebruary =
    [
        "05-02-2024 09:00 - Sanne de Vries: Het werkbezoek aan Noordveld is verplaatst naar donderdag.",
        "05-02-2024 09:04 - Minister: Goed, wie gaat er mee?",
        "06-02-2024 16:30 - Sanne de Vries: De woordvoerder en de directeur Wonen.",
    ];

    private static readonly string[] Family =
    [
        "20-01-2024 08:00 - Tante Ria: Gefeliciteerd met je verjaardag! Fijne dag met de kinderen.",
        "20-01-2024 08:10 - Minister: Dank je wel lieve tante, tot zondag!",
    ];

    private static readonly string[] WorkParty =
    [
        "12-02-2024 09:15 - Joost Kramer: De subsidieregeling voor warmtenetten is klaar voor uw handtekening.",
        "12-02-2024 09:30 - Minister: Ik teken hem vanmiddag.",
        "13-02-2024 19:45 - Joost Kramer: Morgen is de fractievergadering en het partijcongres over de kandidatenlijst; komt u ook?",
        "13-02-2024 19:50 - Minister: Ja, ik ben er voor het partijcongres.",
    ];

    private static readonly string[] Neighbour =
    [
        "17-02-2024 11:00 - Buurvrouw Els: Zal ik zaterdag de kat eten geven?",
        "17-02-2024 11:05 - Minister: Graag, de sleutel ligt onder de bloempot.",
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
