using System.Net;
using System.Text.Json.Nodes;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>/workflow-definitions as Studio uses it (ELSA-STUDIO-CONTRACT.md "Editing", "Definition list", "Workflow definition shape").</summary>
public sealed class DefinitionEndpointTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static readonly string[] SummaryFields =
        ["id", "definitionId", "name", "description", "version", "toolVersion", "isLatest", "isPublished", "materializerName", "isMaterializerAvailable", "createdAt", "isReadonly", "links"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Created_flowchart_gets_a_definition_id_and_node_ids_and_is_an_editable_draft(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defcreate");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        var response = await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(StudioModels.NewDefinition("Aantreden BZK"), null));
        var body = await ElsaAssert.OkObjectAsync(response);

        ElsaAssert.HasCamelCaseProperties(body, "workflowDefinition", "alreadyPublished", "consumingWorkflowCount", "validationErrors");
        Assert.Empty(ElsaAssert.Array(body, "validationErrors"));
        var definition = body["workflowDefinition"]!.AsObject();
        ElsaAssert.HasCamelCaseProperties(definition, "id", "definitionId", "version", "isLatest", "isPublished", "name", "variables", "inputs", "outputs", "outcomes", "root", "links");
        Assert.False(string.IsNullOrEmpty(ElsaAssert.Str(definition["definitionId"])));
        Assert.Equal(1, definition["version"]!.GetValue<int>());
        Assert.True(definition["isLatest"]!.GetValue<bool>());
        Assert.False(definition["isPublished"]!.GetValue<bool>());
        Assert.False(definition["isReadonly"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(ElsaAssert.Str(definition["root"]!["nodeId"])));
        Assert.Contains(ElsaAssert.Array(definition, "links"), l => ElsaAssert.Str(l!["rel"]) == "publish");
        foreach (var list in new[] { "variables", "inputs", "outputs", "outcomes" }) ElsaAssert.Array(definition, list);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_activity_of_a_saved_flowchart_gets_a_unique_node_id(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defnodes");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        var saved = await owner.SaveAsync(StudioModels.PeriodicReadOut("Periodiek uitlezen BZK", "P6W"));

        var nodeIds = saved["root"]!["activities"]!.AsArray().Select(a => ElsaAssert.Str(a!["nodeId"])).Append(ElsaAssert.Str(saved["root"]!["nodeId"])).ToList();
        Assert.Equal(5, nodeIds.Count);
        Assert.Equal(nodeIds.Count, nodeIds.Distinct().Count());
        Assert.All(nodeIds, n => Assert.False(string.IsNullOrWhiteSpace(n)));
        var delay = saved["root"]!["activities"]!.AsArray().Single(a => ElsaAssert.Str(a!["id"]) == "wacht1")!;
        Assert.Equal("P6W", ElsaAssert.Str(delay["timeSpan"]!["expression"]!["value"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Activity_type_without_descriptor_is_refused_and_nothing_is_saved(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defunknown");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var model = StudioModels.Intake("Onbekende stap");
        model["root"]!["activities"]!.AsArray().Add(StudioModels.Activity("x1", "Onbekend", "Acme.RequestApproval", 0, 100));

        var problem = await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(model, false)), HttpStatusCode.BadRequest);

        Assert.NotEmpty(ElsaAssert.Array(problem, "validationErrors"));
        Assert.Contains("Acme.RequestApproval", problem["detail"]!.GetValue<string>());
        var list = await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=50");
        Assert.DoesNotContain(ElsaAssert.Array(list, "items"), i => ElsaAssert.Str(i!["name"]) == "Onbekende stap");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Sequence_root_from_the_create_dialog_is_kept_as_Elsa_does_and_a_state_machine_root_is_refused(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defseq");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        // Elsa 3 accepts any activity as the root; the stored definition reads back as written.
        var saved = await owner.SaveAsync(StudioModels.NewDefinition("Volgorde", "Elsa.Sequence"));
        Assert.Equal("Elsa.Sequence", ElsaAssert.Str(saved["root"]!["type"]));

        // A root type the engine does not know (Studio's create dialog offers State machine) is refused by name.
        var problem = await ElsaAssert.ProblemAsync(
            await owner.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(StudioModels.NewDefinition("Toestanden", "Elsa.StateMachine"), false)),
            HttpStatusCode.BadRequest);
        Assert.NotEmpty(ElsaAssert.Array(problem, "validationErrors"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Saving_after_publish_creates_the_next_version_as_draft_and_history_lists_both(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defversions");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var draft = await owner.SaveAsync(StudioModels.PeriodicReadOut("Periodiek uitlezen BZK", "P6W"));
        var definitionId = ElsaAssert.Str(draft["definitionId"]);

        // Autosave of a draft updates it in place.
        draft["description"] = "Elke zes weken (seed 001 §3.3.2)";
        var autosaved = await owner.SaveAsync(draft);
        Assert.Equal(1, autosaved["version"]!.GetValue<int>());
        Assert.Equal(ElsaAssert.Str(draft["id"]), ElsaAssert.Str(autosaved["id"]));

        var published = await owner.SaveAsync(autosaved, publish: true);
        Assert.True(published["isPublished"]!.GetValue<bool>());
        Assert.Equal(1, published["version"]!.GetValue<int>());

        // Studio autosaves right after opening: without a change no new draft appears.
        var unchanged = await owner.SaveAsync(published);
        Assert.Equal(1, unchanged["version"]!.GetValue<int>());

        // The process owner changes the read-out frequency: the published version stays, a draft version 2 appears.
        var changed = published.DeepClone().AsObject();
        changed["root"]!["activities"]!.AsArray().Single(a => ElsaAssert.Str(a!["id"]) == "wacht1")!["timeSpan"]!["expression"]!["value"] = "P4W";
        var next = await owner.SaveAsync(changed);
        Assert.Equal(2, next["version"]!.GetValue<int>());
        Assert.False(next["isPublished"]!.GetValue<bool>());
        Assert.True(next["isLatest"]!.GetValue<bool>());

        var history = await owner.GetObjectAsync($"/elsa/api/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds={definitionId}&OrderBy=Version&OrderDirection=Descending");
        Assert.Equal(2, history["totalCount"]!.GetValue<int>());
        var items = ElsaAssert.Array(history, "items");
        Assert.Equal([2, 1], items.Select(i => i!["version"]!.GetValue<int>()).ToArray());
        foreach (var item in items) ElsaAssert.HasCamelCaseProperties(item!.AsObject(), SummaryFields);
        Assert.True(items[1]!["isPublished"]!.GetValue<bool>());
        Assert.False(items[1]!["isLatest"]!.GetValue<bool>());

        var latest = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        var publishedVersion = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published");
        Assert.Equal(1, publishedVersion["version"]!.GetValue<int>());
        var byId = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-id/{ElsaAssert.Str(items[1]!["id"])}");
        Assert.Equal(1, byId["version"]!.GetValue<int>());
        Assert.Equal(definitionId, ElsaAssert.Str(byId["definitionId"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Definition_list_pages_orders_and_offers_bulk_publish_to_the_process_owner(DatabaseProvider provider)
    {
        // The government-wide templates (workflows/*.json, imported at start-up) are visible to the department
        // too and also name "bewindspersoon": the search term is unique to this test.
        await using var server = await ServerFixture.StartAsync(provider, purpose: "deflist");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        foreach (var name in new[] { "C Vertrek proefbewindspersoon", "A Aantreden proefbewindspersoon", "B Periodiek uitlezen" })
        {
            await owner.SaveAsync(StudioModels.Intake(name));
        }

        var first = await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=2&SearchTerm=proefbewindspersoon&IsSystem=False&OrderDirection=Ascending");
        var second = await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=1&PageSize=2&SearchTerm=proefbewindspersoon&IsSystem=False&OrderDirection=Ascending");

        Assert.Equal(2, first["totalCount"]!.GetValue<int>());
        Assert.Equal(["A Aantreden proefbewindspersoon", "C Vertrek proefbewindspersoon"], ElsaAssert.Array(first, "items").Take(2).Select(i => ElsaAssert.Str(i!["name"])).ToArray());
        Assert.Empty(ElsaAssert.Array(second, "items"));
        Assert.Contains(ElsaAssert.Array(first, "links"), l => ElsaAssert.Str(l!["rel"]) == "bulk-publish");
        var published = await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Published&Page=0&PageSize=10");
        Assert.DoesNotContain(ElsaAssert.Array(published, "items"), i => ElsaAssert.Str(i!["name"]).Contains("proefbewindspersoon", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Another_departments_process_owner_neither_sees_nor_opens_the_definition(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "deftenant");
        var bzk = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");
        var saved = await bzk.SaveAsync(StudioModels.Intake("Aantreden BZK"));
        var definitionId = ElsaAssert.Str(saved["definitionId"]);

        var list = await jenv.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=100");
        Assert.DoesNotContain(ElsaAssert.Array(list, "items"), i => ElsaAssert.Str(i!["definitionId"]) == definitionId);
        await ElsaAssert.ProblemAsync(await jenv.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest"), HttpStatusCode.NotFound);

        // Saving over another department's definition id does not touch it.
        saved["name"] = "Overgenomen door JenV";
        var response = await jenv.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(saved, false));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        var still = await bzk.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
        Assert.Equal("Aantreden BZK", ElsaAssert.Str(still["name"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Auditor_reads_definitions_but_cannot_save(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defauditor");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        await owner.SaveAsync(StudioModels.Intake("Aantreden BZK"));
        var auditor = await server.CreateClientForUserAsync("auditor");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=100");
        request.Headers.Add("X-Tenant-Id", "BZK");
        var list = await ElsaAssert.OkObjectAsync(await auditor.SendAsync(request));
        var row = ElsaAssert.Array(list, "items").Single(i => ElsaAssert.Str(i!["name"]) == "Aantreden BZK")!;
        Assert.True(row["isReadonly"]!.GetValue<bool>());
        Assert.Empty(ElsaAssert.Array(list, "links"));

        await ElsaAssert.ProblemAsync(await auditor.PostJsonAsync("/elsa/api/workflow-definitions", StudioModels.SaveBody(StudioModels.Intake("Audit"), false)), HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Name_check_says_whether_the_department_already_uses_the_name(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defname");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        await owner.SaveAsync(StudioModels.Intake("Aantreden BZK"));

        var taken = await owner.GetObjectAsync("/elsa/api/workflow-definitions/validation/is-name-unique?name=Aantreden%20BZK");
        var free = await owner.GetObjectAsync("/elsa/api/workflow-definitions/validation/is-name-unique?name=Vertrek%20BZK");

        ElsaAssert.HasCamelCaseProperties(taken, "isUnique");
        Assert.False(taken["isUnique"]!.GetValue<bool>());
        Assert.True(free["isUnique"]!.GetValue<bool>());
        await ElsaAssert.ProblemAsync(await owner.GetAsync("/elsa/api/workflow-definitions/validation/is-name-unique"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retract_and_delete_remove_the_published_state_and_then_the_definition(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defretract");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var published = await owner.SaveAsync(StudioModels.Intake("Aantreden BZK"), publish: true);
        var definitionId = ElsaAssert.Str(published["definitionId"]);

        var retracted = await ElsaAssert.OkObjectAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-definitions/{definitionId}/retract"));
        Assert.False(retracted["isPublished"]!.GetValue<bool>());

        var deleted = await owner.DeleteAsync($"/elsa/api/workflow-definitions/{definitionId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ElsaAssert.ProblemAsync(await owner.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Malformed_save_body_gets_a_dutch_problem_and_changes_nothing(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defbad");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        static string[] Editable(JsonObject l) => ElsaAssert.Array(l, "items").Where(i => i!["isReadonly"]!.GetValue<bool>() == false)
            .Select(i => $"{i!["definitionId"]}:{i["version"]}").Order(StringComparer.Ordinal).ToArray();
        var before = Editable(await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=100"));

        var broken = await owner.PostAsync("/elsa/api/workflow-definitions", new StringContent("{\"model\": {\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        var noModel = await owner.PostJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["publish"] = true });

        Assert.Contains("JSON", (await ElsaAssert.ProblemAsync(broken, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
        Assert.Contains("model", (await ElsaAssert.ProblemAsync(noModel, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
        var list = await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=100");
        Assert.Equal(before, Editable(list)); // the department's own definitions are exactly as before
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Bulk_publish_publishes_drafts_and_reports_published_and_unknown_ids(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "defbulk");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var draft = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Aantreden BZK")))["definitionId"]);
        var live = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Vertrek BZK"), publish: true))["definitionId"]);

        var body = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/workflow-definitions/bulk-publish",
            new JsonObject { ["definitionIds"] = new JsonArray(draft, live, "bestaat-niet") }));

        ElsaAssert.HasCamelCaseProperties(body, "published", "alreadyPublished", "notFound", "skipped", "updatedConsumers");
        Assert.Equal([draft], ElsaAssert.Array(body, "published").Select(n => n!.GetValue<string>()).ToArray());
        Assert.Equal([live], ElsaAssert.Array(body, "alreadyPublished").Select(n => n!.GetValue<string>()).ToArray());
        Assert.Equal(["bestaat-niet"], ElsaAssert.Array(body, "notFound").Select(n => n!.GetValue<string>()).ToArray());
        var nowPublished = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{draft}?versionOptions=Published");
        Assert.True(nowPublished["isPublished"]!.GetValue<bool>());
        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/workflow-definitions/bulk-publish", new JsonObject()), HttpStatusCode.BadRequest);
    }
}
