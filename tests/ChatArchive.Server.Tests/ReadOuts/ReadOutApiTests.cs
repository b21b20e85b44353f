using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.ReadOuts;

/// <summary>/api/read-outs through the real server on PostgreSQL and SQLite: the people's work of Handreiking §2.2.2 stap 3–8.</summary>
public class ReadOutApiTests
{
    private const string PrivateText = "Gefeliciteerd met je verjaardag! Fijne dag met de kinderen, groetjes van tante Ria";

    private static readonly string[] WorkChat =
    [
        "01-02-2024 09:00 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar.",
        "01-02-2024 09:05 - Minister: Dank, ik lees hem vanavond.",
        "02-02-2024 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de stikstofruimte.",
    ];

    private static readonly string[] FamilyChat =
    [
        "10-02-2024 08:00 - Tante Ria: " + PrivateText,
        "10-02-2024 08:10 - Minister: Dank je wel lieve tante!",
    ];

    private static async Task<ServerFixture> StartAsync(DatabaseProvider provider) =>
        await ServerFixture.StartAsync(provider, settings: new Dictionary<string, string?>
        {
            ["ChatArchive:Sealing:VaultKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }, purpose: "readoutapi");

    private sealed record Setup(ServerFixture Server, ReadOutService Service, long Minister, long OtherMinister, ReadOutState ReadOut, HttpClient Professional);

    private static async Task<Setup> ArrangeAsync(DatabaseProvider provider, string validator = Roles.Officeholder)
    {
        var server = await StartAsync(provider);
        var bzk = await server.DepartmentAsync("BZK");
        await using var db = server.CreateDbContext();
        var ministers = await db.Set<Officeholder>().Where(o => o.DepartmentId == bzk.Id).OrderBy(o => o.Id).Select(o => o.Id).Take(2).ToListAsync();
        var service = server.Services.GetRequiredService<ReadOutService>();
        var policy = new DepartmentPolicy(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true);
        var ro = await service.CreateAsync(new CreateReadOut(new StepKey("wf-api-1", "uitlezing"), ministers[0], "whatsapp", policy, validator, new Actor("0", Roles.InformationProfessional)));
        var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        return new Setup(server, service, ministers[0], ministers[1], ro, professional);
    }

    private static MultipartFormDataContent Upload(params (string Name, string[] Lines)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, lines) in files)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(content, "files", name);
        }
        form.Add(new StringContent("whatsapp"), "channel");
        return form;
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<(long Work, long Family)> ConversationsAsync(HttpClient client, long id)
    {
        var list = await OkJsonAsync(await client.GetAsync($"/api/read-outs/{id}/conversations"));
        long Find(string part) => list.EnumerateArray().Single(c => c.GetProperty("title").GetString()!.Contains(part, StringComparison.Ordinal)).GetProperty("id").GetInt64();
        return (Find("Sanne"), Find("Ria"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Professional_and_officeholder_take_a_read_out_from_upload_to_a_verified_seal_with_one_disagreement(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var server = s.Server;
        var id = s.ReadOut.Id;

        var upload = await OkJsonAsync(await s.Professional.PostAsync($"/api/read-outs/{id}/uploads",
            Upload(("WhatsApp-chat met Sanne de Vries.txt", WorkChat), ("WhatsApp-chat met Tante Ria.txt", FamilyChat))));
        Assert.Equal("Uploaded", upload.GetProperty("readOut").GetProperty("stage").GetString());
        // The workflow's activities ingest and suggest (spine-flow); here the service is called as they do.
        await s.Service.IngestAsync(id);
        await s.Service.SuggestAsync(id, s.ReadOut.Policy);

        var page = await OkJsonAsync(await s.Professional.GetAsync($"/api/read-outs/{id}/messages?page=1&pageSize=2&undecided=true"));
        Assert.Equal(5, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var search = await OkJsonAsync(await s.Professional.GetAsync($"/api/read-outs/{id}/messages?q=stikstof"));
        Assert.Equal(1, search.GetProperty("total").GetInt64());

        var (work, family) = await ConversationsAsync(s.Professional, id);
        var bulk = await OkJsonAsync(await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "conversation", target = work.ToString(CultureInfo.InvariantCulture), label = "business" }));
        Assert.Equal(3, bulk.GetProperty("decided").GetInt32());
        bulk = await OkJsonAsync(await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "contact", target = "Tante Ria", label = "private", note = "familie" }));
        Assert.Equal(2, bulk.GetProperty("decided").GetInt32());
        var offered = await OkJsonAsync(await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/offer", new { }));
        Assert.Equal("Offered", offered.GetProperty("stage").GetString());

        using var minister = await server.CreateClientAsync(Roles.Officeholder, "BZK", s.Minister);
        var toValidate = await OkJsonAsync(await minister.GetAsync($"/api/read-outs/{id}/validation"));
        var items = toValidate.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains(items, m => m.GetProperty("text").GetString() == PrivateText);
        var disputed = items[1].GetProperty("id").GetInt64();
        var verdicts = items.Select(m => new { messageId = m.GetProperty("id").GetInt64(), agrees = m.GetProperty("id").GetInt64() != disputed, note = m.GetProperty("id").GetInt64() == disputed ? "Dit is een zakelijke afspraak." : null });
        var validation = await OkJsonAsync(await minister.PostAsJsonAsync($"/api/read-outs/{id}/validation", new { verdicts }));
        Assert.Equal("Disputed", validation.GetProperty("outcome").GetString());
        Assert.Equal([disputed], validation.GetProperty("disputedMessageIds").EnumerateArray().Select(e => e.GetInt64()));

        Assert.Equal([disputed], await s.Service.ReturnDisputedAsync(id)); // the workflow's loop back to review
        var undecided = await OkJsonAsync(await s.Professional.GetAsync($"/api/read-outs/{id}/messages?undecided=true"));
        Assert.Equal(disputed, Assert.Single(undecided.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        await OkJsonAsync(await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "message", target = disputed.ToString(CultureInfo.InvariantCulture), label = "business" }));
        var again = await OkJsonAsync(await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/offer", new { }));
        Assert.Equal("Validated", again.GetProperty("stage").GetString());

        var professionalActor = new Actor(await UserIdAsync(server, "test.information-professional.bzk"), Roles.InformationProfessional);
        var cleaned = await s.Service.ApplyCleaningAsync(id, s.ReadOut.Policy, professionalActor);
        Assert.Equal(1, cleaned.Removed);
        ChatArchive.Sealing.Chain.ArchiveKey.LoadOrCreate(server.Services.GetRequiredService<SealingOptions>().ArchiveKeyFile).Dispose();
        var sealedResult = await s.Service.SealAsync(id, professionalActor);
        Assert.Equal(professionalActor.UserId, sealedResult.ReadOut.SealedBy);
        var sealing = server.Services.GetRequiredService<SealingOptions>();
        using var key = sealing.LoadArchiveKey();
        var report = await new PackageVerifier(new FileSystemArchiveStore(sealing.StoreFolder), key).VerifyAllAsync();
        Assert.True(report.Valid);
        Assert.Equal(2, report.Packages);
        await using var db = server.CreateDbContext();
        Assert.Equal(0, await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM ingest_messages WHERE text LIKE '%verjaardag%'").SingleAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Validation_is_visible_to_that_officeholder_and_their_trustee_and_to_nobody_else(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider, validator: Roles.Trustee);
        await using var server = s.Server;
        var id = s.ReadOut.Id;
        await OkJsonAsync(await s.Professional.PostAsync($"/api/read-outs/{id}/uploads", Upload(("WhatsApp-chat met Tante Ria.txt", FamilyChat))));
        await s.Service.IngestAsync(id);
        await s.Service.SuggestAsync(id, s.ReadOut.Policy);
        await OkJsonAsync(await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "contact", target = "Tante Ria", label = "private" }));
        await OkJsonAsync(await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/offer", new { }));

        using var minister = await server.CreateClientAsync(Roles.Officeholder, "BZK", s.Minister);
        using var trustee = await server.CreateClientAsync(Roles.Trustee, "BZK", s.Minister);
        foreach (var allowed in new[] { minister, trustee })
        {
            var list = await OkJsonAsync(await allowed.GetAsync($"/api/read-outs/{id}/validation"));
            Assert.Equal(2, list.GetProperty("total").GetInt64());
            Assert.All(list.GetProperty("items").EnumerateArray(), m => Assert.NotNull(m.GetProperty("text").GetString()));
            // Nothing but the offered messages: not the conversation list, not the findings.
            Assert.Equal(HttpStatusCode.Forbidden, (await allowed.GetAsync($"/api/read-outs/{id}/conversations")).StatusCode);
        }

        var others = new List<(string Who, HttpClient Client)>
        {
            ("andere bewindspersoon", await server.CreateClientAsync(Roles.Officeholder, "BZK", s.OtherMinister)),
            ("vertrouwenspersoon van een ander", await server.CreateClientAsync(Roles.Trustee, "BZK", s.OtherMinister)),
            ("informatieprofessional ander departement", await server.CreateClientAsync(Roles.InformationProfessional, "JenV")),
            ("procesbeheerder", await server.CreateClientAsync(Roles.ProcessOwner, "BZK")),
            ("beheerder", await server.CreateClientAsync(Roles.Administrator, "BZK")),
            ("auditor", await server.CreateClientAsync(Roles.Auditor, null)),
            ("archivaris", await server.CreateClientAsync(Roles.Archivist, "BZK")),
            ("informatieprofessional (beoordelaar)", s.Professional),
        };
        var verdict = new { verdicts = new[] { new { messageId = 1L, agrees = true, note = (string?)null } } };
        foreach (var (who, client) in others)
        {
            var post = await client.PostAsJsonAsync($"/api/read-outs/{id}/validation", verdict);
            Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{who}: {(int)post.StatusCode}");
            await Problems.AssertProblemAsync(post, post.StatusCode);
            var get = await client.GetAsync($"/api/read-outs/{id}/validation");
            if (get.StatusCode == HttpStatusCode.OK)
            {
                // Staff may see the list's state; only the professional sees text, and they cannot validate.
                var body = await OkJsonAsync(get);
                if (who != "informatieprofessional (beoordelaar)")
                {
                    Assert.All(body.GetProperty("items").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("text").ValueKind));
                }
            }
            else
            {
                Assert.True(get.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{who}: {(int)get.StatusCode}");
            }
        }
        Assert.Equal(0, (await s.Service.GetAsync(id))!.Disputed);
        Assert.Equal(2, (await s.Service.GetAsync(id))!.AwaitingValidation); // nobody above changed anything
        foreach (var (_, client) in others.Where(o => o.Client != s.Professional)) client.Dispose();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_requests_get_Dutch_problem_details_and_auditors_never_receive_message_text(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var server = s.Server;
        var id = s.ReadOut.Id;

        var unknown = await s.Professional.PostAsync($"/api/read-outs/{id}/uploads", Upload(("telefoon.txt", ["dit is geen export"])));
        var problem = await Problems.AssertProblemAsync(unknown, HttpStatusCode.BadRequest);
        Assert.Contains("niet herkend", problem.GetProperty("detail").GetString());
        // What the web app's user can do, not the command line's option.
        Assert.DoesNotContain("--format", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Maak de export opnieuw op de telefoon", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var early = await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "contact", target = "Tante Ria", label = "private" });
        problem = await Problems.AssertProblemAsync(early, HttpStatusCode.Conflict);
        Assert.Contains("eerst", problem.GetProperty("detail").GetString());

        await OkJsonAsync(await s.Professional.PostAsync($"/api/read-outs/{id}/uploads", Upload(("WhatsApp-chat met Tante Ria.txt", FamilyChat))));
        await s.Service.IngestAsync(id);
        await s.Service.SuggestAsync(id, s.ReadOut.Policy);
        var badScope = await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "alles", target = "x", label = "private" });
        Assert.Contains("scope", (await Problems.AssertProblemAsync(badScope, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        var foreign = await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "message", target = "999999", label = "private" });
        Assert.Contains("hoort niet bij uitlezing", (await Problems.AssertProblemAsync(foreign, HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        var offer = await s.Professional.PostAsJsonAsync($"/api/read-outs/{id}/offer", new { });
        Assert.Contains("op een beslissing", (await Problems.AssertProblemAsync(offer, HttpStatusCode.Conflict)).GetProperty("detail").GetString());

        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var page = await OkJsonAsync(await auditor.GetAsync($"/api/read-outs/{id}/messages"));
        Assert.Equal(2, page.GetProperty("total").GetInt64());
        var raw = page.GetRawText();
        Assert.DoesNotContain("verjaardag", raw);
        Assert.DoesNotContain("Ria", raw);
        Assert.All(page.GetProperty("items").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("text").ValueKind));
        var conversations = await OkJsonAsync(await auditor.GetAsync($"/api/read-outs/{id}/conversations"));
        Assert.DoesNotContain("Ria", conversations.GetRawText());
        var search = await auditor.GetAsync($"/api/read-outs/{id}/messages?q=verjaardag");
        await Problems.AssertProblemAsync(search, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope = "contact", target = "Tante Ria", label = "private" })).StatusCode);

        using var otherDepartment = await server.CreateClientAsync(Roles.InformationProfessional, "JenV");
        await Problems.AssertProblemAsync(await otherDepartment.GetAsync($"/api/read-outs/{id}"), HttpStatusCode.NotFound);
        Assert.Empty((await OkJsonAsync(await otherDepartment.GetAsync("/api/read-outs"))).EnumerateArray());
        Assert.Single((await OkJsonAsync(await s.Professional.GetAsync("/api/read-outs"))).EnumerateArray());
    }

    private static async Task<string> UserIdAsync(ServerFixture server, string userName)
    {
        await using var db = server.CreateDbContext();
        return (await db.Set<User>().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync()).ToString(CultureInfo.InvariantCulture);
    }
}
