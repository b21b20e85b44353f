using System.Net;
using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>Run, instance list and instance viewer endpoints (ELSA-STUDIO-CONTRACT.md "Editing: Run", "Instance list", "Instance viewer").</summary>
public sealed class InstanceEndpointTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static async Task<(ServerFixture Server, HttpClient Owner, string DefinitionId, string InstanceId)> StartIntakeAsync(DatabaseProvider provider, string purpose)
    {
        var server = await ServerFixture.StartAsync(provider, purpose: purpose);
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definition = await owner.SaveAsync(StudioModels.Intake("Aantreden minister BZK"), publish: true);
        var definitionId = ElsaAssert.Str(definition["definitionId"]);
        var instanceId = await owner.ExecuteAsync(definitionId);
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");
        return (server, owner, definitionId, instanceId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Run_returns_the_new_instance_id_in_the_header_and_the_instance_list_shows_it(DatabaseProvider provider)
    {
        var (server, owner, definitionId, instanceId) = await StartIntakeAsync(provider, "instlist");
        await using var _ = server;

        var list = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/workflow-instances", new JsonObject
        {
            ["page"] = 0, ["pageSize"] = 15, ["searchTerm"] = "", ["definitionIds"] = new JsonArray(definitionId),
            ["statuses"] = new JsonArray(), ["subStatuses"] = new JsonArray(), ["orderDirection"] = "Descending", ["timestampFilters"] = new JsonArray(),
        }));

        Assert.Equal(1, list["totalCount"]!.GetValue<int>());
        var row = Assert.Single(ElsaAssert.Array(list, "items"))!.AsObject();
        ElsaAssert.HasCamelCaseProperties(row, "id", "definitionId", "definitionVersionId", "version", "status", "subStatus", "correlationId", "name", "incidentCount", "createdAt", "updatedAt", "finishedAt");
        Assert.Equal(instanceId, ElsaAssert.Str(row["id"]));
        Assert.Equal("Running", ElsaAssert.Str(row["status"]));
        Assert.Equal("Suspended", ElsaAssert.Str(row["subStatus"]));
        // Studio then fetches the versions by id; the row's version must be returned or the row is dropped.
        var versions = await owner.GetObjectAsync($"/elsa/api/workflow-definitions?versionOptions=&Ids={ElsaAssert.Str(row["definitionVersionId"])}");
        Assert.Equal(ElsaAssert.Str(row["definitionVersionId"]), ElsaAssert.Str(Assert.Single(ElsaAssert.Array(versions, "items"))!["id"]));

        var finishedOnly = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["statuses"] = new JsonArray("Finished") }));
        Assert.Empty(ElsaAssert.Array(finishedOnly, "items"));
        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["statuses"] = new JsonArray("Bezig") }), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Instance_viewer_gets_workflow_state_with_the_task_bookmark_journal_and_variables(DatabaseProvider provider)
    {
        var (server, owner, _, instanceId) = await StartIntakeAsync(provider, "instview");
        await using var _ = server;

        var instance = await owner.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}");
        ElsaAssert.HasCamelCaseProperties(instance, "id", "definitionId", "definitionVersionId", "version", "status", "subStatus", "workflowState", "incidentCount", "createdAt", "updatedAt");
        var state = instance["workflowState"]!.AsObject();
        ElsaAssert.HasCamelCaseProperties(state, "id", "definitionId", "definitionVersion", "definitionVersionId", "status", "subStatus", "bookmarks", "incidents", "completionCallbacks", "activityExecutionContexts", "input", "output", "properties");
        var bookmark = Assert.Single(ElsaAssert.Array(state, "bookmarks"))!;
        Assert.Equal("intake1", ElsaAssert.Str(bookmark["activityId"]));
        Assert.Empty(ElsaAssert.Array(state, "incidents"));

        var definition = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-id/{ElsaAssert.Str(instance["definitionVersionId"])}");
        var intakeNode = definition["root"]!["activities"]!.AsArray().Single(a => ElsaAssert.Str(a!["id"]) == "intake1")!["nodeId"]!.GetValue<string>();

        var journal = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync($"/elsa/api/workflow-instances/{instanceId}/journal?skip=0&take=50", new JsonObject { ["filter"] = new JsonObject() }));
        var records = ElsaAssert.Array(journal, "items");
        Assert.True(journal["totalCount"]!.GetValue<int>() >= 3, journal.ToJsonString());
        foreach (var r in records)
        {
            ElsaAssert.HasCamelCaseProperties(r!.AsObject(), "id", "activityInstanceId", "parentActivityInstanceId", "activityId", "activityType", "activityTypeVersion", "activityName", "nodeId", "timestamp", "sequence", "eventName", "message", "source", "activityState", "payload");
        }
        var sequences = records.Select(r => r!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order().ToList(), sequences);
        var filtered = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync($"/elsa/api/workflow-instances/{instanceId}/journal?skip=0&take=50",
            new JsonObject { ["filter"] = new JsonObject { ["activityNodeIds"] = new JsonArray(intakeNode) } }));
        Assert.NotEmpty(ElsaAssert.Array(filtered, "items"));
        Assert.All(ElsaAssert.Array(filtered, "items"), r => Assert.Equal(intakeNode, ElsaAssert.Str(r!["nodeId"])));

        var variables = await owner.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}/variables");
        ElsaAssert.Array(variables, "items");

        var executionState = await owner.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}/execution-state");
        ElsaAssert.HasCamelCaseProperties(executionState, "id", "status", "subStatus", "updatedAt");
        Assert.Equal("Running", ElsaAssert.Str(executionState["status"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Activity_executions_report_shows_the_task_as_started_and_blocked(DatabaseProvider provider)
    {
        var (server, owner, _, instanceId) = await StartIntakeAsync(provider, "instexec");
        await using var _ = server;
        var instance = await owner.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}");
        var definition = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-id/{ElsaAssert.Str(instance["definitionVersionId"])}");
        var nodeIds = definition["root"]!["activities"]!.AsArray().ToDictionary(a => ElsaAssert.Str(a!["id"]), a => ElsaAssert.Str(a!["nodeId"]));

        var report = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/activity-executions/report",
            new JsonObject { ["workflowInstanceId"] = instanceId, ["activityNodeIds"] = new JsonArray(nodeIds.Values.Select(v => (JsonNode)v).ToArray()) }));
        var stats = ElsaAssert.Array(report, "stats");
        var intake = stats.Single(s => ElsaAssert.Str(s!["activityId"]) == "intake1")!.AsObject();
        ElsaAssert.HasCamelCaseProperties(intake, "activityId", "activityNodeId", "startedCount", "completedCount", "uncompletedCount", "isBlocked", "isFaulted", "metadata");
        Assert.Equal(1, intake["startedCount"]!.GetValue<int>());
        Assert.Equal(0, intake["completedCount"]!.GetValue<int>());
        Assert.True(intake["isBlocked"]!.GetValue<bool>());
        var start = stats.Single(s => ElsaAssert.Str(s!["activityId"]) == "start1")!;
        Assert.Equal(1, start["completedCount"]!.GetValue<int>());

        var list = await owner.GetObjectAsync($"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId={Uri.EscapeDataString(nodeIds["intake1"])}");
        var record = Assert.Single(ElsaAssert.Array(list, "items"))!.AsObject();
        ElsaAssert.HasCamelCaseProperties(record, "id", "workflowInstanceId", "activityId", "activityNodeId", "activityType", "activityTypeVersion", "activityName", "status", "startedAt", "hasBookmarks", "completedAt");
        Assert.Equal("ChatArchive.HumanTask", ElsaAssert.Str(record["activityType"]));
        Assert.True(record["hasBookmarks"]!.GetValue<bool>());

        var summaries = await owner.GetObjectAsync($"/elsa/api/activity-execution-summaries/list?WorkflowInstanceId={instanceId}&ActivityNodeId={Uri.EscapeDataString(nodeIds["intake1"])}");
        Assert.Equal(ElsaAssert.Str(record["id"]), ElsaAssert.Str(Assert.Single(ElsaAssert.Array(summaries, "items"))!["id"]));

        var byId = await owner.GetObjectAsync($"/elsa/api/activity-executions/by-id?id={Uri.EscapeDataString(ElsaAssert.Str(record["id"]))}");
        Assert.Equal("intake1", ElsaAssert.Str(byId["activityId"]));
        await ElsaAssert.ProblemAsync(await owner.GetAsync("/elsa/api/activity-executions/list"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Another_department_cannot_see_the_instance_or_its_journal(DatabaseProvider provider)
    {
        var (server, _, _, instanceId) = await StartIntakeAsync(provider, "insttenant");
        await using var _ = server;
        var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");

        await ElsaAssert.ProblemAsync(await jenv.GetAsync($"/elsa/api/workflow-instances/{instanceId}"), HttpStatusCode.NotFound);
        await ElsaAssert.ProblemAsync(await jenv.PostJsonAsync($"/elsa/api/workflow-instances/{instanceId}/journal?skip=0&take=10", new JsonObject()), HttpStatusCode.NotFound);
        await ElsaAssert.ProblemAsync(await jenv.GetAsync($"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}"), HttpStatusCode.NotFound);
        var list = await ElsaAssert.OkObjectAsync(await jenv.PostJsonAsync("/elsa/api/workflow-instances", new JsonObject()));
        Assert.DoesNotContain(ElsaAssert.Array(list, "items"), i => ElsaAssert.Str(i!["id"]) == instanceId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Run_of_a_definition_that_does_not_exist_is_a_problem_without_instance(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "instnone");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        var response = await owner.PostJsonAsync("/elsa/api/workflow-definitions/bestaat-niet/execute", new JsonObject { ["versionOptions"] = "Latest" });

        Assert.False(response.Headers.Contains("x-elsa-workflow-instance-id"));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.StatusCode.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var list = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/workflow-instances", new JsonObject()));
        Assert.Empty(ElsaAssert.Array(list, "items"));
    }
}
