using System.Text;
using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities.Http;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Http;

/// <summary>
/// Elsa.HttpEndpoint and Elsa.WriteHttpResponse through <see cref="HttpEndpointRouter"/> with the engine's own workers on a real
/// database: who may call, size and content rules, the workflow's answer, and a clear status when it does not answer.
/// </summary>
public sealed class HttpEndpointTests
{
    private static Task<EngineHost> HostAsync(DatabaseOptions db, Action<WorkflowEngineOptions>? more = null) => EngineHost.StartAsync(db, o =>
    {
        o.RunWorkers = true;
        o.Workers = 2;
        more?.Invoke(o);
    });

    private static void Set(ActivityNode node, string key, string json) => node.Properties![key] = JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>POST /workflows/meldingen/{id} → WriteLine → answer 201 with the posted content (captured in a variable).</summary>
    private static WorkflowDefinition Echo(string name, Action<ActivityNode>? endpoint = null)
    {
        var d = new Flow(name).Add("ep", HttpEndpoint.TypeName, ("Path", "String", "meldingen/{id}"), ("SupportedMethods", "String[]", """["POST"]"""))
            .Add("log", "Elsa.WriteLine", ("Text", "String", "ontvangen"))
            .Expression("answer", WriteHttpResponse.TypeName, "Content", "Object", "Variable", "melding")
            .Connect("ep", "log").Connect("log", "answer").Build();
        d.Variables.Add(new VariableDefinition { Id = "melding", Name = "Melding", TypeName = "Object" });
        d.Variables.Add(new VariableDefinition { Id = "route", Name = "Route", TypeName = "Object" });
        d.Variables.Add(new VariableDefinition { Id = "koppen", Name = "Koppen", TypeName = "Object" });
        var ep = d.Root.Activities!.Single(a => a.Id == "ep");
        Set(ep, "customProperties", """{"canStartWorkflow":true}""");
        Set(ep, "parsedContent", """{"typeName":"Object","memoryReference":{"id":"melding"}}""");
        Set(ep, "routeData", """{"typeName":"Object","memoryReference":{"id":"route"}}""");
        Set(ep, "headers", """{"typeName":"Object","memoryReference":{"id":"koppen"}}""");
        var answer = d.Root.Activities!.Single(a => a.Id == "answer");
        answer.SetInput("StatusCode", WrappedInput.Literal("HttpStatusCode", "Created"));
        endpoint?.Invoke(ep);
        return d;
    }

    private static async Task<string> PublishAsync(EngineHost host, WorkflowDefinition d, string department = "BZK")
    {
        var saved = await host.Definitions.SaveAsync(d, publish: true, TenantScope.ForDepartment(department));
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        return saved.Definition.DefinitionId;
    }

    private static HttpEndpointCall Post(string path, string body, string contentType = "application/json", string? department = "BZK") => new()
    {
        Method = "POST", Path = path, ContentType = contentType, ContentLength = Encoding.UTF8.GetByteCount(body), Body = new MemoryStream(Encoding.UTF8.GetBytes(body)),
        SignedIn = department is not null, Department = department,
        Headers = [new("Authorization", "Bearer geheim"), new("X-Kenmerk", "K-9"), new("Content-Type", contentType)],
        Query = [new("bron", "portaal")],
    };

    private static async Task<int> InstanceCountAsync(EngineHost host, string definitionId) =>
        (int)(await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, DefinitionIds = [definitionId] })).TotalCount;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_request_of_the_departments_user_starts_the_workflow_and_gets_its_answer(DatabaseProvider provider)
    {
        await using var host = await HostAsync(await Db.CreateAsync(provider, "httpendpoint"));
        await PublishAsync(host, Echo("Melding ontvangen"));
        var router = host.Services.GetRequiredService<HttpEndpointRouter>();

        var answer = await router.HandleAsync(Post("/meldingen/42", """{"onderwerp":"lek"}"""), CancellationToken.None);

        Assert.False(answer.IsProblem, answer.ProblemDetail);
        Assert.Equal(201, answer.StatusCode);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("lek", JsonDocument.Parse(answer.Body!).RootElement.GetProperty("onderwerp").GetString());
        var instance = await host.InstanceAsync(answer.InstanceId!);
        Assert.Equal("42", JsonDocument.Parse(instance.State.Variables["Route"]!).RootElement.GetProperty("id").GetString());
        var headers = instance.State.Variables["Koppen"]!;
        Assert.Contains("K-9", headers);
        Assert.DoesNotContain("geheim", headers);
        Assert.DoesNotContain("Authorization", headers);
        await EngineHost.WaitUntilAsync(async () => (await host.InstanceAsync(answer.InstanceId!)).Status == WorkflowStatus.Finished, TimeSpan.FromSeconds(20), "the instance finished");
        Assert.Equal(["ontvangen"], await host.WrittenLinesAsync(answer.InstanceId!));
    }

    [Fact]
    public async Task Without_sign_in_401_from_another_department_404_and_nothing_starts()
    {
        await using var host = await HostAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpauth"));
        var id = await PublishAsync(host, Echo("Alleen BZK"));
        var router = host.Services.GetRequiredService<HttpEndpointRouter>();

        var anonymous = await router.HandleAsync(Post("/meldingen/1", "{}", department: null), CancellationToken.None);
        var foreign = await router.HandleAsync(Post("/meldingen/1", "{}", department: "FIN"), CancellationToken.None);
        var wrongMethod = await router.HandleAsync(Post("/meldingen/1", "{}") with { Method = "GET" }, CancellationToken.None);
        var wrongPath = await router.HandleAsync(Post("/meldingen", "{}"), CancellationToken.None);

        Assert.Equal(401, anonymous.StatusCode);
        Assert.Contains("aangemelde medewerkers", anonymous.ProblemDetail);
        Assert.Equal(404, foreign.StatusCode);
        Assert.Equal(404, wrongMethod.StatusCode);
        Assert.Equal(404, wrongPath.StatusCode);
        Assert.Equal(0, await InstanceCountAsync(host, id));
    }

    [Fact]
    public async Task Anonymous_access_needs_the_administrators_list_and_Authorize_still_wins()
    {
        string? definitionId = null;
        await using var host = await HostAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpanon"), o => o.Http.AnonymousDefinitions = ["open-melding", "open-beveiligd"]);
        var open = Echo("Open melding");
        open.DefinitionId = "open-melding";
        definitionId = await PublishAsync(host, open);
        var guarded = Echo("Open maar beveiligd", ep =>
        {
            ep.SetInput("Path", WrappedInput.Literal("String", "beveiligd"));
            ep.SetInput("Authorize", WrappedInput.Literal("Boolean", "true"));
        });
        guarded.DefinitionId = "open-beveiligd";
        await PublishAsync(host, guarded);
        var router = host.Services.GetRequiredService<HttpEndpointRouter>();

        var answer = await router.HandleAsync(Post("/meldingen/7", """{"a":1}""", department: null), CancellationToken.None);
        Assert.Equal(201, answer.StatusCode);
        Assert.Equal(1, await InstanceCountAsync(host, definitionId));

        Assert.Equal(401, (await router.HandleAsync(Post("/beveiligd", "{}", department: null), CancellationToken.None)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_body_over_the_limit_is_refused_with_413_unless_the_endpoint_exposes_the_outcome(DatabaseProvider provider)
    {
        await using var host = await HostAsync(await Db.CreateAsync(provider, "httpsize"), o => o.Http.MaxRequestBytes = 100);
        var id = await PublishAsync(host, Echo("Klein"));
        var exposed = Echo("Te groot afhandelen", ep =>
        {
            ep.SetInput("Path", WrappedInput.Literal("String", "groot"));
            Set(ep, "exposeRequestTooLargeOutcome", "true");
        });
        exposed.Root.Activities!.Add(new ActivityNode { Id = "toolarge", Type = WriteHttpResponse.TypeName, Name = "toolarge" });
        exposed.Root.Activities!.Single(a => a.Id == "toolarge").SetInput("StatusCode", WrappedInput.Literal("HttpStatusCode", "RequestEntityTooLarge"));
        exposed.Root.Activities!.Single(a => a.Id == "toolarge").SetInput("Content", WrappedInput.Literal("String", "Stuur minder tekst."));
        exposed.Root.Connections!.Add(new Connection("ep", HttpEndpoint.RequestTooLargeOutcome, "toolarge"));
        await PublishAsync(host, exposed);
        var router = host.Services.GetRequiredService<HttpEndpointRouter>();
        var big = JsonSerializer.Serialize(new { tekst = new string('x', 500) });

        var refused = await router.HandleAsync(Post("/meldingen/1", big), CancellationToken.None);
        Assert.Equal(413, refused.StatusCode);
        Assert.Contains("groter dan 100 bytes", refused.ProblemDetail);
        Assert.Equal(0, await InstanceCountAsync(host, id));

        // No Content-Length: the limit holds while reading.
        var chunked = await router.HandleAsync(Post("/meldingen/1", big) with { ContentLength = null }, CancellationToken.None);
        Assert.Equal(413, chunked.StatusCode);

        var handled = await router.HandleAsync(Post("/groot", big), CancellationToken.None);
        Assert.Equal(413, handled.StatusCode);
        Assert.False(handled.IsProblem);
        Assert.Equal("Stuur minder tekst.", handled.Body);
        Assert.Equal("text/plain", handled.ContentType);
    }

    [Fact]
    public async Task Bad_JSON_400_an_unknown_content_type_415_forms_and_multipart_are_read()
    {
        await using var host = await HostAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpcontent"));
        await PublishAsync(host, Echo("Inhoud", ep => Set(ep, "blockedFileExtensions", """{"typeName":"String[]","expression":{"type":"Literal","value":"[\".exe\"]"}}""")));
        var router = host.Services.GetRequiredService<HttpEndpointRouter>();

        Assert.Equal(400, (await router.HandleAsync(Post("/meldingen/1", "{niet json"), CancellationToken.None)).StatusCode);
        Assert.Equal(415, (await router.HandleAsync(Post("/meldingen/1", "<a/>", "application/pdf"), CancellationToken.None)).StatusCode);

        var form = await router.HandleAsync(Post("/meldingen/1", "onderwerp=lek&kanaal=signal", "application/x-www-form-urlencoded"), CancellationToken.None);
        Assert.Equal(201, form.StatusCode);
        Assert.Equal("signal", JsonDocument.Parse(form.Body!).RootElement.GetProperty("kanaal").GetString());

        const string boundary = "grens123";
        string Multipart(string fileName) =>
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"onderwerp\"\r\n\r\nlek\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"bijlage\"; filename=\"{fileName}\"\r\nContent-Type: text/plain\r\n\r\nhallo\r\n--{boundary}--\r\n";
        var multipart = await router.HandleAsync(Post("/meldingen/1", Multipart("notitie.txt"), $"multipart/form-data; boundary={boundary}"), CancellationToken.None);
        Assert.Equal(201, multipart.StatusCode);
        Assert.Equal("lek", JsonDocument.Parse(multipart.Body!).RootElement.GetProperty("onderwerp").GetString());
        var files = (await host.Instances.GetActivityExecutionsAsync(multipart.InstanceId!)).Single(r => r.ActivityId == "ep").Outputs["Files"]!;
        Assert.Contains("\"fileName\":\"notitie.txt\"", files);
        Assert.Contains("\"length\":5", files);

        var blocked = await router.HandleAsync(Post("/meldingen/1", Multipart("virus.exe"), $"multipart/form-data; boundary={boundary}"), CancellationToken.None);
        Assert.Equal(415, blocked.StatusCode);
        Assert.Contains("'.exe'", blocked.ProblemDetail);
    }

    /// <summary>A test activity that keeps its step busy (a slow call elsewhere) without waiting on a bookmark.</summary>
    [Engine.Activities.Attributes.Activity("Test", "Slow", Category = "Test")]
    public sealed class Slow : Engine.Activities.Activity
    {
        public override async ValueTask<Engine.Activities.ActivityResult> ExecuteAsync(Engine.Activities.ActivityContext context)
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            return Engine.Activities.ActivityResult.Complete();
        }
    }

    private static WorkflowDefinition Triggered(string name, string path, Func<Flow, Flow> rest, string? timeout = null)
    {
        var f = timeout is null ? new Flow(name).Add("ep", HttpEndpoint.TypeName, ("Path", "String", path))
            : new Flow(name).Add("ep", HttpEndpoint.TypeName, ("Path", "String", path), ("RequestTimeout", "TimeSpan", timeout));
        var d = rest(f).Build();
        Set(d.Root.Activities![0], "customProperties", """{"canStartWorkflow":true}""");
        return d;
    }

    [Fact]
    public async Task No_answer_in_time_is_504_and_a_workflow_that_stops_without_answer_gives_an_empty_200()
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httptimeout"), o =>
        {
            o.RunWorkers = true;
            o.Workers = 2;
        }, s => s.AddWorkflowActivity<Slow>());
        await PublishAsync(host, Triggered("Traag", "traag", f => f.Add("slow", "Test.Slow").Add("answer", WriteHttpResponse.TypeName, ("Content", "String", "te laat"))
            .Connect("ep", "slow").Connect("slow", "answer"), "00:00:01"));
        await PublishAsync(host, Triggered("Stil", "stil", f => f.Add("log", "Elsa.WriteLine", ("Text", "String", "klaar")).Connect("ep", "log")));
        await PublishAsync(host, Triggered("Taak", "taak", f => f.Task("task", "Beoordelen").Connect("ep", "task")));
        var router = host.Services.GetRequiredService<HttpEndpointRouter>();
        var get = new HttpEndpointCall { Method = "GET", Path = "/traag", SignedIn = true, Department = "BZK" };

        var late = await router.HandleAsync(get, CancellationToken.None);
        Assert.Equal(504, late.StatusCode);
        Assert.Contains("niet binnen 1 seconden", late.ProblemDetail);
        Assert.Contains(late.InstanceId!, late.ProblemDetail);

        var finished = await router.HandleAsync(get with { Path = "/stil" }, CancellationToken.None);
        Assert.Equal(200, finished.StatusCode);
        Assert.False(finished.IsProblem);
        Assert.Null(finished.Body);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(finished.InstanceId!)).Status);

        var suspended = await router.HandleAsync(get with { Path = "/taak" }, CancellationToken.None);
        Assert.Equal(200, suspended.StatusCode);
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.InstanceAsync(suspended.InstanceId!)).SubStatus);
    }

    [Fact]
    public async Task An_endpoint_in_the_middle_of_a_flow_is_an_incident_naming_what_to_do()
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpblocking"));
        var d = new Flow("Tweede verzoek").Start().Add("ep", HttpEndpoint.TypeName, ("Path", "String", "tweede")).Connect("start", "ep").Build();

        var id = await host.PublishAndRunAsync(d);

        var incident = Assert.Single((await host.InstanceAsync(id)).State.Incidents);
        Assert.Contains("Zet het HTTP-eindpunt bovenaan de workflow", incident.Message);
    }

    [Theory]
    [InlineData("meldingen/{id}", "/meldingen/42", "id=42")]
    [InlineData("/Meldingen/{id:int}/", "/meldingen/7", "id=7")]
    [InlineData("bestanden/{**rest}", "/bestanden/a/b%20c", "rest=a/b c")]
    [InlineData("meldingen", "/meldingen", "")]
    [InlineData("meldingen/{id}", "/meldingen", null)]
    [InlineData("meldingen/{id}", "/meldingen/1/2", null)]
    [InlineData("meldingen", "/andere", null)]
    public void Paths_match_as_Elsas_route_templates(string template, string path, string? expected)
    {
        var values = HttpEndpointRouter.Match(template, path);
        Assert.Equal(expected, values is null ? null : string.Join("&", values.Select(v => $"{v.Key}={v.Value}")));
    }
}
