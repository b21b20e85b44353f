using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChatArchive.Server.Tests.Registry;

/// <summary>
/// Issue 2 acceptance: killing the server (kill -9) during a burst of writes and restarting loses no
/// acknowledged write and leaves no half-written row. The real server runs as a separate process.
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper output)
{
    private const string Marker = "Crashproef";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Kill_9_during_a_burst_of_writes_loses_no_acknowledged_write_and_leaves_no_half_row(DatabaseProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider, "crash");
        await ServerProcess.SeedAdministratorAsync(database);
        var settings = ServerProcess.DevelopmentSettings();

        var acknowledged = new ConcurrentDictionary<long, string>();
        var failures = 0;
        await using (var server = await ServerProcess.StartAsync(database, settings))
        {
            using var client = await server.SignInAsync("beheerder");
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var name = $"{Marker} {w}-{n}";
                    try
                    {
                        using var response = await client.PostAsJsonAsync("/api/officeholders", new
                        {
                            departmentCode = "BZK", displayName = name, kind = "StateSecretary",
                            appointments = new object[]
                            {
                                new { functionTitle = "Staatssecretaris Koninkrijksrelaties", startsOn = "2024-07-02", endsOn = "2025-06-03" },
                                new { functionTitle = "Staatssecretaris Digitalisering", startsOn = "2025-06-04" },
                            },
                        });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var body = (await response.Content.ReadFromJsonAsync<OfficeholderEndpoints.OfficeholderResponse>(Json.Options))!;
                            acknowledged[body.Id] = name;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        Interlocked.Increment(ref failures);
                        await Task.Delay(50);
                    }
                }
            })).ToArray();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 40 && DateTime.UtcNow < deadline) await Task.Delay(20);
            server.KillHard();
            await Task.Delay(300);
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        output.WriteLine($"{provider}: {acknowledged.Count} acknowledged writes before kill -9, {failures} requests failed after it");
        Assert.True(acknowledged.Count >= 40, "the burst did not get going before the kill");
        Assert.True(failures > 0, "the server was not killed while the burst ran");

        await using (var restarted = await ServerProcess.StartAsync(database, settings))
        {
            using var client = await restarted.SignInAsync("beheerder");
            foreach (var (id, name) in acknowledged)
            {
                var stored = await client.GetFromJsonAsync<OfficeholderEndpoints.OfficeholderResponse>($"/api/officeholders/{id}", Json.Options);
                Assert.Equal(name, stored!.DisplayName);
                Assert.Equal(2, stored.Appointments.Count);
            }
        }
        await using var check = DatabaseSetup.CreateContext(database);
        var counts = await check.Set<Officeholder>().Where(o => o.DisplayName.StartsWith(Marker))
            .Select(o => new { o.Id, Appointments = o.Appointments.Count }).ToListAsync();
        Assert.True(counts.Count >= acknowledged.Count);
        Assert.All(counts, c => Assert.Equal(2, c.Appointments));
        Assert.Equal(0, await check.Set<Appointment>().CountAsync(a => !check.Set<Officeholder>().Any(o => o.Id == a.OfficeholderId)));
    }
}
