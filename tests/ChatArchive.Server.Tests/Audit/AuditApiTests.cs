using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Audit;

/// <summary>
/// Sign-ins and registry writes leave audit events; auditors and administrators read them (paged, filtered, CSV);
/// others get 403; the events carry ids and codes, never the names typed into the registry.
/// </summary>
public class AuditApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Sign_in_and_a_registry_change_are_events_an_auditor_can_find_and_export(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "auditapi");
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "OCW");
        var list = await professional.GetFromJsonAsync<JsonElement>("/api/officeholders?q=cultuur en media 3", Json.Options);
        var target = list.GetProperty("items")[0];
        var id = target.GetProperty("id").GetInt64();
        const string newName = "Staatssecretaris Cultuur en Media 3 (tot juli 2024)";
        using (var put = await professional.PutAsJsonAsync($"/api/officeholders/{id}",
            new { departmentCode = "OCW", displayName = newName, kind = "StateSecretary", version = target.GetProperty("version").GetInt32() }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var update = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action={AuditActions.RegistryUpdate}", Json.Options);
        var e = Assert.Single(update.GetProperty("items").EnumerateArray());
        Assert.Equal("officeholders", e.GetProperty("objectType").GetString());
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("objectId").GetString());
        Assert.Equal(AuditOutcomes.Success, e.GetProperty("outcome").GetString());
        Assert.Equal(Roles.InformationProfessional, e.GetProperty("role").GetString());
        Assert.Equal("OCW", e.GetProperty("department").GetString());

        // Two sign-ins (professional, auditor), filtered by the professional's user id.
        var professionalId = e.GetProperty("user").GetString();
        var signIns = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action=sign-in&user={professionalId}", Json.Options);
        Assert.Equal(1, signIns.GetProperty("total").GetInt64());
        var all = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?pageSize=1", Json.Options);
        Assert.Equal(3, all.GetProperty("total").GetInt64());
        Assert.Single(all.GetProperty("items").EnumerateArray());
        var none = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?to=2020-01-01", Json.Options);
        Assert.Equal(0, none.GetProperty("total").GetInt64());

        using var csv = await auditor.GetAsync("/api/audit?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("volgnummer;tijdstip_utc;gebruiker;rol;afdeling;actie;objecttype;objectid;uitkomst;hash", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain(newName, text);
        Assert.DoesNotContain("Cultuur", text);

        // The export itself is the fourth event, and the whole chain verifies.
        var rows = new List<AuditEvent>();
        // Through the server's trail: the export was acknowledged once in the journal; reading waits until it is chained.
        await foreach (var r in server.Services.GetRequiredService<IAuditTrail>().ReadAllAsync()) rows.Add(r);
        Assert.Equal(AuditActions.AuditExport, rows[^1].Action);
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Only_auditors_and_administrators_read_the_trail_and_bad_filters_get_a_Dutch_problem(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "auditacl");
        using var owner = await server.CreateClientAsync(Roles.ProcessOwner, "BZK");
        using (var forbidden = await owner.GetAsync("/api/audit"))
        {
            var problem = await Problems.AssertProblemAsync(forbidden, HttpStatusCode.Forbidden);
            Assert.Contains("auditors en beheerders", problem.GetProperty("detail").GetString());
        }
        using var admin = await server.CreateClientAsync(Roles.Administrator, null);
        using (var ok = await admin.GetAsync("/api/audit"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using (var bad = await admin.GetAsync("/api/audit?from=gisteren&format=pdf"))
        {
            var errors = await Problems.AssertValidationAsync(bad);
            Assert.Equal(["format", "from"], errors.Keys.Order(StringComparer.Ordinal));
            Assert.Contains("geen datum", errors["from"][0]);
        }
        using var anonymous = server.CreateAnonymousClient();
        using (var unauthorized = await anonymous.GetAsync("/api/audit"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }
    }
    /// <summary>
    /// A refused request (403) on an API and on a page is an audit event with who (id, role, department), the endpoint
    /// (method and route pattern) and outcome denied; past the per-user limit of a minute one "limited" event is written
    /// and the rest is left out, so a flood cannot fill the trail, while another user's refusal is still recorded.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Refused_requests_are_audit_events_limited_per_user_and_minute(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "auditdenied",
            settings: new Dictionary<string, string?> { [ChatArchive.Server.Audit.AccessDeniedAudit.PerUserKey] = "3" });
        using var owner = await server.CreateClientAsync(Roles.ProcessOwner, "BZK");
        for (var i = 0; i < 8; i++)
        {
            using var refused = await owner.GetAsync("/api/audit");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "OCW");
        using (var page = await professional.GetAsync("/auditspoor"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            Assert.Contains("Geen toegang", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var denied = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action={AuditActions.AccessDenied}", Json.Options);
        Assert.Equal(4, denied.GetProperty("total").GetInt64());
        var items = denied.GetProperty("items").EnumerateArray().ToList();
        var api = items.Where(e => e.GetProperty("role").GetString() == Roles.ProcessOwner).ToList();
        Assert.Equal(3, api.Count);
        Assert.All(api, e =>
        {
            Assert.Equal("BZK", e.GetProperty("department").GetString());
            Assert.Equal("endpoint", e.GetProperty("objectType").GetString());
            Assert.StartsWith("GET /api/audit", e.GetProperty("objectId").GetString(), StringComparison.Ordinal);
            Assert.Equal(AuditOutcomes.Denied, e.GetProperty("outcome").GetString());
        });
        var pageEvent = Assert.Single(items, e => e.GetProperty("role").GetString() == Roles.InformationProfessional);
        Assert.Equal("GET /auditspoor", pageEvent.GetProperty("objectId").GetString());
        Assert.Equal("OCW", pageEvent.GetProperty("department").GetString());
        var limited = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action={AuditActions.AccessDeniedLimited}", Json.Options);
        var once = Assert.Single(limited.GetProperty("items").EnumerateArray());
        Assert.Equal(api[0].GetProperty("user").GetString(), once.GetProperty("user").GetString());
    }
}
