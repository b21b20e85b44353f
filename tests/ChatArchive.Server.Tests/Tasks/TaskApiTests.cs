using System.Net;
using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Tasks;

/// <summary>/api/tasks: list for me, my role, my department; claim; complete with outcome and form data (issue 6 "Human tasks").</summary>
public sealed class TaskApiTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static async Task<(ServerFixture Server, HttpClient Owner, string InstanceId)> StartIntakeAsync(DatabaseProvider provider, string purpose)
    {
        var server = await ServerFixture.StartAsync(provider, purpose: purpose);
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden minister BZK"), publish: true);
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(definition["definitionId"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");
        return (server, owner, instanceId);
    }

    private static async Task<JsonArray> ListAsync(HttpClient client, string query)
    {
        var body = await ElsaAssert.OkObjectAsync(await client.GetAsync("/api/tasks?" + query));
        return ElsaAssert.Array(body, "items");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Completing_a_claimed_task_with_an_outcome_finishes_the_workflow_along_that_outcome(DatabaseProvider provider)
    {
        var (server, owner, instanceId) = await StartIntakeAsync(provider, "taskcomplete");
        await using var _ = server;
        var professional = await server.CreateClientForUserAsync("informatieprofessional.bzk");

        var forRole = await ListAsync(professional, "voor=rol");
        var task = Assert.Single(forRole, t => ElsaAssert.Str(t!["instanceId"]) == instanceId)!.AsObject();
        ElsaAssert.HasCamelCaseProperties(task, "id", "instanceId", "title", "assigneeRole", "department", "outcomes", "status", "createdAt");
        Assert.Equal("Intakegesprek met de bewindspersoon", ElsaAssert.Str(task["title"]));
        Assert.Equal("BZK", ElsaAssert.Str(task["department"]));
        Assert.Equal(["Afgerond", "Uitgesteld"], ElsaAssert.Array(task, "outcomes").Select(o => o!.GetValue<string>()).ToArray());
        Assert.Equal("Open", ElsaAssert.Str(task["status"]));
        var taskId = ElsaAssert.Str(task["id"]);
        Assert.Empty(await ListAsync(professional, "voor=mij"));

        var claimed = await ElsaAssert.OkObjectAsync(await professional.PostEmptyAsync($"/api/tasks/{taskId}/claim"));
        Assert.Equal("Claimed", ElsaAssert.Str(claimed["status"]));
        Assert.Single(await ListAsync(professional, "voor=mij"));

        var completed = await ElsaAssert.OkObjectAsync(await professional.PostJsonAsync($"/api/tasks/{taskId}/complete",
            new JsonObject { ["outcome"] = "Afgerond", ["formData"] = new JsonObject { ["instructieOntvangen"] = true } }));
        Assert.Equal("Completed", ElsaAssert.Str(completed["status"]));
        Assert.Equal("Afgerond", ElsaAssert.Str(completed["outcome"]));
        Assert.True(completed["result"]!["instructieOntvangen"]!.GetValue<bool>());

        await InstanceWait.UntilAsync(owner, instanceId, "Finished");
        Assert.Empty(await ListAsync(professional, "voor=rol"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outcome_the_task_does_not_offer_is_refused_and_the_task_stays_open(DatabaseProvider provider)
    {
        var (server, owner, instanceId) = await StartIntakeAsync(provider, "taskbadoutcome");
        await using var _ = server;
        var professional = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        var taskId = ElsaAssert.Str((await ListAsync(professional, "voor=rol")).Single()!["id"]);

        await ElsaAssert.ProblemAsync(await professional.PostJsonAsync($"/api/tasks/{taskId}/complete", new JsonObject { ["outcome"] = "Misschien" }), HttpStatusCode.BadRequest);
        await ElsaAssert.ProblemAsync(await professional.PostJsonAsync($"/api/tasks/{taskId}/complete", new JsonObject()), HttpStatusCode.BadRequest);

        var task = await ElsaAssert.OkObjectAsync(await professional.GetAsync($"/api/tasks/{taskId}"));
        Assert.Equal("Open", ElsaAssert.Str(task["status"]));
        var state = await owner.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}/execution-state");
        Assert.Equal("Suspended", ElsaAssert.Str(state["subStatus"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Other_department_and_other_role_do_not_get_the_task(DatabaseProvider provider)
    {
        var (server, owner, _) = await StartIntakeAsync(provider, "taskscope");
        await using var _ = server;
        var jenvProfessional = await server.CreateClientForUserAsync("informatieprofessional.jenv");
        var bzkProfessional = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        var taskId = ElsaAssert.Str((await ListAsync(bzkProfessional, "voor=rol")).Single()!["id"]);

        Assert.Empty(await ListAsync(jenvProfessional, "voor=rol"));
        await ElsaAssert.ProblemAsync(await jenvProfessional.GetAsync($"/api/tasks/{taskId}"), HttpStatusCode.NotFound);
        var claim = await jenvProfessional.PostEmptyAsync($"/api/tasks/{taskId}/claim");
        Assert.True(claim.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, claim.StatusCode.ToString());

        // The process owner is not the assignee role: not in their role list, but in the department overview.
        Assert.Empty(await ListAsync(owner, "voor=rol"));
        Assert.Single(await ListAsync(owner, "voor=departement"));
        await ElsaAssert.ProblemAsync(await bzkProfessional.GetAsync("/api/tasks?voor=departement"), HttpStatusCode.Forbidden);
        await ElsaAssert.ProblemAsync(await bzkProfessional.GetAsync("/api/tasks?voor=iedereen"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Task_claimed_by_one_professional_cannot_be_completed_by_another(DatabaseProvider provider)
    {
        var (server, _, _) = await StartIntakeAsync(provider, "taskclaim");
        await using var _ = server;
        var first = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        var second = await server.CreateClientAsync(ChatArchive.Domain.Registry.Roles.InformationProfessional, "BZK");
        var taskId = ElsaAssert.Str((await ListAsync(first, "voor=rol")).Single()!["id"]);

        await ElsaAssert.OkObjectAsync(await first.PostEmptyAsync($"/api/tasks/{taskId}/claim"));
        var response = await second.PostJsonAsync($"/api/tasks/{taskId}/complete", new JsonObject { ["outcome"] = "Afgerond" });

        await ElsaAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        var task = await ElsaAssert.OkObjectAsync(await first.GetAsync($"/api/tasks/{taskId}"));
        Assert.Equal("Claimed", ElsaAssert.Str(task["status"]));
    }

    [Fact]
    public async Task Task_list_without_sign_in_is_refused()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "taskanon");
        var response = await server.CreateAnonymousClient().GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
