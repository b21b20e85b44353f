using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Support;

/// <summary>
/// One officeholder's read-outs through the HTTP API (Handreiking §2.2.2 stap 3–8): the professional uploads the phone's
/// WhatsApp export (zips holding <c>_chat.txt</c>), answers the findings that need an answer, decides in bulk per conversation
/// and per contact and offers; the officeholder validates; the steps the workflow's activities perform (create the
/// cycle's read-out, ingest, suggest, return the disputed messages, clean, seal) call the read-out service as they do.
/// </summary>
public sealed class ReadOutJourney
{
    private readonly ServerFixture _server;
    private int _cycle;

    private ReadOutJourney(ServerFixture server, string department, long officeholder, DepartmentPolicy policy, HttpClient professional, HttpClient validator, Actor professionalActor)
    {
        _server = server;
        Department = department;
        Officeholder = officeholder;
        Policy = policy;
        Professional = professional;
        Validator = validator;
        ProfessionalActor = professionalActor;
    }

    public string Department { get; }
    public long Officeholder { get; }
    public DepartmentPolicy Policy { get; }
    public HttpClient Professional { get; }
    public HttpClient Validator { get; }
    public Actor ProfessionalActor { get; }
    public List<long> ReadOuts { get; } = [];
    public List<string> Packages { get; } = [];
    public ReadOutService Service => _server.Services.GetRequiredService<ReadOutService>();

    /// <summary>The department's first active officeholder, its information professional and the officeholder's own account.</summary>
    public static async Task<ReadOutJourney> StartAsync(ServerFixture server, string department, DepartmentPolicy policy)
    {
        var dept = await server.DepartmentAsync(department);
        long officeholder;
        await using (var db = server.CreateDbContext())
        {
            officeholder = await db.Set<Officeholder>().Where(o => o.DepartmentId == dept.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }
        var professional = await server.CreateClientAsync(Roles.InformationProfessional, department);
        var validator = await server.CreateClientAsync(Roles.Officeholder, department, officeholder);
        string professionalId;
        await using (var db = server.CreateDbContext())
        {
            var name = $"test.information-professional.{department.ToLowerInvariant()}";
            professionalId = (await db.Set<User>().Where(u => u.UserName == name).Select(u => u.Id).SingleAsync()).ToString(CultureInfo.InvariantCulture);
        }
        return new ReadOutJourney(server, department, officeholder, policy, professional, validator, new Actor(professionalId, Roles.InformationProfessional));
    }

    /// <summary>A cycle's read-out, created as the workflow's appointment step does (one per instance and step).</summary>
    public async Task<long> NewCycleAsync()
    {
        _cycle++;
        var ro = await Service.CreateAsync(new CreateReadOut(new StepKey($"acceptatie-{Department}-{Officeholder}-{_cycle}", "uitlezing"), Officeholder, "whatsapp",
            Policy, Roles.Officeholder, ProfessionalActor));
        ReadOuts.Add(ro.Id);
        return ro.Id;
    }

    /// <summary>A WhatsApp export as the phone shares it: a zip named after the chat holding <c>_chat.txt</c>.</summary>
    /// <summary>This officeholder's export of a chat: the officeholder's own lines carry the department, so two officeholders' exports differ.</summary>
    public (string Name, byte[] Zip) Export(string contact, IEnumerable<string> lines) =>
        ChatZip(contact, lines.Select(l => l.Replace(" - Minister:", $" - Minister {Department}:", StringComparison.Ordinal)));

    public static (string Name, byte[] Zip) ChatZip(string contact, IEnumerable<string> lines)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("_chat.txt");
            using var s = entry.Open();
            var bytes = new UTF8Encoding(false).GetBytes(string.Join("\n", lines) + "\n");
            s.Write(bytes);
        }
        return ($"WhatsApp Chat - {contact}.zip", ms.ToArray());
    }

    /// <summary>Uploads through the API, then ingest and suggestions run as the workflow's steps do. Returns the findings as the API shows them.</summary>
    public async Task<JsonElement> UploadAndIngestAsync(long id, params (string Name, byte[] Zip)[] files)
    {
        await ReadOutCalls.UploadAsync(Professional, id, files);
        await Service.IngestAsync(id);
        await Service.SuggestAsync(id, Policy);
        return await OkAsync(await Professional.GetAsync($"/api/read-outs/{id}/findings"));
    }

    /// <summary>The professional records an answer to every finding that needs one.</summary>
    public async Task<int> AnswerFindingsAsync(long id)
    {
        var findings = await OkAsync(await Professional.GetAsync($"/api/read-outs/{id}/findings"));
        var answered = 0;
        foreach (var f in findings.EnumerateArray().Where(f => f.GetProperty("needsAnswer").GetBoolean()))
        {
            await OkAsync(await Professional.PostAsJsonAsync($"/api/read-outs/{id}/findings/{f.GetProperty("id").GetInt64()}",
                new { resolution = "Discussed", note = "Besproken met de bewindspersoon: het bericht is op de telefoon verwijderd." }));
            answered++;
        }
        return answered;
    }

    public Task<long> ConversationAsync(long id, string titlePart) => ReadOutCalls.ConversationAsync(Professional, id, titlePart);

    public Task<int> DecideAsync(long id, string scope, string target, string label, string? note = null) =>
        ReadOutCalls.DecideAsync(Professional, id, scope, target, label, note);

    public Task<string> OfferAsync(long id) => ReadOutCalls.OfferAsync(Professional, id);

    /// <summary>The officeholder validates what was offered; <paramref name="dispute"/> picks the messages they disagree with.</summary>
    public Task<(string Outcome, List<long> Disputed, List<long> Offered)> ValidateAsync(long id, Func<JsonElement, bool> dispute) =>
        ReadOutCalls.ValidateAsync(Validator, id, dispute);

    /// <summary>Cleaning and sealing as the workflow's steps do them; the sealer is the professional who completes the step.</summary>
    public async Task<SealResult> CleanAndSealAsync(long id)
    {
        await Service.ApplyCleaningAsync(id, Policy, ProfessionalActor);
        var sealedResult = await Service.SealAsync(id, ProfessionalActor);
        Packages.AddRange(sealedResult.Packages);
        return sealedResult;
    }

    public async Task<JsonElement> ReadOutAsync(long id) => await OkAsync(await Professional.GetAsync($"/api/read-outs/{id}"));

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
