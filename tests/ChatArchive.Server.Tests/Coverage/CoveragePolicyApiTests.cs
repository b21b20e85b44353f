using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Coverage;

/// <summary>
/// <c>GET /api/coverage/policies</c>: the ADR policy columns per department as the published definition runs them, each
/// with the version, date and publisher since when it has its value; JSON and CSV (an audit event); scoped like the report.
/// </summary>
public class CoveragePolicyApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_setting_shows_the_version_and_date_it_last_changed_and_who_published_it(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: "coveragepolicy");
        await CoverageHistory.WriteAsync(server.Database);
        var store = new EfWorkflowDefinitionStore(server.Services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>());
        var audit = server.Services.GetRequiredService<IAuditTrail>();
        var v1At = DateTimeOffset.UtcNow.AddHours(-1);
        await store.SaveAsync([Definition(1, v1At, published: true, ("Frequentie", "P1M"))]);
        await audit.RecordAsync(new AuditEventInput("41", Roles.ProcessOwner, "BZK", AuditActions.DefinitionPublish, "workflow-definition", "bzk-periodic-readout"));
        await Task.Delay(50);
        var v2At = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        // Version 2 keeps the frequency and switches cleaning to marking.
        await store.SaveAsync([Definition(1, v1At, published: false, ("Frequentie", "P1M")), Definition(2, v2At, published: true, ("Frequentie", "P1M"), ("Schoonmodus", "Markeren"))]);
        await audit.RecordAsync(new AuditEventInput("42", Roles.ProcessOwner, "BZK", AuditActions.DefinitionPublish, "workflow-definition", "bzk-periodic-readout"));

        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var all = await auditor.GetFromJsonAsync<JsonElement>("/api/coverage/policies", Json.Options);
        var bzk = all.EnumerateArray().Where(r => r.GetProperty("department").GetString() == "BZK").ToDictionary(r => r.GetProperty("setting").GetString()!);
        Assert.Equal(["cleaning", "device-separation", "exclude-private-contacts", "frequency", "keep-raw-dataset"], bzk.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("P1M", 2, 1, "41"), (bzk["frequency"].GetProperty("value").GetString(), bzk["frequency"].GetProperty("version").GetInt32(),
            bzk["frequency"].GetProperty("sinceVersion").GetInt32(), bzk["frequency"].GetProperty("sinceBy").GetString()));
        Assert.Equal(("markeren", 2, "42"), (bzk["cleaning"].GetProperty("value").GetString()!.ToLowerInvariant(),
            bzk["cleaning"].GetProperty("sinceVersion").GetInt32(), bzk["cleaning"].GetProperty("sinceBy").GetString()));
        Assert.Equal(v2At.ToUnixTimeMilliseconds(), bzk["cleaning"].GetProperty("since").GetDateTimeOffset().ToUnixTimeMilliseconds());
        // FIN publishes nothing of its own: the built-in template the server publishes at start-up runs there.
        var fin = all.EnumerateArray().Where(r => r.GetProperty("department").GetString() == "FIN").ToList();
        Assert.Equal(5, fin.Count);
        Assert.All(fin, r => Assert.Equal(("periodic-readout", 1), (r.GetProperty("definitionId").GetString(), r.GetProperty("sinceVersion").GetInt32())));
        Assert.Equal("P6W", fin.Single(r => r.GetProperty("setting").GetString() == "frequency").GetProperty("value").GetString());

        using var csv = await auditor.GetAsync("/api/coverage/policies?department=BZK&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("departement;instelling;omschrijving;waarde;definitie;versie;sinds versie;sinds;gepubliceerd door", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("BZK;cleaning;Schonen of markeren;", Assert.Single(lines, l => l.StartsWith("BZK;cleaning;", StringComparison.Ordinal)));
        Assert.EndsWith(";bzk-periodic-readout;2;2;" + v2At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + ";42",
            Assert.Single(lines, l => l.StartsWith("BZK;cleaning;", StringComparison.Ordinal)));
        var export = await audit.QueryAsync(new AuditQuery(Action: "policy-export"));
        Assert.Equal("BZK", Assert.Single(export.Items).ObjectId);

        // A process owner of FIN sees FIN only; asking for BZK is refused in Dutch.
        using var owner = await server.CreateClientAsync(Roles.ProcessOwner, "FIN");
        var own = await owner.GetFromJsonAsync<JsonElement>("/api/coverage/policies", Json.Options);
        Assert.All(own.EnumerateArray(), r => Assert.Equal("FIN", r.GetProperty("department").GetString()));
        using var refused = await owner.GetAsync("/api/coverage/policies?department=BZK");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("eigen departement", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        using var denied = await professional.GetAsync("/api/coverage/policies");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    private static WorkflowDefinition Definition(int version, DateTimeOffset createdAt, bool published, params (string Name, string Value)[] variables) => new()
    {
        Id = $"bzk-periodic-readout-v{version}",
        DefinitionId = "bzk-periodic-readout",
        Version = version,
        CreatedAt = createdAt,
        IsLatest = published,
        IsPublished = published,
        TenantId = "BZK",
        Name = "Periodiek uitlezen BZK",
        Variables = [.. variables.Select((v, i) => new VariableDefinition { Id = $"v{i}", Name = v.Name, Value = v.Value })],
    };
}
