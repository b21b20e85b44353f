using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// The flowchart built on Studio's canvas itself: the process owner finds the department's workflow usable as an activity in the
/// toolbox (category "Workflows"), drags "Regel in logboek" from the toolbox onto the canvas and draws a connection from Start's
/// "Done" port to it; Studio's autosave stores both. Playwright's drag runs Chromium's own HTML5 drag-and-drop (the toolbox) and
/// mouse moves on the X6 graph (the ports: <c>[data-cell-id] [port-group] circle.elsa-designer-port-hit-area</c>).
/// On failure the canvas's markup is written beside the screenshots, to see what the locators met.
/// </summary>
public sealed class StudioCanvasTests
{
    [Fact]
    public async Task Process_owner_drags_an_activity_onto_the_canvas_and_connects_it()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "browsercanvas");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var usable = StudioModels.NewDefinition("Controle kanaal");
        usable["options"] = new JsonObject { ["usableAsActivity"] = true };
        await owner.SaveAsync(usable, publish: true);
        var model = StudioModels.NewDefinition("Slepen BZK");
        model["root"] = new JsonObject
        {
            ["id"] = "flow1", ["type"] = "Elsa.Flowchart", ["version"] = 1,
            ["activities"] = new JsonArray { StudioModels.Activity("start1", "Start1", "Elsa.Start", 0, 0) },
            ["connections"] = new JsonArray(),
        };
        var definitionId = ElsaAssert.Str((await owner.SaveAsync(model))["definitionId"]);

        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add($"{m.Type}: {m.Text}");
        page.PageError += (_, e) => console.Add("pageerror: " + e);
        float Startup() => (float)StudioBrowser.StartupTimeout.TotalMilliseconds;
        float Step() => (float)StudioBrowser.StepTimeout.TotalMilliseconds;
        var passed = false;
        try
        {
            await StudioBrowser.SignInAsync(page, "procesbeheerder.bzk");
            await page.GotoAsync($"/studio?definitie={Uri.EscapeDataString(definitionId)}");
            var editor = page.Locator("elsa-workflow-definition-editor");
            await editor.GetByText("Start1", new() { Exact = true }).First.WaitForAsync(new() { Timeout = Startup() });
            var toolbox = editor.Locator("div[draggable='true']");

            // The department's workflow usable as an activity is in the toolbox, in Elsa's category "Workflows".
            await editor.GetByText("Workflows", new() { Exact = true }).First.ClickAsync();
            await toolbox.Filter(new() { HasText = "Controle kanaal", Visible = true }).First.WaitForAsync(new() { Timeout = Step() });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-20-workflow-als-activiteit.png") });

            // Drag "Regel in logboek" onto the canvas, right of Start, and connect Start's "Done" port to its "In" port with the mouse.
            var canvas = new StudioCanvas(page, editor, owner, definitionId);
            var writeLineId = await canvas.DropAsync("Primitives", "Regel in logboek", "Elsa.WriteLine", 150, 0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-21-gesleept.png") });
            var connected = await canvas.ConnectAsync("start1", "Done", writeLineId);
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-22-verbonden.png") });
            Assert.Equal("Done", ElsaAssert.Str(StudioCanvas.Connections(connected).Single(c => ElsaAssert.Str(c["target"]!["activity"]) == writeLineId)["source"]!["port"]));
            passed = true;
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-29-canvas-laatste.png") });
            await File.WriteAllLinesAsync(Path.Combine(screenshots, "studio-canvas-console.log"), console);
            if (!passed)
            {
                await StudioCanvas.DumpMarkupAsync(page, Path.Combine(screenshots, "studio-canvas-markup.html"));
            }
        }
    }
}
