using System.Net;
using System.Text;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth.Permissions;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Xunit.Abstractions;

namespace ChatArchive.Server.Tests.Permissions;

/// <summary>
/// Walks EVERY endpoint of the running server (its EndpointDataSource, not a hand list) with every role, from
/// the department that owns the record and from another one, and checks each answer against
/// <see cref="PermissionMatrix"/>. A new endpoint without a row in the matrix makes this test fail.
/// </summary>
public sealed class PermissionMatrixTests(ITestOutputHelper output)
{
    private sealed record Route(string Method, string Pattern, Permission Row);

    [Fact]
    public async Task Every_endpoint_of_the_running_server_has_a_row_in_the_matrix_and_every_row_an_endpoint()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, demoData: false);

        var endpoints = Endpoints(server).ToList();
        var missing = endpoints.Where(e => PermissionMatrix.Find(e.Method, e.Pattern) is null).Select(e => $"{e.Method} {e.Pattern}").ToList();
        var keys = endpoints.Select(e => $"{e.Method} {PermissionMatrix.Normalize(e.Pattern)}").ToHashSet(StringComparer.Ordinal);
        var stale = PermissionMatrix.Rows.Keys.Where(k => !keys.Contains(k)).ToList();

        Assert.True(endpoints.Count > 60, $"only {endpoints.Count} endpoints found");
        Assert.True(missing.Count == 0, "endpoints without a row in PermissionMatrix.Rows:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "rows in PermissionMatrix.Rows for endpoints that do not exist:\n" + string.Join("\n", stale));
        // The check can fail: an invented endpoint has no row.
        Assert.Null(PermissionMatrix.Find("GET", "/api/uitlezingen/{id}"));
    }

    [Fact]
    public async Task An_endpoint_without_a_row_is_refused_for_everyone()
    {
        // A host with only the middleware and one endpoint the matrix does not know, and a government-wide administrator.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                ChatArchive.Server.Auth.TokenService.BuildClaims("1", "Beheerder", [Roles.Administrator], Roles.AllDepartments), "test"));
            return next(context);
        });
        app.UseRouting();
        app.UsePermissionMatrix();
        app.MapGet("/api/zonder-regel", () => "geheim");
        app.MapGet("/api/auth/me", () => "ik");
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var unknown = await client.GetAsync("/api/zonder-regel");
        using var known = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.DoesNotContain("geheim", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Every_endpoint_answers_every_role_from_either_department_as_the_matrix_says(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "matrix");
        var target = await TargetsAsync(server);
        var routes = Endpoints(server).Where(e => e.Row is { Anonymous: false })
            // Signing out ends the caller's session, so it goes last.
            .OrderBy(e => e.Pattern.EndsWith("/sign-out", StringComparison.Ordinal)).ThenBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();

        var failures = new List<string>();
        var calls = 0;
        foreach (var role in Roles.All)
        {
            // Government-wide users (department "*") exist for the roles that work across departments.
            string?[] departments = role is Roles.Administrator or Roles.Auditor or Roles.Archivist ? ["BZK", "FIN", null] : ["BZK", "FIN"];
            foreach (var department in departments)
            {
                long? officeholder = role is Roles.Officeholder or Roles.Trustee ? (department == "BZK" ? target.Officeholder : target.OtherOfficeholder) : null;
                using var client = await server.CreateClientAsync(role, department, officeholder);
                foreach (var route in routes)
                {
                    var (status, body) = await CallAsync(client, route, target);
                    calls++;
                    var verdict = Judge(route, role, department, status);
                    if (verdict is not null) failures.Add($"{role}@{department ?? "*"} {route.Method} {route.Pattern} → {(int)status}: {verdict} {Shorten(body)}");
                }
            }
        }

        output.WriteLine($"{calls} calls, {routes.Count} endpoints, {failures.Count} disagreements");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Null when the answer agrees with the matrix, else why not.</summary>
    private static string? Judge(Route route, string role, string? department, HttpStatusCode status)
    {
        if (status == HttpStatusCode.Unauthorized) return "a signed-in user got 401";
        if ((int)status >= 500) return "server error";
        var own = department is null or "BZK";
        var allowed = route.Row.Roles.TryGetValue(role, out var scope) && scope switch
        {
            Scope.GovernmentWideOnly => department is null,
            Scope.DepartmentOnly => department is not null,
            _ => true,
        };
        if (!allowed) return status == HttpStatusCode.Forbidden ? null : "the matrix does not give this role this action, expected 403";
        if (own) return status == HttpStatusCode.Forbidden ? "the matrix gives this role this action in its own department, got 403" : null;
        // From another department: a record of BZK named in the route must stay out of reach.
        var namesRecord = route.Pattern.Contains('{', StringComparison.Ordinal);
        if (namesRecord && (int)status is >= 200 and < 300) return "another department's record was served or changed";
        return null;
    }

    private static async Task<(HttpStatusCode, string)> CallAsync(HttpClient client, Route route, Targets target)
    {
        var path = Fill(route.Pattern, target);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method == "*" ? "GET" : route.Method), path);
        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            // Upload endpoints declare multipart (routing answers 415 to anything else before any check): send an empty form.
            request.Content = route.Pattern.EndsWith("/uploads", StringComparison.Ordinal)
                ? new MultipartFormDataContent()
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Route values of records that belong to BZK, so the same call is "own" for BZK users and "other" for FIN users.</summary>
    private static string Fill(string pattern, Targets t)
    {
        var p = pattern;
        string Id(string kind) => kind switch
        {
            _ when p.StartsWith("/api/appointments", StringComparison.Ordinal) => t.Appointment,
            _ when p.StartsWith("/api/devices", StringComparison.Ordinal) => t.Device,
            _ when p.StartsWith("/api/accounts", StringComparison.Ordinal) => t.Account,
            _ when p.StartsWith("/api/contacts", StringComparison.Ordinal) => t.Contact,
            _ when p.StartsWith("/api/trustees", StringComparison.Ordinal) => t.Trustee,
            _ when p.StartsWith("/api/users", StringComparison.Ordinal) => t.User,
            _ when p.StartsWith("/api/officeholders", StringComparison.Ordinal) => t.Officeholder.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Read-outs and checklists: a number no record has, so routing matches and the handler answers.
            _ when p.StartsWith("/api/read-outs", StringComparison.Ordinal) || p.StartsWith("/api/checklists", StringComparison.Ordinal)
                || p.StartsWith("/uitlezingen/", StringComparison.Ordinal) || p.StartsWith("/checklists/", StringComparison.Ordinal) => "999999999",
            _ => "onbekend-bzk-1",
        };
        p = p.Replace("{officeholderId:long}", t.Officeholder.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{id:long}", Id("id"), StringComparison.Ordinal)
            .Replace("{code}", "BZK", StringComparison.Ordinal)
            .Replace("{department}", "BZK", StringComparison.Ordinal)
            .Replace("{code:int}", "404", StringComparison.Ordinal)
            .Replace("{findingId:long}", "999999999", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(p, @"\{[^}]+\}", "onbekend-bzk-1");
    }

    private sealed record Targets(long Officeholder, long OtherOfficeholder, string Appointment, string Device, string Account, string Contact, string Trustee, string User);

    private static async Task<Targets> TargetsAsync(ServerFixture server)
    {
        await using var db = server.CreateDbContext();
        var bzk = (await server.DepartmentAsync("BZK")).Id;
        var fin = (await server.DepartmentAsync("FIN")).Id;
        var officeholder = await db.Set<Officeholder>().Where(o => o.DepartmentId == bzk).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var other = await db.Set<Officeholder>().Where(o => o.DepartmentId == fin).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        // One row of each kind of the onboarding inventory for the BZK officeholder (the demo registry has none).
        var device = new BusinessDevice { OfficeholderId = officeholder, Platform = DevicePlatform.Ios, PhoneNumber = "+31612345678", ChatApps = ["WhatsApp"], IssuedOn = new DateOnly(2024, 7, 2) };
        var account = new Account { OfficeholderId = officeholder, Channel = AccountChannel.Email, Service = "Outlook", Address = "minister@minbzk.example", Usage = AccountUsage.Corporate };
        var contact = new Contact { OfficeholderId = officeholder, DisplayName = "Partijgenoot", PhoneNumber = "+31687654321", Marking = ContactMarking.PartyPolitical };
        var trustee = new Trustee { OfficeholderId = officeholder, DisplayName = "Vertrouwenspersoon BZK", StartsOn = new DateOnly(2024, 7, 2) };
        db.AddRange(device, account, contact, trustee);
        await db.SaveChangesAsync();
        string First<T>(T row) where T : IOfficeholderRecord => row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var appointment = await db.Set<Appointment>().Where(a => a.DepartmentId == bzk).Select(a => a.Id).FirstAsync();
        var target = new User { UserName = "doelwit.bzk", DisplayName = "Doelwit BZK", Roles = [Roles.InformationProfessional], DepartmentId = bzk };
        db.Add(target);
        await db.SaveChangesAsync();
        return new Targets(officeholder, other, appointment.ToString(System.Globalization.CultureInfo.InvariantCulture),
            First(device), First(account), First(contact), First(trustee), target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IEnumerable<Route> Endpoints(ServerFixture server)
    {
        var source = server.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                var row = PermissionMatrix.Find(method, pattern);
                yield return new Route(method, PermissionMatrix.Normalize(pattern), row!);
            }
        }
    }

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
