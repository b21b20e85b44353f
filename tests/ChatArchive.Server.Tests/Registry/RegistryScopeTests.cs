using System.Net;
using System.Net.Http.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Registry;

public class RegistryScopeTests
{
    private static async Task<long> OfficeholderIdAsync(ServerFixture server, string displayName)
    {
        await using var db = server.CreateDbContext();
        return await db.Set<Officeholder>().Where(o => o.DisplayName == displayName).Select(o => o.Id).SingleAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Department_user_sees_only_own_department_and_another_departments_officeholder_is_not_found(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var bzk = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        var defensie = await OfficeholderIdAsync(server, "Minister van Defensie");

        var page = await bzk.GetFromJsonAsync<OfficeholderPage>("/api/officeholders?pageSize=200", Json.Options);
        var departments = await bzk.GetFromJsonAsync<DepartmentPage>("/api/departments", Json.Options);
        var appointments = await bzk.GetFromJsonAsync<AppointmentPage>("/api/appointments?pageSize=200", Json.Options);
        using var other = await bzk.GetAsync($"/api/officeholders/{defensie}");
        using var filtered = await bzk.GetAsync("/api/officeholders?department=DEF");

        Assert.Equal(4, page!.Total); // seed 001 §2: BZK has two ministers, the housing minister and one state secretary
        Assert.All(page.Items, o => Assert.Equal("BZK", o.DepartmentCode));
        Assert.Equal("BZK", Assert.Single(departments!.Items).Code);
        Assert.All(appointments!.Items, a => Assert.Contains(a.OfficeholderId, page.Items.Select(o => o.Id)));
        await Problems.AssertProblemAsync(other, HttpStatusCode.NotFound);
        Assert.Equal(0, (await filtered.Content.ReadFromJsonAsync<OfficeholderPage>(Json.Options))!.Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_page_number_far_beyond_the_end_gives_an_empty_page_not_an_error(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var auditor = await server.CreateClientForUserAsync("auditor");

        using var response = await auditor.GetAsync("/api/officeholders?page=2147483647&pageSize=200");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<OfficeholderPage>(Json.Options);
        Assert.Empty(page!.Items);
        Assert.True(page.Total > 0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Auditor_sees_every_department_but_changes_nothing(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var auditor = await server.CreateClientForUserAsync("auditor");

        var page = await auditor.GetFromJsonAsync<OfficeholderPage>("/api/officeholders?department=VWS", Json.Options);
        using var create = await auditor.PostAsJsonAsync("/api/officeholders", new { departmentCode = "VWS", displayName = "Minister voor Medische Zorg 2", kind = "Minister" });

        Assert.Equal(5, page!.Total); // seed 001 §2: VWS has five rows
        await Problems.AssertProblemAsync(create, HttpStatusCode.Forbidden);
        await using var db = server.CreateDbContext();
        Assert.False(await db.Set<Officeholder>().AnyAsync(o => o.DisplayName == "Minister voor Medische Zorg 2"));
    }

    [Fact]
    public async Task Officeholder_user_sees_only_themselves()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var officeholder = await server.CreateClientForUserAsync("bewindspersoon.def.1");

        var page = await officeholder.GetFromJsonAsync<OfficeholderPage>("/api/officeholders", Json.Options);

        Assert.Equal("Minister van Defensie", Assert.Single(page!.Items).DisplayName);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Private_contacts_are_hidden_from_auditors_and_other_departments(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        var minister = await OfficeholderIdAsync(server, "Minister van Infrastructuur en Waterstaat");
        using var professional = await server.CreateClientForUserAsync("informatieprofessional.ienw");
        using var created = await professional.PostAsJsonAsync($"/api/officeholders/{minister}/contacts",
            new { displayName = "Partner (privé)", phoneNumber = "+31 6 1234 5678", marking = "Private" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var contact = (await created.Content.ReadFromJsonAsync<ContactEndpoints.ContactResponse>(Json.Options))!;
        Assert.Equal("+31612345678", contact.PhoneNumber);

        using var auditor = await server.CreateClientForUserAsync("auditor");
        using var otherDepartment = await server.CreateClientForUserAsync("informatieprofessional.bzk");
        using var auditorList = await auditor.GetAsync($"/api/officeholders/{minister}/contacts");
        using var auditorGet = await auditor.GetAsync($"/api/contacts/{contact.Id}");
        using var otherGet = await otherDepartment.GetAsync($"/api/contacts/{contact.Id}");
        using var ownList = await professional.GetAsync($"/api/officeholders/{minister}/contacts");

        await Problems.AssertProblemAsync(auditorList, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(auditorGet, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(otherGet, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, ownList.StatusCode);
    }

    [Fact]
    public async Task The_department_policy_is_a_read_only_view_of_the_published_definition()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var professional = await server.CreateClientForUserAsync("informatieprofessional.szw");
        using var owner = await server.CreateClientForUserAsync("procesbeheerder.szw");
        var current = (await owner.GetFromJsonAsync<DepartmentEndpoints.PolicyResponse>("/api/departments/SZW/policy", Json.Options))!;
        var change = new
        {
            frequency = "Monthly", deviceSeparation = true, cleaning = "Mark", keepRawDataset = false,
            excludePrivateContacts = true, fourEyesRequired = true, source = "besluit CIO-office SZW", version = current.Version,
        };

        using var refused = await professional.PutAsJsonAsync("/api/departments/SZW/policy", change);
        using var redirected = await owner.PutAsJsonAsync("/api/departments/SZW/policy", change);

        await Problems.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(redirected, HttpStatusCode.Conflict);
        Assert.Contains("Elsa Studio", await redirected.Content.ReadAsStringAsync());
        var after = (await owner.GetFromJsonAsync<DepartmentEndpoints.PolicyResponse>("/api/departments/SZW/policy", Json.Options))!;
        Assert.Equal(current, after);
        Assert.Contains("periodic-readout", after.Source);
        // The demo's SZW definition carries SZW's practice from the CIO Rijk-rapportage 2024 (monthly).
        Assert.Equal(Domain.Policies.ReadOutFrequency.Monthly, after.Frequency);
    }
}
