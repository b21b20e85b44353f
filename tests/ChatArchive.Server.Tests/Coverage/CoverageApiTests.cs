using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Coverage;

/// <summary>
/// <c>GET /api/coverage</c>: auditors see every department, administrators and process owners their own; the known
/// history shows exactly its gaps in JSON and CSV; the export is an audit event; no message text, names or numbers.
/// </summary>
public class CoverageApiTests
{
    private static async Task<(ServerFixture Server, CoverageHistory History)> StartAsync(DatabaseProvider provider)
    {
        var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: "coverageapi");
        var history = await CoverageHistory.WriteAsync(server.Database);
        await history.PublishMonthlyAsync();
        return (server, history);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_auditor_sees_exactly_the_known_gaps_and_the_csv_export_is_an_audit_event_without_content(DatabaseProvider provider)
    {
        var (server, _) = await StartAsync(provider);
        await using var _ = server;
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);

        var report = await auditor.GetFromJsonAsync<JsonElement>("/api/coverage?asOf=2024-09-16", Json.Options);

        var rows = report.GetProperty("appointments").EnumerateArray().ToList();
        Assert.Equal(["BZK", "BZK", "FIN"], rows.Select(r => r.GetProperty("department").GetString()));
        var minister = rows.Single(r => r.GetProperty("function").GetString() == CoverageHistory.MinisterFunction);
        Assert.Equal(
        [
            "niet-veiliggesteld|signal|2024-01-08|2024-06-28",
            "uitlezing-gemist||2024-03-04|2024-05-06",
            "niet-veiliggesteld|email|2024-06-01|2024-06-28",
        ], minister.GetProperty("gaps").EnumerateArray().Select(g =>
            $"{g.GetProperty("kind").GetString()}|{g.GetProperty("channel").GetString()}|{g.GetProperty("from").GetString()}|{g.GetProperty("to").GetString()}"));
        Assert.Equal(1, minister.GetProperty("openFindings").GetProperty("total").GetInt32());
        Assert.True(rows.Single(r => r.GetProperty("function").GetString() == CoverageHistory.StateSecretaryFunction).GetProperty("nothingSecured").GetBoolean());

        using var csv = await auditor.GetAsync("/api/coverage?asOf=2024-09-16&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("departement;functie;bewindspersoon_id;benoemd_van;benoemd_tot;kanaal;veiliggesteld", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(";signal;;;2024-01-08 t/m 2024-06-28;173;0;P1M;", StringComparison.Ordinal));
        foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "+316", "minister@minbzk.nl" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, report.GetRawText(), StringComparison.Ordinal);
        }

        var events = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?action=coverage-export", Json.Options);
        var e = Assert.Single(events.GetProperty("items").EnumerateArray());
        Assert.Equal("coverage-report", e.GetProperty("objectType").GetString());
        Assert.Equal("alle-departementen@2024-09-16", e.GetProperty("objectId").GetString());
        Assert.Equal(Roles.Auditor, e.GetProperty("role").GetString());

        // A process owner's download: who, their department, the view (their own department) and when; the JSON report
        // read above is no download and left no event.
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        using var owner = await server.CreateClientAsync(Roles.ProcessOwner, "BZK");
        using (var own = await owner.GetAsync("/api/coverage?asOf=2024-09-16&format=csv"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }
        var after = (await auditor.GetFromJsonAsync<JsonElement>("/api/audit?action=coverage-export", Json.Options)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, after.Count);
        var byOwner = Assert.Single(after, x => x.GetProperty("role").GetString() == Roles.ProcessOwner);
        Assert.Equal(("BZK", "coverage-report", "BZK@2024-09-16", "success"), (byOwner.GetProperty("department").GetString(),
            byOwner.GetProperty("objectType").GetString(), byOwner.GetProperty("objectId").GetString(), byOwner.GetProperty("outcome").GetString()));
        Assert.NotEqual(e.GetProperty("user").GetString(), byOwner.GetProperty("user").GetString());
        Assert.InRange(byOwner.GetProperty("at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Process_owners_and_administrators_see_only_their_department_and_others_are_refused_in_Dutch(DatabaseProvider provider)
    {
        var (server, history) = await StartAsync(provider);
        await using var _ = server;

        using var owner = await server.CreateClientAsync(Roles.ProcessOwner, "BZK");
        var own = await owner.GetFromJsonAsync<JsonElement>("/api/coverage?asOf=2024-09-16", Json.Options);
        Assert.Equal([CoverageHistory.MinisterFunction, CoverageHistory.StateSecretaryFunction],
            own.GetProperty("appointments").EnumerateArray().Select(r => r.GetProperty("function").GetString()).Order());
        using (var other = await owner.GetAsync("/api/coverage?department=FIN"))
        {
            var problem = await Problems.AssertProblemAsync(other, HttpStatusCode.Forbidden);
            Assert.Contains("eigen departement", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var foreign = await owner.GetAsync($"/api/coverage?asOf=2024-09-16&officeholder={history.FinanceMinister}"))
        {
            await Problems.AssertProblemAsync(foreign, HttpStatusCode.NotFound);
        }
        var one = await owner.GetFromJsonAsync<JsonElement>($"/api/coverage?asOf=2024-09-16&officeholder={history.StateSecretary}", Json.Options);
        Assert.Equal(CoverageHistory.StateSecretaryFunction, Assert.Single(one.GetProperty("appointments").EnumerateArray()).GetProperty("function").GetString());

        using var administrator = await server.CreateClientAsync(Roles.Administrator, "FIN");
        var fin = await administrator.GetFromJsonAsync<JsonElement>("/api/coverage?asOf=2024-09-16", Json.Options);
        Assert.Equal(CoverageHistory.FinanceFunction, Assert.Single(fin.GetProperty("appointments").EnumerateArray()).GetProperty("function").GetString());

        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        using (var refused = await professional.GetAsync("/api/coverage"))
        {
            await Problems.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }
        using (var bad = await owner.GetAsync("/api/coverage?asOf=16-09-2024&officeholder=abc&format=pdf"))
        {
            var problem = await Problems.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors");
            Assert.Contains("jjjj-mm-dd", errors.GetProperty("asOf")[0].GetString(), StringComparison.Ordinal);
            Assert.True(errors.TryGetProperty("officeholder", out var _));
            Assert.True(errors.TryGetProperty("format", out var _));
        }
        using var anonymous = server.CreateAnonymousClient();
        using (var unauthenticated = await anonymous.GetAsync("/api/coverage"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_demo_reproduces_the_Rutte_IV_table_every_appointment_by_function_with_each_ministry_its_own_frequency(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "coveragedemo");
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);

        var report = await auditor.GetFromJsonAsync<JsonElement>("/api/coverage?asOf=2024-09-16", Json.Options);

        var rows = report.GetProperty("appointments").EnumerateArray().ToList();
        await using var db = server.CreateDbContext();
        var appointments = db.Set<Appointment>().Count(a => a.StartsOn <= new DateOnly(2024, 9, 16));
        Assert.Equal(appointments, rows.Count);
        Assert.Equal(12, rows.Select(r => r.GetProperty("department").GetString()).Distinct().Count());
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("function").GetString())));
        Assert.All(rows, r => Assert.Contains(r.GetProperty("channels").EnumerateArray(), c => c.GetProperty("channel").GetString() == "email"));
        Assert.True(rows.Select(r => r.GetProperty("readOuts").GetProperty("frequencyText").GetString()).Distinct().Count() > 1,
            "each ministry's published definition gives its own frequency");
    }
}
