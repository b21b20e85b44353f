using System.Net;
using System.Net.Http.Json;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Auth;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// Deactivation reaches Studio itself (issue "Security", acceptance: "a deactivated user is refused within a minute on
/// API, web pages and Studio"): the running Studio app's own calls succeed, then after the user is deactivated the
/// token the Studio app holds is refused by the API and the next Studio page goes to the sign-in page.
/// </summary>
public sealed class AuthStudioBrowserTests
{
    private const string WorkflowName = "Uitlezen telefoon minister (Studio-afmelding)";

    /// <summary>What the Studio app itself would send: its endpoint and access token from the host page's attributes.</summary>
    private const string CallWithStudiosToken = """
        async () => {
            const el = document.querySelector('[access-token]');
            const r = await fetch(el.getAttribute('remote-endpoint') + '/workflow-definitions?versionOptions=Latest&page=0&pageSize=10',
                { headers: { Authorization: 'Bearer ' + el.getAttribute('access-token'), 'X-Tenant-Id': el.getAttribute('tenant-id') || '' } });
            return r.status;
        }
        """;

    [Fact]
    public async Task A_deactivated_process_owner_is_refused_by_the_running_Studio_apps_api_calls()
    {
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "authstudio");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        await owner.SaveAsync(StudioModels.PeriodicReadOut(WorkflowName, "P6W"), publish: true);
        using var admin = await LocalAccountTests.AdminAsync(server);
        var user = await LocalAccountTests.UserAsync(server, "procesbeheerder.bzk");

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        var studioCalls = new List<int>();
        page.Response += (_, r) =>
        {
            if (r.Url.Contains("/elsa/api/", StringComparison.Ordinal)) lock (studioCalls) studioCalls.Add(r.Status);
        };

        await page.GotoAsync("/studio");
        await StudioBrowser.ChooseDevelopmentUserAsync(page, "procesbeheerder.bzk");
        await page.WaitForURLAsync("**/studio", new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
        // The Studio app has loaded the department's definitions through the API with its token.
        await page.Locator("elsa-workflow-definition-list").GetByText(WorkflowName).First
            .WaitForAsync(new() { Timeout = (float)StudioBrowser.StartupTimeout.TotalMilliseconds });
        lock (studioCalls) Assert.Contains(200, studioCalls);
        Assert.Equal(200, await page.EvaluateAsync<int>(CallWithStudiosToken));

        using (var update = await admin.PutAsJsonAsync($"/api/users/{user.Id}", new
        {
            userName = user.UserName, displayName = user.DisplayName, roles = user.Roles, departmentCode = "BZK",
            officeholderId = user.OfficeholderId, email = user.Email, isActive = false, version = user.Version,
        }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        // The same page, the same token: refused (the fixture checks the session on every request; production within SessionCheckSeconds ≤ 60).
        Assert.Equal(401, await page.EvaluateAsync<int>(CallWithStudiosToken));
        await page.GotoAsync("/studio");
        Assert.Contains("/aanmelden", page.Url, StringComparison.Ordinal);
    }
}
