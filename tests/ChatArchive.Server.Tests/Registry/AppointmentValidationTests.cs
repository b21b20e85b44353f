using System.Net;
using System.Net.Http.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Registry;

public class AppointmentValidationTests
{
    private static async Task<long> OfficeholderIdAsync(ServerFixture server, string displayName)
    {
        await using var db = server.CreateDbContext();
        return await db.Set<Officeholder>().Where(o => o.DisplayName == displayName).Select(o => o.Id).SingleAsync();
    }

    private static async Task<int> AppointmentCountAsync(ServerFixture server)
    {
        await using var db = server.CreateDbContext();
        return await db.Set<Appointment>().CountAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Appointment_ending_before_it_starts_is_refused_naming_endsOn_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        var officeholder = await OfficeholderIdAsync(server, "Staatssecretaris Koninkrijksrelaties en Digitalisering");
        var before = await AppointmentCountAsync(server);

        using var response = await client.PostAsJsonAsync("/api/appointments", new
        {
            officeholderId = officeholder, departmentCode = "BZK", functionTitle = "Minister van Binnenlandse Zaken en Koninkrijksrelaties",
            startsOn = "2024-07-02", endsOn = "2024-06-30",
        });

        var errors = await Problems.AssertValidationAsync(response);
        Assert.Equal(["endsOn"], errors.Keys);
        Assert.Contains("vóór de begindatum", errors["endsOn"][0]);
        Assert.Equal(before, await AppointmentCountAsync(server));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Appointment_for_an_unknown_department_is_refused_naming_departmentCode_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        var officeholder = await OfficeholderIdAsync(server, "Staatssecretaris Koninkrijksrelaties en Digitalisering");
        var before = await AppointmentCountAsync(server);

        using var response = await client.PostAsJsonAsync("/api/appointments", new
        {
            officeholderId = officeholder, departmentCode = "MINXYZ", functionTitle = "Minister voor Digitale Zaken", startsOn = "2024-07-02",
        });

        var errors = await Problems.AssertValidationAsync(response);
        Assert.Equal(["departmentCode"], errors.Keys);
        Assert.Contains("MINXYZ", errors["departmentCode"][0]);
        Assert.Contains("BZK", errors["departmentCode"][0]); // names the codes that do exist
        Assert.Equal(before, await AppointmentCountAsync(server));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Officeholder_with_one_bad_appointment_is_not_stored_at_all(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "JenV");
        await using var db = server.CreateDbContext();
        var officeholdersBefore = await db.Set<Officeholder>().CountAsync();

        using var response = await client.PostAsJsonAsync("/api/officeholders", new
        {
            departmentCode = "JenV", displayName = "Staatssecretaris van Justitie en Veiligheid 3", kind = "StateSecretary",
            appointments = new object[]
            {
                new { functionTitle = "Staatssecretaris van Justitie en Veiligheid", startsOn = "2024-07-02" },
                new { functionTitle = "Minister van Justitie en Veiligheid", startsOn = "2025-03-01", endsOn = "2025-02-28" },
                new { functionTitle = "Minister voor Rechtsbescherming", startsOn = "2025-13-01" },
            },
        });

        var errors = await Problems.AssertValidationAsync(response);
        Assert.Equal(["appointments[1].endsOn", "appointments[2].startsOn"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("JJJJ-MM-DD", errors["appointments[2].startsOn"][0]);
        Assert.Equal(officeholdersBefore, await db.Set<Officeholder>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Function_held_for_four_days_is_accepted_and_successive_functions_are_kept_apart(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "FIN");

        using var created = await client.PostAsJsonAsync("/api/officeholders", new
        {
            departmentCode = "FIN", displayName = "Minister van Financiën 4", kind = "Minister",
            appointments = new object[]
            {
                new { functionTitle = "Minister van Financiën", startsOn = "2024-07-02", endsOn = "2024-07-05" },
                new { functionTitle = "Minister van Economische Zaken en Klimaat", departmentCode = "EZK", startsOn = "2024-07-06" },
            },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<OfficeholderEndpoints.OfficeholderResponse>(Json.Options))!;
        Assert.Equal($"/api/officeholders/{body.Id}", created.Headers.Location!.ToString());
        Assert.Equal(["FIN", "EZK"], body.Appointments.Select(a => a.DepartmentCode));
        var stored = await client.GetFromJsonAsync<OfficeholderEndpoints.OfficeholderResponse>($"/api/officeholders/{body.Id}", Json.Options);
        Assert.Equal(new DateOnly(2024, 7, 5), stored!.Appointments[0].EndsOn);
        Assert.Null(stored.Appointments[1].EndsOn);
    }

    [Fact]
    public async Task Body_that_is_not_JSON_is_a_400_problem_in_Dutch()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");

        using var response = await client.PostAsync("/api/appointments", new StringContent("{ dit is geen json", System.Text.Encoding.UTF8, "application/json"));

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Ongeldige aanvraag", problem.GetProperty("title").GetString());
    }
}
