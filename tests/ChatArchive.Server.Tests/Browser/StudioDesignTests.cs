using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// A process owner designs in the real Elsa Studio served at /studio (issue 6 acceptance): the definition list shows
/// the department's workflows, the editor's toolbox shows our activities, a changed read-out frequency is published
/// and the next started instance waits for the new frequency.
/// </summary>
public sealed class StudioDesignTests
{
    private const string WorkflowName = "Periodiek uitlezen BZK";

    [Fact]
    public async Task Process_owner_changes_the_read_out_frequency_in_studio_and_the_next_instance_uses_it()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "browser");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var saved = await owner.SaveAsync(StudioModels.PeriodicReadOut(WorkflowName, "P6W"), publish: true);
        var definitionId = ElsaAssert.Str(saved["definitionId"]);
        var jenv = await server.CreateClientForUserAsync("procesbeheerder.jenv");
        await jenv.SaveAsync(StudioModels.Intake("Aantreden JenV"));

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add($"{m.Type}: {m.Text}");
        page.PageError += (_, e) => console.Add("pageerror: " + e);
        try
        {
            // Not signed in: /studio sends the visitor to /aanmelden and back.
            await page.GotoAsync("/studio");
            Assert.Contains("/aanmelden", page.Url);
            await StudioBrowser.ChooseDevelopmentUserAsync(page, "procesbeheerder.bzk");
            await page.WaitForURLAsync("**/studio", new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });

            // The definition list shows the department's workflow and not another department's.
            var row = page.Locator("elsa-workflow-definition-list").GetByText(WorkflowName).First;
            await row.WaitForAsync(new() { Timeout = (float)StudioBrowser.StartupTimeout.TotalMilliseconds });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-01-definitielijst.png") });
            Assert.Equal(0, await page.GetByText("Aantreden JenV").CountAsync());

            // Open it (the host page loads the editor for that definition): the toolbox shows our activities.
            await row.ClickAsync();
            await page.WaitForURLAsync("**/studio?definitie=*", new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
            var editor = page.Locator("elsa-workflow-definition-editor");
            var waitNode = editor.GetByText("WachtenOpUitleesmoment").First;
            await waitNode.WaitForAsync(new() { Timeout = (float)StudioBrowser.StartupTimeout.TotalMilliseconds });
            var toolbox = editor.Locator("div[draggable='true']");
            await editor.GetByText("Taken", new() { Exact = true }).First.ClickAsync();
            await toolbox.Filter(new() { HasText = "Taak" }).First.WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-02-editor-taken.png") });
            await editor.GetByText("Scheduling", new() { Exact = true }).First.ClickAsync();
            // "Wachten" (Delay) under Scheduling; "Wachten op gebeurtenis" (Event) also matches but sits in a closed category.
            await toolbox.Filter(new() { HasText = "Wachten", Visible = true }).First.WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });

            // Select the wait on the canvas and change its duration (the read-out frequency) from six to four weeks.
            // MudBlazor's label is not tied to its input, so the field is found through its label text.
            await waitNode.ClickAsync();
            var duration = page.Locator("xpath=//elsa-workflow-definition-editor//label[normalize-space()='Duur']/ancestor::div[contains(@class,'mud-input-control')][1]//input").First;
            await duration.WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
            Assert.Equal("P6W", await duration.InputValueAsync());
            await duration.FillAsync("P4W");
            await duration.PressAsync("Tab");
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-03-duur-gewijzigd.png") });

            // Studio autosaves the change as a new draft (the latest version was published) ...
            var draft = await WaitForDurationAsync(owner, definitionId, "Latest", "P4W");
            Assert.False(draft["isPublished"]!.GetValue<bool>());

            // ... and Publish makes it the version new instances start on.
            // The toolbar's icon buttons carry no accessible name; Publish is the primary button of the publish group.
            await editor.Locator(".mud-button-group-root button.mud-primary-text").First.ClickAsync();
            var published = await WaitForDurationAsync(owner, definitionId, "Published", "P4W");
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-04-gepubliceerd.png") });
            Assert.True(published["version"]!.GetValue<int>() >= 2);

            // The next instance waits four weeks, not six.
            var before = DateTimeOffset.UtcNow;
            var instanceId = await owner.ExecuteAsync(definitionId);
            await InstanceWait.UntilAsync(owner, instanceId, "Suspended");
            var instance = await owner.GetObjectAsync($"/elsa/api/workflow-instances/{instanceId}");
            Assert.Equal(published["id"]!.GetValue<string>(), ElsaAssert.Str(instance["definitionVersionId"]));
            var bookmark = Assert.Single(ElsaAssert.Array(instance["workflowState"]!.AsObject(), "bookmarks"))!;
            var due = DateTimeOffset.Parse(ElsaAssert.Str(bookmark["payload"]!["dueAt"]), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(due, before.AddDays(27), before.AddDays(29));
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-99-laatste.png") });
            await File.WriteAllLinesAsync(Path.Combine(screenshots, "studio-console.log"), console);
        }
    }

    [Fact]
    public async Task Process_owner_follows_a_waiting_instance_from_the_instance_list_into_the_viewer()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "browserview");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var saved = await owner.SaveAsync(StudioModels.PeriodicReadOut(WorkflowName, "P6W"), publish: true);
        var instanceId = await owner.ExecuteAsync(ElsaAssert.Str(saved["definitionId"]));
        await InstanceWait.UntilAsync(owner, instanceId, "Suspended");

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/studio?weergave=instanties");
            await StudioBrowser.ChooseDevelopmentUserAsync(page, "procesbeheerder.bzk");
            await page.WaitForURLAsync("**/studio?weergave=instanties", new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });

            var row = page.Locator("elsa-workflow-instance-list").GetByText(WorkflowName).First;
            await row.WaitForAsync(new() { Timeout = (float)StudioBrowser.StartupTimeout.TotalMilliseconds });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-05-instantielijst.png") });
            await row.ClickAsync();
            await page.WaitForURLAsync($"**/studio?instantie={instanceId}", new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });

            // The viewer's journal shows the wait as suspended, read from /journal of this instance.
            var viewer = page.Locator("elsa-workflow-instance-viewer");
            await viewer.GetByText("Wachten - Suspended").First.WaitForAsync(new() { Timeout = (float)StudioBrowser.StartupTimeout.TotalMilliseconds });
            await viewer.GetByText(instanceId).First.WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
            // The canvas draws the definition version the instance runs on.
            await viewer.Locator(".elsa-flowchart-diagram-designer").GetByText("WachtenOpUitleesmoment").First
                .WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-06-instantie.png") });
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-98-viewer-laatste.png") });
        }
    }

    private static async Task<JsonObject> WaitForDurationAsync(HttpClient owner, string definitionId, string versionOptions, string expected)
    {
        var limit = DateTimeOffset.UtcNow + StudioBrowser.StepTimeout;
        JsonObject definition;
        do
        {
            definition = await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions={versionOptions}");
            var wait = definition["root"]!["activities"]!.AsArray().Single(a => ElsaAssert.Str(a!["id"]) == "wacht1")!;
            if (wait["timeSpan"]?["expression"]?["value"]?.GetValue<string>() == expected) return definition;
            await Task.Delay(250);
        }
        while (DateTimeOffset.UtcNow < limit);
        throw new Xunit.Sdk.XunitException($"Studio did not save the changed duration ({versionOptions}): " + definition.ToJsonString());
    }
}
