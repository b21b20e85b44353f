using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Permissions;

/// <summary>The High and Medium findings of the security probe about who may do what with whose data.</summary>
public sealed class ProductRuleTests
{
    private static async Task<string> AddTemplateAsync(ServerFixture server, string name)
    {
        var model = StudioModels.PeriodicReadOut(name, "P1M").Deserialize<WorkflowDefinition>(WorkflowJson.Options)!;
        var result = await server.Services.GetRequiredService<IWorkflowDefinitionService>().SaveAsync(model, publish: true, TenantScope.Templates);
        Assert.True(result.Saved, string.Join("; ", result.ValidationErrors.Select(e => e.Message)));
        return result.Definition.DefinitionId;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_template_is_never_started_directly_only_its_department_copy(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "tplstart");
        var templateId = await AddTemplateAsync(server, "Sjabloon periodiek uitlezen");
        using var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        using var direct = await owner.PostJsonAsync($"/elsa/api/workflow-definitions/{templateId}/execute", new JsonObject { ["versionOptions"] = "Published" });
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Contains("sjabloon", await direct.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.False(direct.Headers.Contains("x-elsa-workflow-instance-id"));

        var copy = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync($"/elsa/api/workflow-definitions/{templateId}/copy-to-department", new JsonObject()));
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(copy["workflowDefinition"]!["definitionId"]));
        Assert.False(string.IsNullOrEmpty(instanceId));
    }

    [Fact]
    public async Task A_department_cannot_take_another_departments_definition_id()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "squat");
        var templateId = await AddTemplateAsync(server, "Sjabloon periodiek uitlezen");
        using var bzk = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        using var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");

        var squat = StudioModels.PeriodicReadOut("Gekaapt", "P1M", definitionId: $"jenv-{templateId}");
        using var refused = await bzk.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(squat, true));
        using var copy = await jenv.PostJsonAsync($"/elsa/api/workflow-definitions/{templateId}/copy-to-department", new JsonObject());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode); // was 409 while BZK held "jenv-…"
        var own = StudioModels.PeriodicReadOut("Eigen id", "P1M", definitionId: "bzk-eigen-uitleesronde");
        Assert.Equal(HttpStatusCode.OK, (await bzk.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(own, true))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_definition_cannot_route_a_task_to_another_department(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "taskroute");
        using var bzk = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        using var fin = await server.CreateClientAsync(Roles.ProcessOwner, "FIN");

        var routed = StudioModels.Intake("Intake naar FIN");
        var activities = routed["root"]!["activities"]!.AsArray();
        var index = activities.Select((a, i) => (a, i)).Single(x => ElsaAssert.Str(x.a!["id"]) == "intake1").i;
        activities[index] = StudioModels.Activity("intake1", "Intakegesprek", "ChatArchive.HumanTask", 250, 0,
            ("title", "String", "Intakegesprek met de bewindspersoon"),
            ("assigneeRole", "String", "information-professional"),
            ("department", "String", "FIN"),
            ("outcomes", "String[]", "[\"Afgerond\",\"Uitgesteld\"]"));
        var routedId = ElsaAssert.Str((await bzk.SaveAsync(routed, publish: true))["definitionId"]);
        var plainId = ElsaAssert.Str((await bzk.SaveAsync(StudioModels.Intake("Intake BZK"), publish: true))["definitionId"]);

        await bzk.ExecuteAsync(routedId);
        await bzk.ExecuteAsync(plainId);

        // The plain workflow's task appears in BZK (positive control); the routed one's never reaches FIN.
        var bzkTasks = await WaitForTasksAsync(bzk, 1);
        Assert.All(bzkTasks, t => Assert.Equal("BZK", t.GetProperty("department").GetString()));
        var finTasks = await TasksAsync(fin);
        Assert.Empty(finTasks);
        Assert.Single(bzkTasks);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Auditors_and_archivists_do_not_see_private_accounts(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "privacc");
        var bzk = (await server.DepartmentAsync("BZK")).Id;
        long officeholderId, privateId;
        await using (var db = server.CreateDbContext())
        {
            officeholderId = await db.Set<Officeholder>().Where(o => o.DepartmentId == bzk).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            var account = new Account { OfficeholderId = officeholderId, Channel = AccountChannel.Email, Service = "Gmail", Address = "prive.adres@example.org", Usage = AccountUsage.Personal };
            db.Add(account);
            await db.SaveChangesAsync();
            privateId = account.Id;
        }
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        using var archivist = await server.CreateClientAsync(Roles.Archivist, null);
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");

        foreach (var reader in new[] { auditor, archivist })
        {
            var list = await reader.GetStringAsync($"/api/officeholders/{officeholderId}/accounts?pageSize=200");
            Assert.DoesNotContain("prive.adres@example.org", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/accounts/{privateId}")).StatusCode);
        }
        Assert.Contains("prive.adres@example.org", await professional.GetStringAsync($"/api/officeholders/{officeholderId}/accounts?pageSize=200"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await professional.GetAsync($"/api/accounts/{privateId}")).StatusCode);
    }

    [Fact]
    public async Task An_appointment_cannot_be_filed_under_another_department()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "apptdept");
        var bzk = (await server.DepartmentAsync("BZK")).Id;
        long officeholderId;
        await using (var db = server.CreateDbContext())
        {
            officeholderId = await db.Set<Officeholder>().Where(o => o.DepartmentId == bzk).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }
        using var professional = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        int before;
        await using (var db = server.CreateDbContext()) before = await db.Set<Appointment>().CountAsync();

        using var foreign = await professional.PostAsJsonAsync("/api/appointments",
            new { officeholderId, departmentCode = "FIN", functionTitle = "Staatssecretaris van Financiën", startsOn = "2024-07-02" });
        using var own = await professional.PostAsJsonAsync("/api/appointments",
            new { officeholderId, departmentCode = "BZK", functionTitle = "Staatssecretaris van Binnenlandse Zaken", startsOn = "2024-07-02" });

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        await using (var db = server.CreateDbContext()) Assert.Equal(before + 1, await db.Set<Appointment>().CountAsync());
    }

    private static async Task<List<JsonElement>> TasksAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/tasks?voor=departement&pageSize=100"));
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static async Task<List<JsonElement>> WaitForTasksAsync(HttpClient client, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var tasks = await TasksAsync(client);
            if (tasks.Count >= count || DateTime.UtcNow > deadline) return tasks;
            await Task.Delay(250);
        }
    }
}
