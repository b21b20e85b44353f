using System.Net;
using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Http;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Http;

/// <summary>
/// Elsa.FlowSendHttpRequest and Elsa.SendHttpRequest against a real Kestrel server on loopback, with the server's allow-list:
/// outcomes per status code, content and headers sent, and every refusal (host not listed, internal address, redirect elsewhere,
/// too large) an incident in Dutch with nothing received by the other side.
/// </summary>
public sealed class HttpRequestActivityTests
{
    private static Action<WorkflowEngineOptions> Allow(string[] hosts, string[] privateAddresses, TimeSpan? timeout = null) => o =>
    {
        o.Http.AllowedHosts = hosts;
        o.Http.AllowedPrivateAddresses = privateAddresses;
        o.Http.Timeout = timeout ?? TimeSpan.FromSeconds(20);
    };

    private static readonly Action<WorkflowEngineOptions> Loopback = Allow(["127.0.0.1"], ["127.0.0.1"]);

    /// <summary>Start → request → one WriteLine per outcome ("200", "404", "Unmatched status code", "Failed to connect", "Timeout").</summary>
    private static WorkflowDefinition Branching(string url, params (string Name, string TypeName, string Value)[] extra)
    {
        var inputs = new List<(string, string, string)> { ("Url", "String", url), ("ExpectedStatusCodes", "Object", "[200, 404]") };
        inputs.AddRange(extra);
        var f = new Flow($"Zaak ophalen {url}").Start().Add("http", FlowSendHttpRequest.TypeName, [.. inputs])
            .Add("ok", "Elsa.WriteLine", ("Text", "String", "gevonden")).Add("nf", "Elsa.WriteLine", ("Text", "String", "niet gevonden"))
            .Add("other", "Elsa.WriteLine", ("Text", "String", "andere status")).Add("down", "Elsa.WriteLine", ("Text", "String", "geen verbinding"))
            .Add("slow", "Elsa.WriteLine", ("Text", "String", "te laat"))
            .Connect("start", "http").Connect("http", "ok", "200").Connect("http", "nf", "404").Connect("http", "other", FlowSendHttpRequest.UnmatchedOutcome)
            .Connect("http", "down", FlowSendHttpRequest.FailedToConnectOutcome).Connect("http", "slow", FlowSendHttpRequest.TimeoutOutcome);
        return f.Build();
    }

    private static WorkflowDefinition Capture(WorkflowDefinition d, string output, string variable)
    {
        d.Variables.Add(new VariableDefinition { Id = variable.ToLowerInvariant(), Name = variable, TypeName = "Object" });
        d.Root.Activities!.Single(a => a.Id == "http").Properties![JsonNamingPolicy.CamelCase.ConvertName(output)] =
            JsonDocument.Parse($$$"""{"typeName":"Object","memoryReference":{"id":"{{{variable.ToLowerInvariant()}}}"}}""").RootElement.Clone();
        return d;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_outcome_is_the_status_code_and_the_outputs_are_captured(DatabaseProvider provider)
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "httpflow"), Loopback);

        var d = Capture(Capture(Capture(Branching(server.Url("/ok")), "ParsedContent", "Antwoord"), "StatusCode", "Status"), "ResponseHeaders", "Koppen");
        var found = await host.PublishAndRunAsync(d);
        Assert.Equal(["gevonden"], await host.WrittenLinesAsync(found));
        var instance = await host.InstanceAsync(found);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        using (var body = JsonDocument.Parse(instance.State.Variables["Antwoord"]!))
        {
            Assert.Equal("Z-1", body.RootElement.GetProperty("zaak").GetString());
        }
        Assert.Equal("200", instance.State.Variables["Status"]);
        Assert.Contains("\"X-Bron\":[\"test\"]", instance.State.Variables["Koppen"]);

        Assert.Equal(["niet gevonden"], await host.WrittenLinesAsync(await host.PublishAndRunAsync(Branching(server.Url("/missing")))));
        Assert.Equal(["andere status"], await host.WrittenLinesAsync(await host.PublishAndRunAsync(Branching(server.Url("/teapot")))));
        Assert.Equal(3, server.Received.Count);
    }

    [Fact]
    public async Task Content_headers_and_authorization_are_sent_and_an_empty_list_of_codes_continues_on_Done()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httppost"), Loopback);
        var d = new Flow("Melden").Start()
            .Add("http", FlowSendHttpRequest.TypeName, ("Url", "String", server.Url("/echo")), ("Method", "String", "POST"), ("ContentType", "String", "application/json"),
                ("Content", "Object", """{"zaak":"Z-2"}"""), ("Authorization", "String", "Bearer abc123"), ("RequestHeaders", "Object", """{"X-Kenmerk":["K-7"]}"""),
                ("ExpectedStatusCodes", "Object", "[]"))
            .Add("done", "Elsa.WriteLine", ("Text", "String", "gemeld")).Connect("start", "http").Connect("http", "done").Build();

        var id = await host.PublishAndRunAsync(d);

        Assert.Equal(["gemeld"], await host.WrittenLinesAsync(id));
        var r = Assert.Single(server.Received);
        Assert.Equal(("POST", "/echo", "application/json; charset=utf-8", "Bearer abc123", "K-7", """{"zaak":"Z-2"}"""), r);
    }

    [Fact]
    public async Task A_host_that_is_not_on_the_allow_list_is_refused_with_a_Dutch_incident_and_nothing_is_sent()
    {
        await using var server = await HttpTestServer.StartAsync();
        // Default settings: the allow-list is empty.
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpdeny"));

        var id = await host.PublishAndRunAsync(Branching(server.Url("/ok")));

        var incident = Assert.Single((await host.InstanceAsync(id)).State.Incidents);
        Assert.Equal("http", incident.ActivityId);
        Assert.Contains("host '127.0.0.1'", incident.Message);
        Assert.Contains("niet op de lijst van toegestane hosts", incident.Message);
        Assert.Empty(await host.WrittenLinesAsync(id));
        Assert.Empty(server.Received);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_allowed_name_that_resolves_to_a_loopback_address_is_refused_unless_that_address_is_listed(DatabaseProvider provider)
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "httpaddr"), Allow(["localhost", "127.0.0.1"], []));

        var byName = await host.PublishAndRunAsync(Branching($"http://localhost:{server.Port}/ok"));
        var byAddress = await host.PublishAndRunAsync(Branching(server.Url("/ok")));

        foreach (var id in new[] { byName, byAddress })
        {
            var incident = Assert.Single((await host.InstanceAsync(id)).State.Incidents);
            Assert.Contains("niet-openbaar adres", incident.Message);
            Assert.Empty(await host.WrittenLinesAsync(id));
        }
        Assert.Contains("Host 'localhost'", (await host.InstanceAsync(byName)).State.Incidents[0].Message);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Redirects_are_followed_only_to_allowed_hosts()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpredirect"), Loopback);

        var inside = await host.PublishAndRunAsync(Branching(server.Url("/redirect-in")));
        Assert.Equal(["gevonden"], await host.WrittenLinesAsync(inside));

        var outside = await host.PublishAndRunAsync(Branching(server.Url("/redirect-out")));
        var incident = Assert.Single((await host.InstanceAsync(outside)).State.Incidents);
        Assert.Contains("doorgestuurd naar host 'buiten.example'", incident.Message);

        // localhost is the same machine, but not on the list: the redirect is not followed.
        var local = await host.PublishAndRunAsync(Branching(server.Url("/redirect-localhost")));
        Assert.Contains("host 'localhost'", Assert.Single((await host.InstanceAsync(local)).State.Incidents).Message);
        Assert.Equal(["/redirect-in", "/ok", "/redirect-out", "/redirect-localhost"], server.Received.Select(r => r.Path));
    }

    [Fact]
    public async Task No_connection_no_answer_in_time_and_a_too_large_answer()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpfail"), Allow(["127.0.0.1"], ["127.0.0.0/8"], TimeSpan.FromSeconds(1)));

        var closedPort = FreePort();
        Assert.Equal(["geen verbinding"], await host.WrittenLinesAsync(await host.PublishAndRunAsync(Branching($"http://127.0.0.1:{closedPort}/ok"))));
        Assert.Equal(["te laat"], await host.WrittenLinesAsync(await host.PublishAndRunAsync(Branching(server.Url("/slow")))));

        var big = await host.PublishAndRunAsync(Branching(server.Url("/big")));
        Assert.Contains("groter dan 1048576 bytes", Assert.Single((await host.InstanceAsync(big)).State.Incidents).Message);
        Assert.Empty(await host.WrittenLinesAsync(big));
    }

    [Fact]
    public async Task SendHttpRequest_runs_the_activity_of_the_matching_status_code()
    {
        await using var server = await HttpTestServer.StartAsync();
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpslots"), Loopback);

        WorkflowDefinition Request(string path)
        {
            var d = new Flow($"Slots {path}").Start().Add("http", SendHttpRequest.TypeName, ("Url", "String", server.Url(path)))
                .Add("after", "Elsa.WriteLine", ("Text", "String", "daarna")).Connect("start", "http").Connect("http", "after").Build();
            var node = d.Root.Activities!.Single(a => a.Id == "http");
            node.Properties!["expectedStatusCodes"] = JsonDocument.Parse("""
                [{"statusCode":200,"activity":{"id":"w200","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"Literal","value":"status 200"}}}},
                 {"statusCode":404,"activity":{"id":"w404","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"Literal","value":"status 404"}}}}]
                """).RootElement.Clone();
            node.Properties["unmatchedStatusCode"] = JsonDocument.Parse(
                """{"id":"wother","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"Literal","value":"andere status"}}}""").RootElement.Clone();
            return d;
        }

        Assert.Equal(["status 200", "daarna"], await host.WrittenLinesAsync(await host.PublishAndRunAsync(Request("/ok"))));
        Assert.Equal(["status 404", "daarna"], await host.WrittenLinesAsync(await host.PublishAndRunAsync(Request("/missing"))));
        Assert.Equal(["andere status", "daarna"], await host.WrittenLinesAsync(await host.PublishAndRunAsync(Request("/teapot"))));
    }

    [Fact]
    public async Task A_connection_from_a_status_code_that_is_not_expected_is_refused_at_publish()
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(DatabaseProvider.Sqlite, "httpports"));
        var d = new Flow("Poorten").Start().Add("http", FlowSendHttpRequest.TypeName, ("Url", "String", "https://api.example.nl/"), ("ExpectedStatusCodes", "Object", "[200]"))
            .Add("w", "Elsa.WriteLine", ("Text", "String", "x")).Connect("start", "http").Connect("http", "w", "404").Build();

        var saved = await host.Definitions.SaveAsync(d, publish: true, TenantScope.ForDepartment("BZK"));

        Assert.False(saved.Saved);
        Assert.Contains(saved.ValidationErrors, e => e.Message.Contains("404"));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("145.21.0.1", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Non_public_addresses_are_recognised(string address, bool nonPublic) =>
        Assert.Equal(nonPublic, AddressRules.IsNonPublic(IPAddress.Parse(address)));

    [Fact]
    public void A_listed_private_network_may_be_reached_and_nothing_else()
    {
        var rules = new AddressRules(["10.20.0.0/16", "::1"]);
        Assert.True(rules.MayConnect(IPAddress.Parse("10.20.5.6")));
        Assert.True(rules.MayConnect(IPAddress.Parse("::1")));
        Assert.True(rules.MayConnect(IPAddress.Parse("8.8.8.8")));
        Assert.False(rules.MayConnect(IPAddress.Parse("10.21.0.1")));
        Assert.False(rules.MayConnect(IPAddress.Parse("127.0.0.1")));
        Assert.False(rules.MayConnect(IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public void Wildcard_entries_allow_subdomains_only()
    {
        using var client = new OutboundHttpClient(new HttpActivityOptions { AllowedHosts = ["*.overheid.nl", "api.example.nl"] });
        Assert.True(client.IsHostAllowed("zoek.overheid.nl"));
        Assert.True(client.IsHostAllowed("API.example.nl"));
        Assert.False(client.IsHostAllowed("overheid.nl.evil.example"));
        Assert.False(client.IsHostAllowed("nepoverheid.nl"));
        Assert.False(client.IsHostAllowed("example.nl"));
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
