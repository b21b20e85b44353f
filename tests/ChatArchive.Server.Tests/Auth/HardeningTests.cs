using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Security;
using ChatArchive.Server.Tests.Support;

namespace ChatArchive.Server.Tests.Auth;

/// <summary>The Medium and Low findings of the security probe that concern every request.</summary>
public sealed class HardeningTests
{
    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_the_studio_page_cannot_be_framed()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, demoData: false);
        using var client = server.CreateAnonymousClient();

        foreach (var path in new[] { "/health", "/api/departments", "/studio", "/aanmelden" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain HTTP");
        }
    }

    [Fact]
    public async Task Cookie_authenticated_write_from_another_origin_is_refused_and_from_the_site_itself_accepted()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        var cookie = await server.SignInCookieAsync("procesbeheerder.bzk");
        var jar = new CookieContainer();
        jar.Add(server.BaseAddress, cookie);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/tasks/onbekend/claim");
        forged.Headers.Add("Origin", "http://evil.example");
        using var forgedAnswer = await browser.SendAsync(forged);
        using var noOrigin = await browser.PostAsync("/api/tasks/onbekend/claim", null);
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/tasks/onbekend/claim");
        own.Headers.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var ownAnswer = await browser.SendAsync(own);

        Assert.Equal(HttpStatusCode.Forbidden, forgedAnswer.StatusCode);
        Assert.Contains("andere site", await forgedAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ownAnswer.StatusCode); // reached the task service: no such task
    }

    [Fact]
    public async Task Api_writes_take_only_json()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");

        using var asText = await client.PostAsync("/api/officeholders", new StringContent("{\"displayName\":\"X\"}", Encoding.UTF8, "text/plain"));
        using var asForm = await client.PostAsync("/api/officeholders", new FormUrlEncodedContent(new Dictionary<string, string> { ["displayName"] = "X" }));
        using var asJson = await client.PostAsync("/api/officeholders", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asText.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asForm.StatusCode);
        Assert.Equal("application/problem+json", asText.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, asJson.StatusCode); // JSON reaches validation
    }

    [Fact]
    public async Task A_20_MB_body_and_a_5000_character_id_are_refused_before_any_work()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var client = await server.CreateClientAsync(Roles.ProcessOwner, "BZK");

        using var big = await client.PostAsync("/elsa/api/workflow-definitions", new ByteArrayContent(new byte[20 * 1024 * 1024])
        {
            Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") },
        });
        using var longId = await client.GetAsync("/elsa/api/workflow-definitions/by-definition-id/" + new string('a', 5000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longId.StatusCode);
        Assert.Contains("langer dan 200 tekens", await longId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_endpoint_is_rate_limited_per_address()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite,
            settings: new Dictionary<string, string?> { [HttpHardening.SignInPerMinuteKey] = "3" });
        using var client = server.CreateAnonymousClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/dev-token", new { userName = "onbekend.iemand" });
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], answers.Take(3));
        Assert.All(answers.Skip(3), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
    }

    [Fact]
    public async Task Auditor_is_refused_before_validation_so_the_answer_does_not_reveal_what_exists()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);

        using var invalid = await auditor.PostAsJsonAsync("/api/officeholders", new { });
        using var unknown = await auditor.PutAsJsonAsync("/api/officeholders/999999", new { });

        Assert.Equal(HttpStatusCode.Forbidden, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
    }

    [Theory]
    [InlineData("Minister\u202Eredlof")]
    [InlineData("Minister\u0000Jansen")]
    [InlineData("Minister \u001b[2JJansen")]
    [InlineData("Minister\u2066Jansen")]
    public async Task Names_with_control_or_bidi_override_characters_are_refused_and_nothing_is_stored(string name)
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        int before;
        await using (var db = server.CreateDbContext()) before = db.Set<Officeholder>().Count();

        using var response = await client.PostAsJsonAsync("/api/officeholders",
            new { displayName = name, kind = "Minister", departmentCode = "BZK" });
        using var ordinary = await client.PostAsJsonAsync("/api/officeholders",
            new { displayName = "Minister Jansen-Özdemir", kind = "Minister", departmentCode = "BZK" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("stuurteken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = server.CreateDbContext()) Assert.Equal(before + (ordinary.IsSuccessStatusCode ? 1 : 0), db.Set<Officeholder>().Count());
    }

    [Fact]
    public async Task Studio_page_takes_its_api_address_from_the_server_not_from_the_Host_header()
    {
        var package = Directory.CreateTempSubdirectory("studio-pkg-");
        Directory.CreateDirectory(Path.Combine(package.FullName, "_framework"));
        await File.WriteAllTextAsync(Path.Combine(package.FullName, "_framework", "blazor.webassembly.js"), "// test");
        try
        {
            await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true,
                settings: new Dictionary<string, string?> { ["ChatArchive:Studio:PackagePath"] = package.FullName });
            var cookie = await server.SignInCookieAsync("procesbeheerder.bzk");
            var jar = new CookieContainer();
            jar.Add(server.BaseAddress, cookie);
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/studio");
            request.Headers.Host = "aanvaller.example";

            var page = await (await browser.SendAsync(request)).Content.ReadAsStringAsync();

            Assert.DoesNotContain("aanvaller.example", page, StringComparison.Ordinal);
            Assert.Contains($"remote-endpoint=\"{server.BaseAddress.GetLeftPart(UriPartial.Authority)}/elsa/api\"", page, StringComparison.Ordinal);
        }
        finally
        {
            package.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unsafe_characters_are_found_and_ordinary_names_pass()
    {
        Assert.Null(TextSafety.FindUnsafe("Minister Jansen-Özdemir"));
        Assert.Null(TextSafety.FindUnsafe("وزير الداخلية")); // right-to-left script itself is fine
        Assert.Equal("U+202E", TextSafety.FindUnsafe("abc\u202Edef"));
        Assert.Equal("U+0000", TextSafety.FindUnsafe("a\0b"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Sqlite_files_and_the_data_folder_are_private_to_the_service_user()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite);
        using var client = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/officeholders")).StatusCode); // the database is in use (WAL open)
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(server.Database.ConnectionString).DataSource;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        foreach (var side in new[] { file + "-wal", file + "-shm" }.Where(File.Exists))
        {
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(side) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
        Assert.Equal(DataFolderPermissions.OwnerOnly, File.GetUnixFileMode(server.Database.DataFolder));
    }
}
