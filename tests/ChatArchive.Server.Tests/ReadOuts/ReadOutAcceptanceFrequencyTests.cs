using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Activities.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.ReadOuts;

/// <summary>
/// Issue 10 acceptance: "Changing a department's frequency in its definition (via the Studio API) changes the due date of
/// every officeholder's next cycle without a restart." PostgreSQL and SQLite, real server, HTTP only.
/// </summary>
public class ReadOutAcceptanceFrequencyTests
{
    /// <summary>
    /// Changing a department's frequency in its definition through the Studio API moves the due date of every officeholder's
    /// next cycle of that department at once, without a restart; another department's planning stays as it was.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Publishing_a_new_frequency_through_the_Studio_API_moves_every_officeholders_next_cycle(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "frequency", settings: new Dictionary<string, string?>
        {
            ["ChatArchive:Workflows:ProcessStarts"] = "false",
        });
        var starter = server.Services.GetRequiredService<ProcessStarter>();
        var ended = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var first = await WorkflowJourney.RegisterAsync(server, "BZK", "Minister voor Digitale Overheid", new DateOnly(2026, 1, 5));
        var second = await WorkflowJourney.RegisterAsync(server, "BZK", "Staatssecretaris Koninkrijksrelaties", new DateOnly(2026, 1, 5));
        var other = await WorkflowJourney.RegisterAsync(server, "JenV", "Minister voor Slachtofferzorg", new DateOnly(2026, 1, 5));
        // Each officeholder's last cycle ended at the same moment (the cycle's last step records this).
        foreach (var j in new[] { first, second, other })
        {
            Assert.True(await starter.PlanReadOutAsync(j.Department, j.Officeholder, $"cyclus-{j.Officeholder}", ended, immediately: false));
        }
        using var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        async Task<Dictionary<long, (DateTimeOffset Due, int Version)>> Plan(HttpClient who, string department) =>
            (await WorkflowJourney.OkAsync(await who.GetAsync($"/api/processes/{department}/planned-read-outs"))).EnumerateArray()
            .ToDictionary(p => p.GetProperty("officeholderId").GetInt64(), p => (p.GetProperty("dueAt").GetDateTimeOffset(), p.GetProperty("definitionVersion").GetInt32()));
        using var jenvOwner = await server.CreateClientForUserAsync("procesbeheerder.jenv");
        var before = await Plan(owner, "BZK");
        var jenvBefore = await Plan(jenvOwner, "JenV");
        Assert.Equal(ended.AddMonths(1), before[first.Officeholder].Due);
        Assert.Equal(ended.AddMonths(1), before[second.Officeholder].Due);
        Assert.Equal(ended.AddDays(42), jenvBefore[other.Officeholder].Due);

        // The process owner opens the published definition as Studio does, sets Frequentie to every two months and publishes.
        var definition = await owner.GetObjectAsync("/elsa/api/workflow-definitions/by-definition-id/bzk-periodic-readout?versionOptions=Published");
        var frequency = definition["variables"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "Frequentie")!;
        Assert.Equal("P1M", frequency["value"]!.GetValue<string>());
        frequency["value"] = "P2M";
        var saved = await owner.SaveAsync(definition, publish: true);
        Assert.True(saved["isPublished"]!.GetValue<bool>());

        var after = await Plan(owner, "BZK");
        Assert.Equal(ended.AddMonths(2), after[first.Officeholder].Due);
        Assert.Equal(ended.AddMonths(2), after[second.Officeholder].Due);
        Assert.All(after.Values, p => Assert.Equal(before[first.Officeholder].Version + 1, p.Version));
        Assert.Equal(jenvBefore[other.Officeholder], (await Plan(jenvOwner, "JenV"))[other.Officeholder]);
        var process = await WorkflowJourney.OkAsync(await owner.GetAsync("/api/processes/BZK"));
        Assert.Equal("P2M", process.GetProperty("frequency").GetString());
    }
}
