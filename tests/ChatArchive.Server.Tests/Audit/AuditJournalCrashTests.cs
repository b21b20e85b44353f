using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Xunit.Abstractions;

namespace ChatArchive.Server.Tests.Audit;

/// <summary>
/// A request's audit event is acknowledged once it is in the node's fsynced journal, before it is chained into the
/// table. Killing the real server (kill -9) while events wait in the journal and starting it again loses none of the
/// acknowledged events, chains none twice, and leaves one valid chain.
/// </summary>
public class AuditJournalCrashTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Kill_9_with_events_still_in_the_journal_loses_no_acknowledged_audit_event(DatabaseProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider, "auditcrash");
        await ServerProcess.SeedAdministratorAsync(database);
        // The background writer waits ten minutes before chaining: at the kill every event is only in the journal.
        var settings = ServerProcess.DevelopmentSettings(("ChatArchive__Audit__ChainInterval", "00:10:00"));
        var journalFolder = Path.Combine(database.DataFolder, "audit-journal");

        var acknowledged = new ConcurrentBag<string>();
        var failures = 0;
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var client = await server.SignInAsync("beheerder");
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync("/api/officeholders", new
                        {
                            departmentCode = "BZK", displayName = $"Journaalproef {w}-{n}", kind = "StateSecretary",
                            appointments = new object[] { new { functionTitle = "Staatssecretaris Digitalisering", startsOn = "2025-06-04" } },
                        });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add(response.Headers.Location!.ToString().TrimEnd('/').Split('/')[^1]);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        Interlocked.Increment(ref failures);
                        await Task.Delay(50);
                    }
                }
            })).ToArray();

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (acknowledged.Count < 30 && DateTime.UtcNow < deadline) await Task.Delay(20);
            server.KillHard();
            await Task.Delay(300);
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        var ids = acknowledged.ToHashSet();
        var chainedBeforeRestart = (await CreatedAsync(database)).Count;
        var leftBehind = Directory.GetFiles(journalFolder);
        output.WriteLine($"{provider}: {ids.Count} acknowledged, {failures} failed after the kill, {chainedBeforeRestart} chained before the restart, {leftBehind.Length} journal file(s)");
        Assert.True(ids.Count >= 30, "the burst did not get going before the kill");
        Assert.True(failures > 0, "the server was not killed while the burst ran");
        Assert.True(chainedBeforeRestart < ids.Count, "every event was chained before the kill: the journal was not tested");
        Assert.NotEmpty(leftBehind);

        settings.Remove("ChatArchive__Audit__ChainInterval");
        await using (var restarted = await ServerProcess.StartAsync(database, settings))
        {
            var until = DateTime.UtcNow.AddSeconds(90);
            List<string> created;
            while (true)
            {
                created = await CreatedAsync(database);
                if (ids.IsSubsetOf(created) || DateTime.UtcNow > until) break;
                await Task.Delay(250);
            }
            Assert.Empty(ids.Except(created));
            Assert.Equal(created.Count, created.Distinct().Count()); // nothing chained twice
            Assert.All(leftBehind, f => Assert.False(File.Exists(f), $"{f} was not removed after its replay"));
        }

        var rows = new List<AuditEvent>();
        await foreach (var e in new AuditTrail(database, TimeProvider.System).ReadAllAsync()) rows.Add(e);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Empty(AuditChain.Verify(rows, [new AuditAnchor(rows[^1].Sequence, rows[^1].Hash, DateTimeOffset.UtcNow)]));
    }

    private static async Task<List<string>> CreatedAsync(DatabaseOptions database)
    {
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync();
        await using DbCommand cmd = ChatArchive.Persistence.DbCommands.Create(conn, null,
            "SELECT object_id FROM audit_events WHERE action = @a AND object_type = 'officeholders'", ("a", AuditActions.RegistryCreate));
        await using var r = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await r.ReadAsync()) ids.Add(r.GetString(0));
        return ids;
    }
}
