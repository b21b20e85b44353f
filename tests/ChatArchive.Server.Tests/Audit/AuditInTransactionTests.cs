using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChatArchive.Server.Tests.Audit;

/// <summary>
/// A write's audit event is a row of the write's own transaction (audit_staged), durable by the commit the request waits
/// for; one chainer after the commit gives it its place in the chain. Many writers at once keep one valid chain, a
/// refused write commits no event (its refusal is recorded the ordinary way), and a kill -9 between the commits and the
/// chaining loses no event.
/// </summary>
public class AuditInTransactionTests(ITestOutputHelper output)
{
    private const string Hold = "00:10:00";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Eight_writers_at_once_commit_their_events_with_their_writes_and_the_chain_stays_valid(DatabaseProvider provider)
    {
        // The node's chainer leaves staged events alone: what the table holds after the answers is what the writes committed.
        await using var server = await ServerFixture.StartAsync(provider, purpose: "audittx",
            settings: new Dictionary<string, string?> { [AuditJournal.StagedChainIntervalKey] = Hold });
        using var admin = await server.CreateClientAsync(Roles.Administrator, null);
        var targets = (await admin.GetFromJsonAsync<JsonElement>("/api/officeholders?pageSize=8", Json.Options)).GetProperty("items")
            .EnumerateArray().Take(8).Select(o => (Id: o.GetProperty("id").GetInt64(), Version: o.GetProperty("version").GetInt32(),
                Department: o.GetProperty("departmentCode").GetString()!, Kind: o.GetProperty("kind").GetString()!)).ToList();
        Assert.Equal(8, targets.Count);

        const int perWriter = 6;
        var done = await Task.WhenAll(targets.Select(t => Task.Run(async () =>
        {
            var version = t.Version;
            for (var n = 0; n < perWriter; n++)
            {
                using var put = await admin.PutAsJsonAsync($"/api/officeholders/{t.Id}",
                    new { departmentCode = t.Department, displayName = $"Proef {t.Id}-{n}", kind = t.Kind, version });
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                version = (await put.Content.ReadFromJsonAsync<JsonElement>(Json.Options)).GetProperty("version").GetInt32();
            }
            return version;
        })));

        // A stale version is refused: its transaction rolls back with the staged event, and the refusal is a failed event.
        using (var stale = await admin.PutAsJsonAsync($"/api/officeholders/{targets[0].Id}",
            new { departmentCode = targets[0].Department, displayName = "Verouderd", kind = targets[0].Kind, version = targets[0].Version }))
        {
            Assert.True((int)stale.StatusCode >= 400, $"a stale version was accepted: {stale.StatusCode}");
        }

        // Every acknowledged write's event is in the database now, committed with the write and not chained yet.
        var staged = await StagedAsync(server.Database);
        Assert.Equal(8 * perWriter, staged.Count);
        Assert.All(staged, s => Assert.Equal((AuditActions.RegistryUpdate, AuditOutcomes.Success), s));

        // A reader sees them chained (a read chains what was committed before it), each once, in one valid chain.
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);
        var updates = (await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?action={AuditActions.RegistryUpdate}&pageSize=1000", Json.Options))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Empty(await StagedAsync(server.Database));
        foreach (var t in targets)
        {
            var id = t.Id.ToString(CultureInfo.InvariantCulture);
            var mine = updates.Where(e => e.GetProperty("objectId").GetString() == id).ToList();
            Assert.Equal(perWriter + (t == targets[0] ? 1 : 0), mine.Count);
            Assert.Equal(perWriter, mine.Count(e => e.GetProperty("outcome").GetString() == AuditOutcomes.Success));
        }
        Assert.Equal(AuditOutcomes.Failed, Assert.Single(updates, e => e.GetProperty("outcome").GetString() != AuditOutcomes.Success).GetProperty("outcome").GetString());

        var rows = new List<AuditEvent>();
        await foreach (var r in server.Services.GetRequiredService<IAuditTrail>().ReadAllAsync()) rows.Add(r);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
        _ = done;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Kill_9_between_the_commits_and_the_chaining_loses_no_write_event(DatabaseProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider, "audittxcrash");
        await ServerProcess.SeedAdministratorAsync(database);
        // The chainer leaves staged events for ten minutes: at the kill the acknowledged writes' events are committed, not chained.
        var settings = ServerProcess.DevelopmentSettings(("ChatArchive__Audit__StagedChainInterval", Hold));

        const int writers = 4;
        var acknowledged = new int[writers];
        var ids = new long[writers];
        var failures = 0;
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var client = await server.SignInAsync("beheerder");
            var versions = new int[writers];
            for (var w = 0; w < writers; w++)
            {
                using var created = await client.PostAsJsonAsync("/api/officeholders", new
                {
                    departmentCode = "BZK", displayName = $"Transactieproef {w}", kind = "StateSecretary",
                    appointments = new object[] { new { functionTitle = "Staatssecretaris Digitalisering", startsOn = "2025-06-04" } },
                });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var body = await created.Content.ReadFromJsonAsync<JsonElement>(Json.Options);
                ids[w] = body.GetProperty("id").GetInt64();
                versions[w] = body.GetProperty("version").GetInt32();
            }
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        using var response = await client.PutAsJsonAsync($"/api/officeholders/{ids[w]}",
                            new { departmentCode = "BZK", displayName = $"Transactieproef {w}-{n}", kind = "StateSecretary", version = versions[w] });
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            versions[w] = (await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options)).GetProperty("version").GetInt32();
                            Interlocked.Increment(ref acknowledged[w]);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
                    {
                        Interlocked.Increment(ref failures);
                        await Task.Delay(50);
                    }
                }
            })).ToArray();

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (acknowledged.Sum() < 30 && DateTime.UtcNow < deadline) await Task.Delay(20);
            server.KillHard();
            await Task.Delay(300);
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        var stagedAtKill = (await StagedAsync(database)).Count;
        var chainedAtKill = (await UpdatesAsync(database)).Count;
        output.WriteLine($"{provider}: {acknowledged.Sum()} acknowledged, {failures} failed after the kill, {stagedAtKill} staged and {chainedAtKill} chained at the kill");
        Assert.True(acknowledged.Sum() >= 30, "the burst did not get going before the kill");
        Assert.True(failures > 0, "the server was not killed while the burst ran");
        Assert.True(stagedAtKill >= acknowledged.Sum(), "an acknowledged write's event was not committed with it");
        Assert.Equal(0, chainedAtKill);

        settings.Remove("ChatArchive__Audit__StagedChainInterval");
        await using (var restarted = await ServerProcess.StartAsync(database, settings))
        {
            var until = DateTime.UtcNow.AddSeconds(90);
            while ((await StagedAsync(database)).Count > 0 && DateTime.UtcNow < until) await Task.Delay(250);
            Assert.Empty(await StagedAsync(database));
        }
        var updates = await UpdatesAsync(database);
        Assert.Equal(stagedAtKill, updates.Count); // every staged event chained, none twice
        for (var w = 0; w < writers; w++)
        {
            var mine = updates.Count(id => id == ids[w].ToString(CultureInfo.InvariantCulture));
            // Each acknowledged write, and at most the one write in flight at the kill that committed without its answer.
            Assert.InRange(mine, acknowledged[w], acknowledged[w] + 1);
        }

        var rows = new List<AuditEvent>();
        await foreach (var e in new AuditTrail(database, TimeProvider.System).ReadAllAsync()) rows.Add(e);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
    }

    private static async Task<List<(string Action, string Outcome)>> StagedAsync(DatabaseOptions database)
    {
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync();
        await using DbCommand cmd = DbCommands.Create(conn, null, "SELECT action, outcome FROM audit_staged ORDER BY id");
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<(string, string)>();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    private static async Task<List<string>> UpdatesAsync(DatabaseOptions database)
    {
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync();
        await using DbCommand cmd = DbCommands.Create(conn, null,
            "SELECT object_id FROM audit_events WHERE action = @a AND object_type = 'officeholders'", ("a", AuditActions.RegistryUpdate));
        await using var r = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await r.ReadAsync()) ids.Add(r.GetString(0));
        return ids;
    }
}
