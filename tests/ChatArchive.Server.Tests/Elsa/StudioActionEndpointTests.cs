using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Elsa;

/// <summary>
/// The routes Studio 3.8's client calls beyond the first contract (docs/STUDIO-API-ADDITIONS.md): bulk actions at
/// Elsa's /bulk-actions routes, delete and revert of a version, export and import, cancel of instances, Elsa's task
/// completion. Each bad input is a Dutch ProblemDetails and changes nothing.
/// </summary>
public sealed class StudioActionEndpointTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    private static async Task<List<JsonObject>> LatestAsync(HttpClient client) =>
        ElsaAssert.Array(await client.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=100"), "items")
            .Select(i => i!.AsObject()).ToList();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Bulk_publish_retract_and_delete_work_at_Elsas_routes_and_a_foreign_id_deletes_nothing(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "bulkacts");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");
        var a = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Bulk A")))["definitionId"]);
        var b = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Bulk B")))["definitionId"]);
        var foreign = ElsaAssert.Str((await jenv.SaveAsync(StudioModels.Intake("Van JenV")))["definitionId"]);

        var list = await owner.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=10");
        var rels = ElsaAssert.Array(list, "links").Select(l => ElsaAssert.Str(l!["rel"])).ToList();
        Assert.Contains("bulk-publish", rels);
        Assert.Contains("bulk-retract", rels);
        Assert.Contains("bulk-delete-by-definition-id", rels);

        var published = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/publish/workflow-definitions/by-definition-ids",
            new JsonObject { ["definitionIds"] = new JsonArray(a, b, foreign) }));
        Assert.Equal(new[] { a, b }.Order(), ElsaAssert.Array(published, "published").Select(ElsaAssert.Str).Order());
        Assert.Equal(foreign, ElsaAssert.Str(Assert.Single(ElsaAssert.Array(published, "notFound"))));
        Assert.All(await LatestAsync(owner), d => Assert.True(d["isPublished"]!.GetValue<bool>()));

        var retracted = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/retract/workflow-definitions/by-definition-ids",
            new JsonObject { ["definitionIds"] = new JsonArray(a) }));
        Assert.Equal(a, ElsaAssert.Str(Assert.Single(ElsaAssert.Array(retracted, "retracted"))));
        var again = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/retract/workflow-definitions/by-definition-ids",
            new JsonObject { ["definitionIds"] = new JsonArray(a) }));
        Assert.Equal(a, ElsaAssert.Str(Assert.Single(ElsaAssert.Array(again, "alreadyRetracted"))));
        Assert.Empty(ElsaAssert.Array(again, "retracted"));

        var refused = await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/delete/workflow-definitions/by-definition-id",
            new JsonObject { ["definitionIds"] = new JsonArray(a, foreign) }), HttpStatusCode.NotFound);
        Assert.Contains("niets verwijderd", refused["detail"]!.GetValue<string>());
        Assert.Equal(2, (await LatestAsync(owner)).Count(d => ElsaAssert.Str(d["definitionId"]) is var id && (id == a || id == b)));
        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/delete/workflow-definitions/by-definition-id", new JsonObject()), HttpStatusCode.BadRequest);

        var deleted = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/delete/workflow-definitions/by-definition-id",
            new JsonObject { ["definitionIds"] = new JsonArray(a, b) }));
        Assert.Equal(2, deleted["deleted"]!.GetValue<int>());
        Assert.DoesNotContain(await LatestAsync(owner), d => ElsaAssert.Str(d["definitionId"]) == a || ElsaAssert.Str(d["definitionId"]) == b);
        Assert.Contains(await LatestAsync(jenv), d => ElsaAssert.Str(d["definitionId"]) == foreign);

        var auditor = await server.CreateClientForUserAsync("auditor");
        await ElsaAssert.ProblemAsync(await auditor.PostJsonAsync("/elsa/api/bulk-actions/publish/workflow-definitions/by-definition-ids",
            new JsonObject { ["definitionIds"] = new JsonArray(foreign) }), HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_version_is_reverted_into_a_draft_and_only_an_old_unpublished_version_can_be_deleted(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "versions");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var v1 = await owner.SaveAsync(StudioModels.PeriodicReadOut("Versies BZK", "P6W"), publish: true);
        var definitionId = ElsaAssert.Str(v1["definitionId"]);
        var onV1 = await owner.ExecuteAsync(definitionId);
        await InstanceWait.UntilAsync(owner, onV1, "Suspended");
        var v2 = await owner.SaveAsync(StudioModels.PeriodicReadOut("Versies BZK", "P4W", definitionId));
        Assert.Equal(2, v2["version"]!.GetValue<int>());

        var reverted = await ElsaAssert.OkObjectAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-definitions/{definitionId}/revert/1"));
        Assert.Equal(2, reverted["version"]!.GetValue<int>());
        Assert.False(reverted["isPublished"]!.GetValue<bool>());
        var latest = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
        var delay = latest["root"]!["activities"]!.AsArray().Single(x => ElsaAssert.Str(x!["id"]) == "wacht1")!;
        Assert.Equal("P6W", ElsaAssert.Str(delay["timeSpan"]!["expression"]!["value"]));

        await ElsaAssert.ProblemAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-definitions/{definitionId}/revert/9"), HttpStatusCode.NotFound);
        await ElsaAssert.ProblemAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-definitions/{definitionId}/revert/een"), HttpStatusCode.BadRequest);

        // Version 1 is published, version 2 the latest: neither goes on its own.
        var conflict = await ElsaAssert.ProblemAsync(await owner.DeleteAsync($"/elsa/api/workflow-definition-versions/{ElsaAssert.Str(v1["id"])}"), HttpStatusCode.Conflict);
        Assert.Contains("niets verwijderd", conflict["detail"]!.GetValue<string>());
        await ElsaAssert.ProblemAsync(await owner.DeleteAsync($"/elsa/api/workflow-definition-versions/{ElsaAssert.Str(v2["id"])}"), HttpStatusCode.Conflict);
        await ElsaAssert.OkObjectAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-definitions/{definitionId}/publish"));

        // An instance still waits on version 1: the version stays until it is cancelled.
        var running = await ElsaAssert.ProblemAsync(await owner.DeleteAsync($"/elsa/api/workflow-definition-versions/{ElsaAssert.Str(v1["id"])}"), HttpStatusCode.Conflict);
        Assert.Contains("werkstroominstanties", running["detail"]!.GetValue<string>());
        await ElsaAssert.OkObjectAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-instances/{onV1}/cancel"));
        var deleted = await owner.DeleteAsync($"/elsa/api/workflow-definition-versions/{ElsaAssert.Str(v1["id"])}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var versions = await owner.GetObjectAsync($"/elsa/api/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds={definitionId}");
        Assert.Equal(2, Assert.Single(ElsaAssert.Array(versions, "items"))!["version"]!.GetValue<int>());

        var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");
        await ElsaAssert.ProblemAsync(await jenv.PostEmptyAsync($"/elsa/api/workflow-definitions/{definitionId}/revert/2"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_gives_Elsa_json_and_a_zip_and_import_reads_them_back_while_a_bad_file_imports_nothing(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "impexp");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var a = ElsaAssert.Str((await owner.SaveAsync(StudioModels.PeriodicReadOut("Export A", "P6W"), publish: true))["definitionId"]);
        var b = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Export B")))["definitionId"]);

        var export = await owner.GetAsync($"/elsa/api/workflow-definitions/{a}/export?versionOptions=Latest");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("workflow-definition-export-a.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);
        var file = JsonNode.Parse(await export.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(a, ElsaAssert.Str(file["definitionId"]));
        Assert.False(file.ContainsKey("version"));
        Assert.False(file.ContainsKey("tenantId"));
        await ElsaAssert.ProblemAsync(await owner.GetAsync("/elsa/api/workflow-definitions/bestaat-niet/export"), HttpStatusCode.NotFound);

        // The exported file imported as a new definition (its id removed) arrives as a draft with the same activities.
        file.Remove("definitionId");
        file["name"] = "Export A kopie";
        var imported = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/workflow-definitions/import", file));
        Assert.NotEqual(a, ElsaAssert.Str(imported["definitionId"]));
        Assert.False(imported["isPublished"]!.GetValue<bool>());
        Assert.Equal(file["root"]!["activities"]!.AsArray().Count, imported["root"]!["activities"]!.AsArray().Count);
        var broken = file.DeepClone().AsObject();
        broken["name"] = "Kapot";
        broken["root"]!["activities"]!.AsArray().Add(StudioModels.Activity("x1", "Onbekend", "Acme.Onbekend", 0, 0));
        var refusedImport = await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/workflow-definitions/import", broken), HttpStatusCode.BadRequest);
        Assert.Contains("Acme.Onbekend", refusedImport["detail"]!.GetValue<string>());

        var zipResponse = await owner.PostJsonAsync("/elsa/api/workflow-definitions/export", new JsonObject { ["definitionIds"] = new JsonArray(a, b) });
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        var zipBytes = await zipResponse.Content.ReadAsByteArrayAsync();
        using (var zip = new ZipArchive(new MemoryStream(zipBytes)))
        {
            Assert.Equal(2, zip.Entries.Count);
            Assert.All(zip.Entries, e => Assert.EndsWith(".json", e.FullName));
        }
        var before = (await LatestAsync(owner)).Count;

        // A zip plus a text file: refused as a whole.
        var bad = await owner.PostAsync("/elsa/api/workflow-definitions/import-files", Upload(("werkstromen.zip", zipBytes), ("notitie.txt", Encoding.UTF8.GetBytes("geen werkstroom"))));
        Assert.Contains("notitie.txt", (await ElsaAssert.ProblemAsync(bad, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
        var badJson = await owner.PostAsync("/elsa/api/workflow-definitions/import-files", Upload(("werkstromen.zip", zipBytes), ("kapot.json", Encoding.UTF8.GetBytes("{\"root\": "))));
        await ElsaAssert.ProblemAsync(badJson, HttpStatusCode.BadRequest);
        var versionsOfA = await owner.GetObjectAsync($"/elsa/api/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds={a}");
        Assert.Single(ElsaAssert.Array(versionsOfA, "items"));

        // The zip itself: both definitions are read back into the same ids. A's content equals its published version,
        // so no empty draft is made (the engine's save rule); B's draft stays one version.
        var ok = await ElsaAssert.OkObjectAsync(await owner.PostAsync("/elsa/api/workflow-definitions/import-files", Upload(("werkstromen.zip", zipBytes))));
        Assert.Equal(2, ok["importedCount"]!.GetValue<int>());
        Assert.Equal(before, (await LatestAsync(owner)).Count);
        var latestA = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{a}?versionOptions=Latest");
        Assert.Equal(1, latestA["version"]!.GetValue<int>());
        Assert.True(latestA["isPublished"]!.GetValue<bool>());

        // A changed file in a zip does become a new draft after the published version.
        var changed = JsonNode.Parse(await (await owner.GetAsync($"/elsa/api/workflow-definitions/{a}/export")).Content.ReadAsStringAsync())!.AsObject();
        changed["description"] = "Aangepast buiten de Studio";
        using var changedZip = new MemoryStream();
        using (var zip = new ZipArchive(changedZip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("a.json").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes(changed.ToJsonString()));
        }
        await ElsaAssert.OkObjectAsync(await owner.PostAsync("/elsa/api/workflow-definitions/import-files", Upload(("a.zip", changedZip.ToArray()))));
        latestA = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{a}?versionOptions=Latest");
        Assert.Equal(2, latestA["version"]!.GetValue<int>());
        Assert.False(latestA["isPublished"]!.GetValue<bool>());
        Assert.Equal("Aangepast buiten de Studio", ElsaAssert.Str(latestA["description"]));
    }

    private static MultipartFormDataContent Upload(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        return form;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Instances_are_cancelled_one_or_in_bulk_and_a_foreign_id_cancels_nothing(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "cancel");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var definitionId = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Annuleren BZK"), publish: true))["definitionId"]);
        var first = await owner.ExecuteAsync(definitionId);
        var second = await owner.ExecuteAsync(definitionId);
        var third = await owner.ExecuteAsync(definitionId);
        foreach (var id in new[] { first, second, third }) await InstanceWait.UntilAsync(owner, id, "Suspended");

        var one = await ElsaAssert.OkObjectAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-instances/{first}/cancel"));
        Assert.Equal(1, one["count"]!.GetValue<int>());
        var cancelled = await owner.GetObjectAsync($"/elsa/api/workflow-instances/{first}");
        Assert.Equal("Finished", ElsaAssert.Str(cancelled["status"]));
        Assert.Equal("Cancelled", ElsaAssert.Str(cancelled["subStatus"]));
        await ElsaAssert.ProblemAsync(await owner.PostEmptyAsync($"/elsa/api/workflow-instances/{first}/cancel"), HttpStatusCode.Conflict);

        var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");
        await ElsaAssert.ProblemAsync(await jenv.PostEmptyAsync($"/elsa/api/workflow-instances/{second}/cancel"), HttpStatusCode.NotFound);
        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/cancel/workflow-instances",
            new JsonObject { ["ids"] = new JsonArray(second, "bestaat-niet") }), HttpStatusCode.NotFound);
        Assert.Equal("Suspended", ElsaAssert.Str((await owner.GetObjectAsync($"/elsa/api/workflow-instances/{second}"))["subStatus"]));
        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/cancel/workflow-instances", new JsonObject()), HttpStatusCode.BadRequest);

        // Studio sends "Ids"; the finished first instance is skipped, not counted.
        var bulk = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/cancel/workflow-instances",
            new JsonObject { ["Ids"] = new JsonArray(first, second, third) }));
        Assert.Equal(2, bulk["count"]!.GetValue<int>());
        Assert.Equal("Cancelled", ElsaAssert.Str((await owner.GetObjectAsync($"/elsa/api/workflow-instances/{third}"))["subStatus"]));

        var deleted = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync("/elsa/api/bulk-actions/delete/workflow-instances/by-id",
            new JsonObject { ["ids"] = new JsonArray(first, second) }));
        Assert.Equal(2, deleted["deletedCount"]!.GetValue<int>());
        await ElsaAssert.ProblemAsync(await owner.GetAsync($"/elsa/api/workflow-instances/{first}"), HttpStatusCode.NotFound);
        await owner.GetObjectAsync($"/elsa/api/workflow-instances/{third}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Elsas_task_completion_route_resumes_the_human_task_along_the_chosen_outcome(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "taskdone");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        // The information professional's intake: a process owner may not complete it (not their role).
        var forOthers = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Taak voor de informatieprofessional"), publish: true))["definitionId"]);
        var otherInstance = await owner.ExecuteAsync(forOthers);
        await InstanceWait.UntilAsync(owner, otherInstance, "Suspended");
        var model = StudioModels.Intake("Taak via Studio");
        var intake = model["root"]!["activities"]!.AsArray().Single(x => ElsaAssert.Str(x!["id"]) == "intake1")!;
        intake["assigneeRole"]!["expression"]!["value"] = "process-owner";
        var definitionId = ElsaAssert.Str((await owner.SaveAsync(model, publish: true))["definitionId"]);
        var instanceId = await owner.ExecuteAsync(definitionId);
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");
        var tasks = ElsaAssert.Array(await owner.GetObjectAsync("/api/tasks?voor=departement"), "items");
        string TaskOf(string instance) => ElsaAssert.Str(tasks.Single(t => t!.ToJsonString().Contains(instance))!["id"]);
        var taskId = TaskOf(instanceId);

        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync($"/elsa/api/tasks/{TaskOf(otherInstance)}/complete", new JsonObject { ["result"] = "Afgerond" }), HttpStatusCode.Forbidden);
        Assert.Equal("Suspended", ElsaAssert.Str((await owner.GetObjectAsync($"/elsa/api/workflow-instances/{otherInstance}"))["subStatus"]));

        var missing = await ElsaAssert.ProblemAsync(await owner.PostJsonAsync($"/elsa/api/tasks/{taskId}/complete", new JsonObject { ["result"] = 12 }), HttpStatusCode.BadRequest);
        Assert.Contains("uitkomst", missing["detail"]!.GetValue<string>());
        await ElsaAssert.ProblemAsync(await owner.PostJsonAsync($"/elsa/api/tasks/{taskId}/complete", new JsonObject { ["result"] = "Vergeten" }), HttpStatusCode.BadRequest);
        Assert.Equal("Suspended", ElsaAssert.Str((await owner.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}"))["subStatus"]));

        var done = await ElsaAssert.OkObjectAsync(await owner.PostJsonAsync($"/elsa/api/tasks/{taskId}/complete", new JsonObject { ["result"] = "Afgerond" }));
        Assert.Equal("Afgerond", ElsaAssert.Str(done["outcome"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Finished");
    }
}
