using System.Net;
using System.Net.Http.Json;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Demo;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Registry;

public class DemoRegistryTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Demo_registry_holds_cabinet_Rutte_IV_with_at_least_40_appointments_in_at_least_11_departments(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var auditor = await server.CreateClientForUserAsync("auditor");

        var officeholders = await auditor.GetFromJsonAsync<OfficeholderPage>("/api/officeholders?pageSize=200", Json.Options);
        var departments = await auditor.GetFromJsonAsync<DepartmentPage>("/api/departments?pageSize=200", Json.Options);

        Assert.True(officeholders!.Items.Sum(o => o.Appointments.Count) >= 40);
        Assert.Equal(officeholders.Total, officeholders.Items.Count);
        Assert.True(departments!.Total >= 11);
        Assert.True(officeholders.Items.Select(o => o.DepartmentCode).Distinct().Count() >= 11);
        // Seed 001 §2: "Minister van Financiën 2" held the function for four days.
        var fin2 = Assert.Single(officeholders.Items, o => o.DisplayName == "Minister van Financiën 2");
        var appointment = Assert.Single(fin2.Appointments);
        Assert.Equal(new DateOnly(2024, 1, 8), appointment.StartsOn);
        Assert.Equal(new DateOnly(2024, 1, 12), appointment.EndsOn);
        Assert.Equal("FIN", appointment.DepartmentCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Every_ministry_has_its_policy_from_the_ADR_columns(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var auditor = await server.CreateClientForUserAsync("auditor");

        var departments = (await auditor.GetFromJsonAsync<DepartmentPage>("/api/departments?pageSize=200", Json.Options))!.Items;

        Assert.All(departments, d => Assert.NotNull(d.Policy));
        var fin = departments.Single(d => d.Code == "FIN").Policy!;
        Assert.Equal(ReadOutFrequency.TwoMonthly, fin.Frequency); // seed 001 §3.6.2 "1x per 2 maanden"
        Assert.Equal(CleaningMode.None, fin.Cleaning);
        var az = departments.Single(d => d.Code == "AZ").Policy!;
        Assert.False(az.ExcludePrivateContacts); // seed 001 §3.1.2 "Nee"
        var ocw = departments.Single(d => d.Code == "OCW").Policy!;
        Assert.False(ocw.KeepRawDataset); // seed 001 §3.9.2 "Nee"
        Assert.Equal(CleaningMode.Remove, ocw.Cleaning);
    }

    [Fact]
    public async Task Demo_users_are_functions_not_personal_names_and_cover_every_role()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        await using var db = server.CreateDbContext();

        var users = await db.Set<User>().ToListAsync();

        Assert.Equal(Roles.All.Order(), users.SelectMany(u => u.Roles).Distinct().Order());
        Assert.Contains(users, u => u.UserName == "procesbeheerder.bzk" && u.DisplayName == "Procesbeheerder BZK");
        Assert.Contains(users, u => u.UserName == "auditor" && u.DepartmentId is null);
        Assert.Contains(users, u => u.UserName == "beheerder" && u.DepartmentId is null);
        var officeholderUsers = users.Where(u => u.Roles.Contains(Roles.Officeholder)).ToList();
        Assert.Equal(DemoRegistry.Appointments.Count, officeholderUsers.Count);
        Assert.All(officeholderUsers, u => Assert.Contains(u.DisplayName, DemoRegistry.Appointments.Select(a => a.FunctionTitle)));
    }

    [Fact]
    public async Task Embedded_mode_seeds_demo_data_on_first_start_and_not_twice()
    {
        // demoData: false keeps the fixture from seeding; the server itself seeds because SQLite is embedded mode.
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, demoData: false,
            settings: new Dictionary<string, string?> { [DemoDataSettings.Key] = null });
        await using var db = server.CreateDbContext();
        var before = await db.Set<Officeholder>().CountAsync();

        var seededAgain = await server.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);

        Assert.Equal(DemoRegistry.Appointments.Count, before);
        Assert.False(seededAgain);
        Assert.Equal(before, await db.Set<Officeholder>().CountAsync());
    }

    [Fact]
    public async Task PostgreSql_production_mode_never_seeds_demo_data_even_when_asked()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.PostgreSql, demoData: false,
            settings: new Dictionary<string, string?> { [DemoDataSettings.Key] = "true" });
        await using var db = server.CreateDbContext();

        Assert.Equal(0, await db.Set<Department>().CountAsync());
        Assert.Equal(0, await db.Set<User>().CountAsync());
    }

    [Fact]
    public async Task Health_answers_and_ready_reports_start_up_complete()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, demoData: false);
        using var client = server.CreateAnonymousClient();

        using var health = await client.GetAsync("/health");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_registry_routes()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, demoData: false);
        using var client = server.CreateAnonymousClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/officeholders\"", document);
        Assert.Contains("\"/api/appointments/{id}\"", document);
        Assert.Contains("\"/api/departments/{code}/policy\"", document);
        Assert.Contains("\"/api/auth/dev-token\"", document);
    }
}
