using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.ReadOuts;

/// <summary>
/// Reading message content in review is logged per read-out and per conversation opened; decisions and uploads are
/// events too; an auditor who looks at the same read-out receives no text and leaves no content-read event.
/// </summary>
public class ReadOutAuditTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Opening_a_conversation_in_review_leaves_an_audit_event_and_an_auditor_reads_no_text(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, settings: VaultKey(), purpose: "readoutaudit");
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        var ro = await ReadOutWithOneChatAsync(server, professional, "wf-audit-1");

        var conversations = await professional.GetFromJsonAsync<JsonElement>($"/api/read-outs/{ro.Id}/conversations");
        var conversation = conversations.EnumerateArray().Single().GetProperty("id").GetInt64();
        var page = await professional.GetFromJsonAsync<JsonElement>($"/api/read-outs/{ro.Id}/messages?conversationId={conversation}");
        Assert.Equal("De beslisnota staat klaar.", page.GetProperty("items")[0].GetProperty("text").GetString());
        (await professional.PostAsJsonAsync($"/api/read-outs/{ro.Id}/decisions",
            new { scope = "conversation", target = conversation.ToString(CultureInfo.InvariantCulture), label = "business" })).EnsureSuccessStatusCode();

        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var overview = await auditor.GetFromJsonAsync<JsonElement>($"/api/read-outs/{ro.Id}/messages?conversationId={conversation}");
        Assert.All(overview.GetProperty("items").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("text").ValueKind));

        var trail = server.Services.GetRequiredService<IAuditTrail>();
        var events = new List<AuditEvent>();
        await foreach (var e in trail.ReadAllAsync()) events.Add(e);
        var read = Assert.Single(events, e => e.Action == AuditActions.ContentRead);
        Assert.Equal($"{ro.Id}/conversation/{conversation}", read.ObjectId);
        Assert.Equal("read-out", read.ObjectType);
        Assert.Contains(Roles.InformationProfessional, read.Role, StringComparison.Ordinal);
        Assert.Equal("BZK", read.Department);
        Assert.Single(events, e => e.Action == AuditActions.ExportUpload && e.ObjectId == ro.Id.ToString(CultureInfo.InvariantCulture) && e.Outcome == AuditOutcomes.Success);
        Assert.Single(events, e => e.Action == AuditActions.ReviewDecision && e.Outcome == AuditOutcomes.Success);

        // The auditor's CSV of the trail holds ids and actions, never the message text.
        var csv = await auditor.GetStringAsync("/api/audit?format=csv");
        Assert.Contains(AuditActions.ContentRead, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("beslisnota", csv, StringComparison.Ordinal);
    }

    /// <summary>
    /// The content-read event is handed to the journal before the answer is written and the answer waits for it: when the
    /// event cannot be made durable, the request fails and no message text leaves the server.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_content_read_whose_event_cannot_be_written_shows_no_text(DatabaseProvider provider)
    {
        var failing = new ContentReadsFail();
        await using var server = await ServerFixture.StartAsync(provider, settings: VaultKey(), purpose: "readoutauditfail",
            services: s => s.AddSingleton<IAuditTrail>(sp => failing.Around(sp.GetRequiredService<AuditJournal>())));
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        var ro = await ReadOutWithOneChatAsync(server, professional, "wf-audit-2");

        string? shown = null;
        try
        {
            using var answer = await professional.GetAsync($"/api/read-outs/{ro.Id}/messages");
            shown = await answer.Content.ReadAsStringAsync();
            Assert.False(answer.IsSuccessStatusCode, $"status {(int)answer.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            // The answer failed before its first byte: nothing was shown either.
        }
        Assert.Equal(1, failing.Refused);
        Assert.DoesNotContain("beslisnota", shown ?? "", StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> VaultKey() => new()
    {
        ["ChatArchive:Sealing:VaultKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>A read-out of the first BZK minister with one uploaded, ingested and labelled chat (two messages).</summary>
    private static async Task<ReadOutState> ReadOutWithOneChatAsync(ServerFixture server, HttpClient professional, string workflow)
    {
        var bzk = await server.DepartmentAsync("BZK");
        long minister;
        await using (var db = server.CreateDbContext())
        {
            minister = await db.Set<Officeholder>().Where(o => o.DepartmentId == bzk.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }
        var service = server.Services.GetRequiredService<ReadOutService>();
        var policy = new DepartmentPolicy(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true);
        var ro = await service.CreateAsync(new CreateReadOut(new StepKey(workflow, "uitlezing"), minister, "whatsapp", policy, Roles.Officeholder, new Actor("0", Roles.InformationProfessional)));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("01-02-2024 09:00 - Sanne de Vries: De beslisnota staat klaar.\n01-02-2024 09:05 - Minister: Dank.\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "files", "WhatsApp-chat met Sanne de Vries.txt");
        form.Add(new StringContent("whatsapp"), "channel");
        (await professional.PostAsync($"/api/read-outs/{ro.Id}/uploads", form)).EnsureSuccessStatusCode();
        await service.IngestAsync(ro.Id);
        await service.SuggestAsync(ro.Id, policy);
        return ro;
    }

    /// <summary>The server's journal, except that a content-read event cannot be written (a full or failing disk).</summary>
    private sealed class ContentReadsFail
    {
        private int refused;

        public int Refused => refused;

        public IAuditTrail Around(AuditJournal journal) => new Trail(journal, this);

        private sealed class Trail(AuditJournal journal, ContentReadsFail owner) : IAuditTrail
        {
            public Task<AuditEvent> RecordAsync(AuditEventInput input, CancellationToken ct = default) => journal.RecordAsync(input, ct);

            public async Task AppendAsync(AuditEventInput input, CancellationToken ct = default)
            {
                if (input.Action != AuditActions.ContentRead)
                {
                    await journal.AppendAsync(input, ct);
                    return;
                }
                Interlocked.Increment(ref owner.refused);
                await Task.Delay(50, ct);
                throw new IOException("No space left on device (test)");
            }

            public Task<AuditEvent?> HeadAsync(CancellationToken ct = default) => journal.HeadAsync(ct);

            public IAsyncEnumerable<AuditEvent> ReadAllAsync(CancellationToken ct = default) => journal.ReadAllAsync(ct);

            public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default) => journal.QueryAsync(query, ct);
        }
    }
}
