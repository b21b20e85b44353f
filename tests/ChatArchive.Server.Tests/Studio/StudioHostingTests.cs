using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ChatArchive.Persistence;
using ChatArchive.Server.Studio;
using ChatArchive.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Studio;

/// <summary>/studio host page and the Studio package's files (ELSA-STUDIO-CONTRACT.md "Static hosting", "Auth").</summary>
public sealed partial class StudioHostingTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, purpose: "studiohost");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string PackagePath
    {
        get
        {
            var options = _server.Services.GetRequiredService<StudioOptions>();
            Assert.True(options.IsInstalled, "the Studio package must be installed (scripts/lib/ensure-studio.sh)");
            return options.PackagePath!;
        }
    }

    [Fact]
    public async Task Studio_page_redirects_a_visitor_who_is_not_signed_in_to_aanmelden()
    {
        var response = await _server.CreateAnonymousClient().GetAsync("/studio");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/aanmelden?returnUrl=%2Fstudio", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Studio_page_embeds_the_four_elements_for_the_process_owners_department()
    {
        var client = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
        var response = await client.GetAsync("/studio");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"nl\">", html);
        Assert.Contains("<elsa-backend-provider", html);
        Assert.Contains("'elsa-workflow-definition-list'", html);
        Assert.Contains("'elsa-workflow-instance-list'", html);
        Assert.Contains("'elsa-workflow-definition-editor'", html);
        Assert.Contains("'elsa-workflow-instance-viewer'", html);
        Assert.Contains("tenant-id=\"BZK\"", html);
        var endpoint = EndpointAttribute().Match(html).Groups[1].Value;
        Assert.Equal(new Uri(client.BaseAddress!, "/elsa/api").ToString(), endpoint);
        var token = TokenAttribute().Match(html).Groups[1].Value;
        // The token the page hands to Studio really opens the Studio API.
        var api = _server.CreateAnonymousClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/elsa/api/descriptors/variables")).StatusCode);
    }

    [Fact]
    public async Task Studio_page_links_no_external_fonts_or_scripts()
    {
        var client = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
        var html = await client.GetStringAsync("/studio");
        Assert.DoesNotContain("fonts.googleapis", html);
        Assert.DoesNotContain("fonts.gstatic", html);
        Assert.DoesNotMatch("(src|href)=\"https?://", html);
    }

    [Fact]
    public async Task Studio_page_tells_an_information_professional_in_dutch_that_only_process_owners_design()
    {
        var client = await _server.CreateClientForUserAsync("informatieprofessional.bzk");
        var response = await client.GetAsync("/studio");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("procesbeheerder", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wasm_is_served_as_application_wasm_and_brotli_when_accepted()
    {
        var name = Directory.GetFiles(Path.Combine(PackagePath, "_framework"), "dotnet.native.*.wasm").Select(Path.GetFileName).Single()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/" + name);
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var response = await _server.CreateAnonymousClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(PackagePath, "_framework", name + ".br")), body);
    }

    [Fact]
    public async Task Icu_data_is_served_as_octet_stream_gzip_when_only_gzip_is_accepted()
    {
        var name = Directory.GetFiles(Path.Combine(PackagePath, "_framework"), "icudt*.dat").Select(Path.GetFileName).First()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/" + name);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var response = await _server.CreateAnonymousClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(PackagePath, "_framework", name + ".gz")), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Package_file_is_served_unmodified_when_no_compression_is_accepted()
    {
        var response = await _server.CreateAnonymousClient().GetAsync("/studio/_framework/dotnet.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(PackagePath, "_framework", "dotnet.js")), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Packages_own_index_page_with_google_fonts_is_not_served()
    {
        var response = await _server.CreateAnonymousClient().GetAsync("/studio/index.html");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [GeneratedRegex("remote-endpoint=\"([^\"]+)\"")]
    private static partial Regex EndpointAttribute();

    [GeneratedRegex("access-token=\"([^\"]+)\"")]
    private static partial Regex TokenAttribute();
}
