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

            // Drag "Regel in logboek" onto the canvas, right of Start.
            await editor.GetByText("Primitives", new() { Exact = true }).First.ClickAsync();
            var writeLine = toolbox.Filter(new() { HasText = "Regel in logboek", Visible = true }).First;
            await writeLine.WaitForAsync(new() { Timeout = Step() });
            var canvas = editor.Locator(".x6-graph").First;
            var box = (await canvas.BoundingBoxAsync())!;
            await writeLine.DragToAsync(canvas, new() { TargetPosition = new() { X = box.Width / 2 + 150, Y = box.Height / 2 } });
            var dropped = await WaitForAsync(owner, definitionId, d => Activities(d).Any(a => ElsaAssert.Str(a["type"]) == "Elsa.WriteLine"), "the dropped WriteLine");
            var writeLineId = ElsaAssert.Str(Activities(dropped).Single(a => ElsaAssert.Str(a["type"]) == "Elsa.WriteLine")["id"]);
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-21-gesleept.png") });

            // Connect Start's "Done" port to the new activity's "In" port with the mouse.
            var from = editor.Locator("[data-cell-id='start1'] [port-group='out'] circle.elsa-designer-port-hit-area").First;
            var to = editor.Locator($"[data-cell-id='{writeLineId}'] [port-group='in'] circle.elsa-designer-port-hit-area").First;
            await from.WaitForAsync(new() { Timeout = Step() });
            await to.WaitForAsync(new() { Timeout = Step() });
            var a = (await from.BoundingBoxAsync())!;
            var b = (await to.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync((a.X + b.X) / 2, (a.Y + b.Y) / 2, new() { Steps = 10 });
            await page.Mouse.MoveAsync(b.X + b.Width / 2, b.Y + b.Height / 2, new() { Steps = 10 });
            await page.Mouse.UpAsync();
            var connected = await WaitForAsync(owner, definitionId, d => Connections(d).Any(c =>
                ElsaAssert.Str(c["source"]!["activity"]) == "start1" && ElsaAssert.Str(c["target"]!["activity"]) == writeLineId), "the drawn connection");
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-22-verbonden.png") });
            Assert.Equal("Done", ElsaAssert.Str(Connections(connected).Single(c => ElsaAssert.Str(c["target"]!["activity"]) == writeLineId)["source"]!["port"]));
            passed = true;
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-29-canvas-laatste.png") });
            await File.WriteAllLinesAsync(Path.Combine(screenshots, "studio-canvas-console.log"), console);
            if (!passed)
            {
                var canvas = page.Locator(".x6-graph");
                await File.WriteAllTextAsync(Path.Combine(screenshots, "studio-canvas-markup.html"),
                    await canvas.CountAsync() > 0 ? await canvas.First.InnerHTMLAsync() : await page.ContentAsync());
            }
        }
    }

    private static IEnumerable<JsonObject> Activities(JsonObject definition) => definition["root"]!["activities"]!.AsArray().Select(a => a!.AsObject());

    private static IEnumerable<JsonObject> Connections(JsonObject definition) => definition["root"]!["connections"]!.AsArray().Select(c => c!.AsObject());

    /// <summary>Polls the latest version until Studio's autosave has stored what <paramref name="done"/> checks.</summary>
    private static async Task<JsonObject> WaitForAsync(HttpClient owner, string definitionId, Func<JsonObject, bool> done, string what)
    {
        var limit = DateTimeOffset.UtcNow + StudioBrowser.StepTimeout;
        JsonObject? definition = null;
        do
        {
            var response = await owner.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
            if (response.IsSuccessStatusCode)
            {
                definition = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                if (done(definition)) return definition;
            }
            await Task.Delay(250);
        }
        while (DateTimeOffset.UtcNow < limit);
        throw new Xunit.Sdk.XunitException($"Studio did not store {what}: " + definition?.ToJsonString());
    }
}
