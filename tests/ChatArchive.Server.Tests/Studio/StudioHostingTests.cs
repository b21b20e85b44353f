using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ChatArchive.Persistence;
using System.Text.Json;
using ChatArchive.Server.Studio;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
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
        // The page's start-up script is a file (no inline script under the page's CSP); it mounts one of the four elements.
        Assert.DoesNotMatch("<script>", html);
        var scriptUrl = HostScriptAttribute().Match(html).Groups[1].Value;
        Assert.StartsWith("/studio/ca-studio.js?v=", scriptUrl);
        var script = await client.GetAsync(scriptUrl);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal(StudioPackageFiles.ImmutableCaching, script.Headers.CacheControl!.ToString());
        var js = await script.Content.ReadAsStringAsync();
        Assert.Contains("'elsa-workflow-definition-list'", js);
        Assert.Contains("'elsa-workflow-instance-list'", js);
        Assert.Contains("'elsa-workflow-definition-editor'", js);
        Assert.Contains("'elsa-workflow-instance-viewer'", js);
        Assert.DoesNotContain("'unsafe-inline'", ScriptSources(response));
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

    [Fact]
    public async Task Fingerprinted_framework_files_are_cached_for_a_year_and_unfingerprinted_ones_are_revalidated()
    {
        var client = _server.CreateAnonymousClient();
        var wasm = Directory.GetFiles(Path.Combine(PackagePath, "_framework"), "dotnet.native.*.wasm").Select(Path.GetFileName).Single()!;
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/" + wasm))
        {
            request.Headers.AcceptEncoding.ParseAdd("br");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
            Assert.Equal(StudioPackageFiles.ImmutableCaching, response.Headers.CacheControl!.ToString());
        }

        // dotnet.js and appsettings.json keep their names across versions: revalidated with the ETag (304 when unchanged).
        foreach (var path in new[] { "/studio/_framework/dotnet.js", "/studio/appsettings.json", "/studio/_content/MudBlazor/MudBlazor.min.js" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
            var etag = response.Headers.ETag!;
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(etag);
            var revalidated = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        }

        // The host page asks for _content files with ?v= the package version: those may be kept too.
        var version = _server.Services.GetRequiredService<StudioPackageFiles>().Version;
        Assert.Equal(JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(PackagePath, "package.json"))).RootElement.GetProperty("version").GetString(), version);
        var versioned = await client.GetAsync("/studio/_content/MudBlazor/MudBlazor.min.js?v=" + version);
        Assert.Equal(StudioPackageFiles.ImmutableCaching, versioned.Headers.CacheControl!.ToString());
        var otherVersion = await client.GetAsync("/studio/_content/MudBlazor/MudBlazor.min.js?v=0.0.1");
        Assert.Equal("no-cache", otherVersion.Headers.CacheControl!.ToString());
        var owner = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
        var html = await owner.GetStringAsync("/studio");
        Assert.Contains($"_content/MudBlazor/MudBlazor.min.js?v={version}\"", html);
        Assert.Contains($"_framework/blazor.webassembly.js?v={version}\" autostart=\"false\"", html);
    }

    [Fact]
    public async Task Every_framework_file_but_dotnet_js_and_the_blazor_script_carries_a_fingerprint()
    {
        var names = Directory.GetFiles(Path.Combine(PackagePath, "_framework"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(PackagePath, f).Replace('\\', '/'))
            .Where(f => !f.EndsWith(".br", StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal))
            .ToList();
        Assert.True(names.Count > 100, $"only {names.Count} framework files");
        var plain = names.Where(n => !StudioPackageFiles.IsFingerprinted(n)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["_framework/blazor.webassembly.js", "_framework/dotnet.js"], plain);
        Assert.True(StudioPackageFiles.IsFingerprinted(names.First(n => n.StartsWith("_framework/nl/", StringComparison.Ordinal)) + ".br"));
    }

    [Fact]
    public async Task The_lists_load_no_code_editor_and_the_editor_and_viewer_do()
    {
        // The Monaco editor is 3.6 MB of script run on the page's main thread while .NET starts: only the views that show
        // a code editor load it (the warm open of the definition list, issue 13 item 3).
        var owner = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
        var saved = await owner.SaveAsync(StudioModels.PeriodicReadOut("Monaco BZK", "P6W"), publish: true);
        var id = ElsaAssert.Str(saved["definitionId"]);
        foreach (var list in new[] { "/studio", "/studio?weergave=instanties", "/studio/workflows/definitions" })
        {
            var html = await owner.GetStringAsync(list);
            Assert.DoesNotContain("monaco-editor", html);
            Assert.DoesNotContain("BlazorMonaco/jsInterop.js", html);
            Assert.Contains("_framework/blazor.webassembly.js", html);
        }
        foreach (var view in new[] { $"/studio?definitie={id}", $"/studio/workflows/definitions/{id}/edit", "/studio?instantie=abc" })
        {
            var html = await owner.GetStringAsync(view);
            Assert.Contains("<script src=\"_content/BlazorMonaco/jsInterop.js?v=", html);
            Assert.Contains("<script src=\"_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js?v=", html);
        }
    }

    [Fact]
    public async Task A_reload_of_studios_own_deep_link_shows_the_page_for_that_view()
    {
        var owner = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
        var saved = await owner.SaveAsync(StudioModels.PeriodicReadOut("Diepe link BZK", "P6W"), publish: true);
        var id = ElsaAssert.Str(saved["definitionId"]);

        var editor = await owner.GetAsync($"/studio/workflows/definitions/{id}/edit");
        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
        var html = await editor.Content.ReadAsStringAsync();
        Assert.Contains($"data-view=\"editor\" data-id=\"{id}\"", html);
        Assert.Contains("<base href=\"/studio/\">", html);
        Assert.Contains("data-view=\"definitions\"", await owner.GetStringAsync("/studio/workflows/definitions"));
        Assert.Contains("data-view=\"instances\"", await owner.GetStringAsync("/studio/workflows/instances"));
        Assert.Contains("data-view=\"viewer\" data-id=\"abc\"", await owner.GetStringAsync("/studio/workflows/instances/abc/view"));

        // Another department's workflow and an address Studio does not use: a Dutch 404 page.
        var jenv = await _server.CreateClientForUserAsync("procesbeheerder.jenv");
        var foreign = await jenv.GetAsync($"/studio/workflows/definitions/{id}/edit");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Contains("bestaat niet", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await jenv.GetAsync($"/studio?definitie={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/studio/workflows/onbekend")).StatusCode);
        var anonymous = await _server.CreateAnonymousClient().GetAsync($"/studio/workflows/definitions/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/aanmelden?returnUrl=%2Fstudio%2Fworkflows%2Fdefinitions", anonymous.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_template_opened_read_only_offers_the_dutch_copy_action_which_copies_it_once_into_the_department()
    {
        var model = StudioModels.PeriodicReadOut("Sjabloon kopieerknop", "P1M").Deserialize<WorkflowDefinition>(WorkflowJson.Options)!;
        var template = await _server.Services.GetRequiredService<IWorkflowDefinitionService>().SaveAsync(model, publish: true, TenantScope.Templates);
        Assert.True(template.Saved);
        var templateId = template.Definition.DefinitionId;
        var owner = await _server.CreateClientForUserAsync("procesbeheerder.bzk");

        // The start page lists the template for the process owner, not yet copied.
        var browser = await Web.WebPageTests.BrowserAsync(_server, "procesbeheerder.bzk");
        var start = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/"));
        Assert.Matches($@"href=""/studio\?definitie={templateId}"">Sjabloon kopieerknop</a>\s*– nog niet gekopieerd", start);

        // Own workflows get no copy action; the template does.
        var own = await owner.SaveAsync(StudioModels.PeriodicReadOut("Eigen werkstroom BZK", "P6W"), publish: true);
        Assert.DoesNotContain("Kopieer naar mijn departement", await owner.GetStringAsync($"/studio?definitie={ElsaAssert.Str(own["definitionId"])}"));
        var page = await owner.GetAsync($"/studio?definitie={templateId}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Rijksbreed sjabloon: alleen lezen", html);
        Assert.Contains("Kopieer naar mijn departement", html);
        var action = FormAction().Match(html).Groups[1].Value;
        Assert.Equal($"/studio/sjablonen/{templateId}/kopieer", action);
        var token = FormToken().Match(html);
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        // Without the form's token: refused, nothing copied.
        var refused = await owner.PostAsync(action, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("verlopen", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/bzk-{templateId}?versionOptions=Latest")).StatusCode);

        async Task<HttpResponseMessage> CopyAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, action)
            {
                Content = new FormUrlEncodedContent([new(token.Groups[1].Value, token.Groups[2].Value)]),
            };
            request.Headers.Add("Cookie", cookie);
            return await owner.SendAsync(request);
        }
        var copied = await CopyAsync();
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        Assert.Equal($"/studio?definitie=bzk-{templateId}", copied.Headers.Location!.OriginalString);
        var copy = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/bzk-{templateId}?versionOptions=Latest");
        Assert.False(copy["isReadonly"]!.GetValue<bool>());
        Assert.Equal("Sjabloon kopieerknop", ElsaAssert.Str(copy["name"]));
        Assert.DoesNotContain("Kopieer naar mijn departement", await owner.GetStringAsync(copied.Headers.Location.OriginalString));

        start = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/"));
        Assert.Contains($"gekopieerd naar uw departement: <a class=\"utrecht-link\" href=\"/studio?definitie=bzk-{templateId}\">", start);

        // A second copy is refused in Dutch; an information professional may not copy at all.
        var again = await CopyAsync();
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("al gekopieerd", await again.Content.ReadAsStringAsync());
        var professional = await _server.CreateClientForUserAsync("informatieprofessional.bzk");
        Assert.Equal(HttpStatusCode.Forbidden, (await professional.PostAsync(action, new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task The_definition_list_is_in_the_page_itself_with_the_rows_the_studio_api_gives_the_same_user()
    {
        // Our own rendering of Studio's first page (issue 13 item 3): readable before Studio has started, and exactly the
        // rows, versions and order the Studio API gives the same process owner (their department plus the templates).
        var bzk = await _server.CreateClientForUserAsync("procesbeheerder.bzk");
        var jenv = await _server.CreateClientForUserAsync("procesbeheerder.jenv");
        await bzk.SaveAsync(StudioModels.PeriodicReadOut("Eerste weergave <BZK> & co", "P6W"), publish: true);
        var draft = await bzk.SaveAsync(StudioModels.PeriodicReadOut("Eerste weergave BZK concept", "P6W"), publish: true);
        // A changed published workflow gets a draft version 2; version 1 stays published.
        draft["root"]!["activities"]!.AsArray().Single(a => ElsaAssert.Str(a!["id"]) == "wacht1")!["timeSpan"]!["expression"]!["value"] = "P4W";
        Assert.Equal(2, (await bzk.SaveAsync(draft, publish: false))["version"]!.GetValue<int>());
        await jenv.SaveAsync(StudioModels.PeriodicReadOut("Eerste weergave JenV", "P1M"), publish: true);

        foreach (var (client, own, foreign) in new[] { (bzk, "Eerste weergave &lt;BZK&gt; &amp; co", "Eerste weergave JenV"), (jenv, "Eerste weergave JenV", "Eerste weergave BZK") })
        {
            var html = await client.GetStringAsync("/studio");
            Assert.Contains("id=\"ca-eerste-weergave\"", html);
            Assert.Contains(own, html);
            Assert.DoesNotContain(foreign, html);
            var rows = FirstViewRow().Matches(html).Select(m => (Id: WebUtility.HtmlDecode(m.Groups[1].Value), Name: WebUtility.HtmlDecode(m.Groups[2].Value),
                Latest: m.Groups[3].Value, Published: m.Groups[4].Value)).ToList();
            var latest = (await client.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=10&OrderDirection=Ascending"))["items"]!.AsArray();
            var published = (await client.GetObjectAsync("/elsa/api/workflow-definitions?versionOptions=Published&PageSize=1000"))["items"]!.AsArray()
                .ToDictionary(d => ElsaAssert.Str(d!["definitionId"]), d => d!["version"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.NotEmpty(rows);
            Assert.Equal(latest.Select(d => ElsaAssert.Str(d!["definitionId"])), rows.Select(r => r.Id));
            Assert.Equal(latest.Select(d => ElsaAssert.Str(d!["name"])), rows.Select(r => r.Name));
            Assert.Equal(latest.Select(d => d!["version"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r.Latest));
            Assert.Equal(latest.Select(d => published.GetValueOrDefault(ElsaAssert.Str(d!["definitionId"]), "–")), rows.Select(r => r.Published));
        }
        // The draft's latest version (2) is not its published one (1), as in Studio's own columns.
        var draftId = ElsaAssert.Str(draft["definitionId"]);
        Assert.Contains($"<td>{draftId}</td><td><a href=\"/studio?definitie={draftId}\">Eerste weergave BZK concept</a></td><td>2</td><td>1</td>", await bzk.GetStringAsync("/studio"));

        // Only the definition list view carries it; a user who may not design gets no list at all.
        Assert.DoesNotContain("ca-eerste-weergave", await bzk.GetStringAsync("/studio?weergave=instanties"));
        Assert.DoesNotContain("ca-eerste-weergave", await bzk.GetStringAsync($"/studio?definitie={draftId}"));
        var professional = await (await _server.CreateClientForUserAsync("informatieprofessional.bzk")).GetAsync("/studio");
        Assert.Equal(HttpStatusCode.Forbidden, professional.StatusCode);
        Assert.DoesNotContain("Eerste weergave", await professional.Content.ReadAsStringAsync());
        var auditor = await (await _server.CreateClientForUserAsync("auditor")).GetAsync("/studio");
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        Assert.DoesNotContain("Eerste weergave", await auditor.Content.ReadAsStringAsync());
    }

    private static string ScriptSources(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single().Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));

    [GeneratedRegex("<tr><td>([^<]*)</td><td><a href=\"/studio\\?definitie=[^\"]+\">([^<]*)</a></td><td>(\\d+)</td><td>([^<]*)</td>")]
    private static partial Regex FirstViewRow();

    [GeneratedRegex("<script src=\"(/studio/ca-studio\\.js[^\"]*)\"")]
    private static partial Regex HostScriptAttribute();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("remote-endpoint=\"([^\"]+)\"")]
    private static partial Regex EndpointAttribute();

    [GeneratedRegex("access-token=\"([^\"]+)\"")]
    private static partial Regex TokenAttribute();
}
