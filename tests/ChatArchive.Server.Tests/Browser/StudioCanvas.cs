using System.Text.Json.Nodes;
using ChatArchive.Server.Tests.Elsa;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// What a process owner does on Studio's canvas, with real mouse input: drag an activity from the toolbox (Chromium's own HTML5
/// drag-and-drop) and draw a connection between two ports (mouse moves on the X6 graph, ports:
/// <c>[data-cell-id] [port-group] circle.elsa-designer-port-hit-area</c>). What Studio's autosave stored is read back through
/// the API (<see cref="WaitForLatestAsync"/>).
/// </summary>
public sealed class StudioCanvas(IPage page, ILocator editor, HttpClient owner, string definitionId)
{
    private ILocator Toolbox => editor.Locator("div[draggable='true']");

    /// <summary>The toolbox entry <paramref name="displayName"/>, opening <paramref name="category"/> first when the entry is not visible.</summary>
    public async Task<ILocator> ToolboxItemAsync(string category, string displayName)
    {
        var item = Toolbox.Filter(new() { HasText = displayName, Visible = true }).First;
        if (!await item.IsVisibleAsync())
        {
            await editor.GetByText(category, new() { Exact = true }).First.ClickAsync();
        }
        await item.WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
        return item;
    }

    /// <summary>
    /// Drags the toolbox entry onto the canvas at (<paramref name="dx"/>, <paramref name="dy"/>) pixels from its centre and
    /// returns the id Studio gave the new activity of <paramref name="type"/>, once autosave has stored it.
    /// </summary>
    public async Task<string> DropAsync(string category, string displayName, string type, float dx, float dy)
    {
        var before = Activities(await WaitForLatestAsync(_ => true, "the definition")).Select(a => ElsaAssert.Str(a["id"])).ToHashSet();
        var item = await ToolboxItemAsync(category, displayName);
        var canvas = editor.Locator(".x6-graph").First;
        var box = (await canvas.BoundingBoxAsync())!;
        await item.DragToAsync(canvas, new() { TargetPosition = new() { X = box.Width / 2 + dx, Y = box.Height / 2 + dy } });
        var stored = await WaitForLatestAsync(d => Activities(d).Any(a => ElsaAssert.Str(a["type"]) == type && !before.Contains(ElsaAssert.Str(a["id"]))),
            $"the dropped {type}");
        return ElsaAssert.Str(Activities(stored).Single(a => ElsaAssert.Str(a["type"]) == type && !before.Contains(ElsaAssert.Str(a["id"])))["id"]);
    }

    /// <summary>Draws a connection from <paramref name="fromId"/>'s out port <paramref name="port"/> to <paramref name="toId"/>'s In port and waits until it is stored.</summary>
    public async Task<JsonObject> ConnectAsync(string fromId, string port, string toId)
    {
        var from = editor.Locator($"[data-cell-id='{fromId}'] [port-group='out'][port='{port}'] circle.elsa-designer-port-hit-area").First;
        var to = editor.Locator($"[data-cell-id='{toId}'] [port-group='in'] circle.elsa-designer-port-hit-area").First;
        await from.WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
        await to.WaitForAsync(new() { Timeout = (float)StudioBrowser.StepTimeout.TotalMilliseconds });
        var a = (await from.BoundingBoxAsync())!;
        var b = (await to.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((a.X + b.X) / 2, (a.Y + b.Y) / 2, new() { Steps = 10 });
        await page.Mouse.MoveAsync(b.X + b.Width / 2, b.Y + b.Height / 2, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        return await WaitForLatestAsync(d => Connections(d).Any(c => ElsaAssert.Str(c["source"]!["activity"]) == fromId
                && ElsaAssert.Str(c["source"]!["port"]) == port && ElsaAssert.Str(c["target"]!["activity"]) == toId),
            $"the connection {fromId}.{port} → {toId}");
    }

    /// <summary>Writes the canvas's markup beside the screenshots (to see what the locators met when a step failed).</summary>
    public static async Task DumpMarkupAsync(IPage page, string path)
    {
        var canvas = page.Locator(".x6-graph");
        await File.WriteAllTextAsync(path, await canvas.CountAsync() > 0 ? await canvas.First.InnerHTMLAsync() : await page.ContentAsync());
    }

    public static IEnumerable<JsonObject> Activities(JsonObject definition) =>
        definition["root"]!["activities"]?.AsArray().Select(a => a!.AsObject()) ?? [];

    public static IEnumerable<JsonObject> Connections(JsonObject definition) =>
        definition["root"]!["connections"]?.AsArray().Select(c => c!.AsObject()) ?? [];

    /// <summary>Polls the latest version until Studio's autosave has stored what <paramref name="done"/> checks.</summary>
    public Task<JsonObject> WaitForLatestAsync(Func<JsonObject, bool> done, string what) => WaitForAsync(owner, definitionId, "Latest", done, what);

    /// <summary>Polls the definition's <paramref name="versionOptions"/> version until <paramref name="done"/> holds (one step timeout).</summary>
    public static async Task<JsonObject> WaitForAsync(HttpClient owner, string definitionId, string versionOptions, Func<JsonObject, bool> done, string what)
    {
        var limit = DateTimeOffset.UtcNow + StudioBrowser.StepTimeout;
        JsonObject? definition = null;
        do
        {
            var response = await owner.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions={versionOptions}");
            if (response.IsSuccessStatusCode)
            {
                definition = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                if (done(definition)) return definition;
            }
            await Task.Delay(250);
        }
        while (DateTimeOffset.UtcNow < limit);
        throw new Xunit.Sdk.XunitException($"Studio did not store {what} ({versionOptions}): " + definition?.ToJsonString());
    }
}
