using System.Net;
using System.Net.Http.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Registry;

public class RegistryCrudTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Officeholder_update_with_an_old_version_is_a_409_and_keeps_the_first_change(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "OCW");
        var list = await client.GetFromJsonAsync<OfficeholderPage>("/api/officeholders?q=cultuur en media 3", Json.Options);
        var target = Assert.Single(list!.Items);

        using var first = await client.PutAsJsonAsync($"/api/officeholders/{target.Id}",
            new { departmentCode = "OCW", displayName = "Staatssecretaris Cultuur en Media 3 (tot juli 2024)", kind = "StateSecretary", version = target.Version });
        using var second = await client.PutAsJsonAsync($"/api/officeholders/{target.Id}",
            new { departmentCode = "OCW", displayName = "Staatssecretaris Cultuur en Media", kind = "StateSecretary", version = target.Version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await Problems.AssertProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Contains("versie", problem.GetProperty("detail").GetString());
        var stored = await client.GetFromJsonAsync<OfficeholderEndpoints.OfficeholderResponse>($"/api/officeholders/{target.Id}", Json.Options);
        Assert.Equal("Staatssecretaris Cultuur en Media 3 (tot juli 2024)", stored!.DisplayName);
        Assert.Equal(target.Version + 1, stored.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Appointment_update_changes_the_period_and_refuses_an_inverted_one(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientAsync(Roles.ProcessOwner, "LNV");
        var page = await client.GetFromJsonAsync<AppointmentPage>("/api/appointments?activeOn=2022-09-20", Json.Options);
        // Seed 001 §2: on 20 September 2022 LNV had "Minister van LNV 2" and the Minister voor Natuur en Stikstof.
        Assert.Equal(2, page!.Total);
        var lnv2 = Assert.Single(page.Items, a => a.FunctionTitle.EndsWith(" 2", StringComparison.Ordinal));

        using var inverted = await client.PutAsJsonAsync($"/api/appointments/{lnv2.Id}",
            new { departmentCode = "LNV", functionTitle = lnv2.FunctionTitle, startsOn = "2022-09-06", endsOn = "2022-09-05", version = lnv2.Version });
        using var corrected = await client.PutAsJsonAsync($"/api/appointments/{lnv2.Id}",
            new { departmentCode = "LNV", functionTitle = lnv2.FunctionTitle, startsOn = "2022-09-06", endsOn = "2022-10-04", version = lnv2.Version });

        Assert.Equal(["endsOn"], (await Problems.AssertValidationAsync(inverted)).Keys);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var stored = await client.GetFromJsonAsync<AppointmentEndpoints.AppointmentResponse>($"/api/appointments/{lnv2.Id}", Json.Options);
        Assert.Equal(new DateOnly(2022, 10, 4), stored!.EndsOn);
        Assert.Equal(lnv2.Version + 1, stored.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Lists_are_paged_with_a_total(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var auditor = await server.CreateClientForUserAsync("auditor");

        var first = await auditor.GetFromJsonAsync<OfficeholderPage>("/api/officeholders?page=1&pageSize=10", Json.Options);
        var last = await auditor.GetFromJsonAsync<OfficeholderPage>("/api/officeholders?page=5&pageSize=10", Json.Options);

        Assert.Equal(10, first!.Items.Count);
        Assert.Equal(45, first.Total);
        Assert.Equal(5, last!.Items.Count);
        Assert.Empty(first.Items.Select(o => o.Id).Intersect(last.Items.Select(o => o.Id)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Department_code_that_exists_is_a_409_and_only_a_government_wide_administrator_creates_departments(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var admin = await server.CreateClientForUserAsync("beheerder");
        using var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");

        using var duplicate = await admin.PostAsJsonAsync("/api/departments", new { code = "bzk", name = "Binnenlandse Zaken (dubbel)" });
        using var refused = await owner.PostAsJsonAsync("/api/departments", new { code = "KLM", name = "Ministerie van Klimaat en Groene Groei" });
        using var created = await admin.PostAsJsonAsync("/api/departments", new { code = "KGG", name = "Ministerie van Klimaat en Groene Groei" });

        await Problems.AssertProblemAsync(duplicate, HttpStatusCode.Conflict);
        await Problems.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var department = (await created.Content.ReadFromJsonAsync<DepartmentEndpoints.DepartmentResponse>(Json.Options))!;
        Assert.NotNull(department.Policy); // a new department starts with the default policy
        await using var db = server.CreateDbContext();
        Assert.Equal(1, await db.Set<Department>().CountAsync(d => d.Code.ToLower() == "bzk"));
        Assert.False(await db.Set<Department>().AnyAsync(d => d.Code == "KLM"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Onboarding_inventory_of_devices_accounts_and_trustees_is_stored_and_updated(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var client = await server.CreateClientForUserAsync("informatieprofessional.def");
        await using var db = server.CreateDbContext();
        var minister = await db.Set<Officeholder>().Where(o => o.DisplayName == "Staatssecretaris van Defensie").Select(o => o.Id).SingleAsync();
        var trusteeUser = await db.Set<User>().Where(u => u.UserName == "vertrouwenspersoon.def").Select(u => u.Id).SingleAsync();

        using var device = await client.PostAsJsonAsync($"/api/officeholders/{minister}/devices",
            new { platform = "Ios", phoneNumber = "+31 6 5555 0101", chatApps = new[] { "WhatsApp", "signal" }, issuedOn = "2022-01-10" });
        using var badDevice = await client.PostAsJsonAsync($"/api/officeholders/{minister}/devices",
            new { platform = "Nokia", phoneNumber = "06-55550101", issuedOn = "2022-01-10", returnedOn = "2021-12-31" });
        using var account = await client.PostAsJsonAsync($"/api/officeholders/{minister}/accounts",
            new { channel = "SocialMedia", service = "X", address = "@StasDefensie", usage = "Corporate" });
        using var trustee = await client.PostAsJsonAsync($"/api/officeholders/{minister}/trustees",
            new { userId = trusteeUser, displayName = "Vertrouwenspersoon Staatssecretaris van Defensie", startsOn = "2022-01-10" });

        Assert.Equal(HttpStatusCode.Created, device.StatusCode);
        var stored = (await device.Content.ReadFromJsonAsync<BusinessDeviceEndpoints.DeviceResponse>(Json.Options))!;
        Assert.Equal(["whatsapp", "signal"], stored.ChatApps);
        var errors = await Problems.AssertValidationAsync(badDevice);
        Assert.Equal(["phoneNumber", "platform", "returnedOn"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Created, account.StatusCode);
        Assert.Equal(HttpStatusCode.Created, trustee.StatusCode);

        using var returned = await client.PutAsJsonAsync($"/api/devices/{stored.Id}",
            new { platform = "Ios", phoneNumber = "+31655550101", chatApps = new[] { "whatsapp" }, issuedOn = "2022-01-10", returnedOn = "2024-07-02", version = stored.Version });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var devices = await client.GetFromJsonAsync<Page<BusinessDeviceEndpoints.DeviceResponse>>($"/api/officeholders/{minister}/devices", Json.Options);
        Assert.Equal(new DateOnly(2024, 7, 2), Assert.Single(devices!.Items).ReturnedOn);
        Assert.Equal(1, await db.Set<BusinessDevice>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Users_get_known_roles_only_and_only_government_wide_roles_work_across_departments(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider);
        using var admin = await server.CreateClientForUserAsync("beheerder");

        using var badRole = await admin.PostAsJsonAsync("/api/users", new { userName = "secretaris.bzk", displayName = "Secretaris BZK", roles = new[] { "secretaris" }, departmentCode = "BZK" });
        using var wideProfessional = await admin.PostAsJsonAsync("/api/users", new { userName = "ip.rijksbreed", displayName = "Informatieprofessional rijksbreed", roles = new[] { Roles.InformationProfessional } });
        using var created = await admin.PostAsJsonAsync("/api/users", new { userName = "Informatieprofessional2.BZK", displayName = "Informatieprofessional BZK (2)", roles = new[] { Roles.InformationProfessional }, departmentCode = "BZK" });
        using var duplicate = await admin.PostAsJsonAsync("/api/users", new { userName = "informatieprofessional2.bzk", displayName = "Dubbel", roles = new[] { Roles.InformationProfessional }, departmentCode = "BZK" });

        Assert.Equal(["roles"], (await Problems.AssertValidationAsync(badRole)).Keys);
        Assert.Equal(["departmentCode"], (await Problems.AssertValidationAsync(wideProfessional)).Keys);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Problems.AssertProblemAsync(duplicate, HttpStatusCode.Conflict);
        var token = await server.IssueTokenAsync("informatieprofessional2.bzk");
        Assert.Equal("BZK", token.User.Department);
    }
}
