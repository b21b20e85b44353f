using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// Issue 14 acceptance in the real Elsa Studio: bulk publish from the definition list (Studio's own /bulk-actions route), the
/// toolbox in Elsa's categories, and a decision on a variable that the process owner builds on the canvas: drags Start, a
/// decision, "Regel in logboek" and "Einde" from the toolbox, draws the connections between their ports with the mouse, switches
/// the decision's condition to JavaScript and writes it, publishes, runs, and sees the branch taken in the instance viewer.
/// Only the definition with its variable is made through the API (the flowchart is empty).
/// </summary>
public sealed class StudioDecisionTests
{
    private const string DecisionName = "Kanaalkeuze BZK";
    private const string ConditionScript = "getVariable('Kanaal') === 'WhatsApp'";

    private static JsonObject DecisionModel()
    {
        var model = StudioModels.NewDefinition(DecisionName);
        model["variables"] = new JsonArray(new JsonObject
        {
            ["id"] = "kanaal", ["name"] = "Kanaal", ["typeName"] = "String", ["isArray"] = false, ["value"] = "WhatsApp", ["storageDriverTypeName"] = null,
        });
        model["root"] = new JsonObject { ["id"] = "flow1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["activities"] = new JsonArray(), ["connections"] = new JsonArray() };
        return model;
    }

    [Fact]
    public async Task Process_owner_bulk_publishes_writes_a_JavaScript_decision_runs_it_and_sees_the_branch_taken()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "browserdecision");
        var owner = await server.CreateClientForUserAsync("procesbeheerder.bzk");
        var bulkA = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Bulk een")))["definitionId"]);
        var bulkB = ElsaAssert.Str((await owner.SaveAsync(StudioModels.Intake("Bulk twee")))["definitionId"]);
        var definitionId = ElsaAssert.Str((await owner.SaveAsync(DecisionModel()))["definitionId"]);

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
        // Under load (two cores, other builds) a navigation or a click may take longer than Playwright's 30 s defaults.
        page.SetDefaultNavigationTimeout(Startup());
        page.SetDefaultTimeout(Step());
        var passed = false;
        try
        {
            await StudioBrowser.SignInAsync(page, "procesbeheerder.bzk");
            await page.GotoAsync("/studio");

            // Bulk publish: select both drafts in the list, Bulk actions → Publish, confirm.
            var list = page.Locator("elsa-workflow-definition-list");
            await list.GetByText("Bulk twee").First.WaitForAsync(new() { Timeout = Startup() });
            foreach (var name in new[] { "Bulk een", "Bulk twee" })
            {
                await list.Locator("tr").Filter(new() { HasText = name }).Locator("input[type=checkbox]").First.ClickAsync(new() { Force = true });
            }
            await list.GetByText("Bulk actions").First.ClickAsync();
            await page.Locator(".mud-popover-open").GetByText("Publish", new() { Exact = true }).First.ClickAsync();
            var confirm = page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Publish" });
            await confirm.WaitForAsync(new() { Timeout = Step() });
            await confirm.ClickAsync();
            foreach (var id in new[] { bulkA, bulkB }) await StudioCanvas.WaitForAsync(owner, id, "Published", d => d["isPublished"]!.GetValue<bool>(), "the bulk publish");
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-10-bulk-gepubliceerd.png") });
            Assert.False((await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest"))["isPublished"]!.GetValue<bool>());

            // The editor on the empty flowchart: the toolbox shows Elsa's categories with our activities in them.
            await page.GotoAsync($"/studio?definitie={Uri.EscapeDataString(definitionId)}");
            var editor = page.Locator("elsa-workflow-definition-editor");
            await editor.Locator(".x6-graph").First.WaitForAsync(new() { Timeout = Startup() });
            var canvas = new StudioCanvas(page, editor, owner, definitionId);
            foreach (var (category, activity) in new[] { ("Branching", "Beslissing"), ("Primitives", "Regel in logboek"), ("Scheduling", "Wachten") })
            {
                await canvas.ToolboxItemAsync(category, activity);
            }
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-11-gereedschapskist.png") });

            // The process owner drags the four activities onto the canvas and connects them with the mouse:
            // Start → Beslissing; True → Regel in logboek; False → Einde.
            // The canvas is about 850 × 600 pixels in this window: the offsets from its centre keep every node on it.
            var start = await canvas.DropAsync("Flow", "Start", "Elsa.Start", -340, 0);
            var decision = await canvas.DropAsync("Branching", "Beslissing", "Elsa.FlowDecision", -130, 0);
            var writeLine = await canvas.DropAsync("Primitives", "Regel in logboek", "Elsa.WriteLine", 100, -130);
            var end = await canvas.DropAsync("Flow", "Einde", "Elsa.End", 100, 130);
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-12-gesleept.png") });
            await canvas.ConnectAsync(start, "Done", decision);
            await canvas.ConnectAsync(decision, "True", writeLine);
            await canvas.ConnectAsync(decision, "False", end);
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-13-verbonden.png") });

            // The condition: select the decision, switch its "Voorwaarde" to JavaScript and write the script on the variable.
            await editor.Locator($"[data-cell-id='{decision}']").First.ClickAsync();
            await editor.Locator("label", new() { HasText = "Voorwaarde" }).First.WaitForAsync(new() { Timeout = Step() });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-14-eigenschappen.png") });
            await SwitchToJavaScriptAsync(page, editor);
            var code = editor.Locator(".monaco-editor").Filter(new() { Visible = true }).First;
            await code.WaitForAsync(new() { Timeout = Step() });
            await code.ClickAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.PressAsync("Delete");
            await page.Keyboard.InsertTextAsync(ConditionScript);
            // Leave the code editor (the canvas redraws while Studio autosaves, so not on a node).
            await editor.GetByPlaceholder("Search").First.ClickAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-15-voorwaarde.png") });
            var built = await canvas.WaitForLatestAsync(d => Condition(d, decision) == ("JavaScript", ConditionScript), "the JavaScript condition");
            Assert.Equal(4, StudioCanvas.Activities(built).Count());
            Assert.Equal(3, StudioCanvas.Connections(built).Count());

            // Publish in the editor, run, and open the instance in the viewer.
            await editor.Locator(".mud-button-group-root button.mud-primary-text").First.ClickAsync();
            await StudioCanvas.WaitForAsync(owner, definitionId, "Published", d => Condition(d, decision) == ("JavaScript", ConditionScript), "the published definition");
            var instanceId = await owner.ExecuteAsync(definitionId);
            await InstanceWait.UntilAsync(owner, instanceId, "Finished");

            await page.GotoAsync($"/studio?instantie={instanceId}");
            var viewer = page.Locator("elsa-workflow-instance-viewer");
            await viewer.GetByText(instanceId).First.WaitForAsync(new() { Timeout = Startup() });
            // The journal ("<activity> - <event>") shows the decision and the WriteLine of the WhatsApp branch, no task of the other branch.
            await viewer.GetByText(new System.Text.RegularExpressions.Regex("^Beslissing - ")).First.WaitForAsync(new() { Timeout = Step() });
            await viewer.GetByText(new System.Text.RegularExpressions.Regex("^Regel in logboek - ")).First.WaitForAsync(new() { Timeout = Step() });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-16-tak-genomen.png") });
            Assert.Equal(0, await viewer.GetByText(new System.Text.RegularExpressions.Regex("^Einde - ")).CountAsync());

            var executions = ElsaAssert.Array(await owner.GetObjectAsync($"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}"), "items");
            Assert.Contains(executions, e => ElsaAssert.Str(e!["activityId"]) == writeLine);
            Assert.DoesNotContain(executions, e => ElsaAssert.Str(e!["activityId"]) == end);
            passed = true;
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-19-beslissing-laatste.png") });
            await File.WriteAllLinesAsync(Path.Combine(screenshots, "studio-beslissing-console.log"), console);
            if (!passed)
            {
                await File.WriteAllTextAsync(Path.Combine(screenshots, "studio-beslissing-page.html"), await page.ContentAsync());
                await StudioCanvas.DumpMarkupAsync(page, Path.Combine(screenshots, "studio-beslissing-markup.html"));
            }
        }
    }

    /// <summary>The decision's condition as stored: its expression type and script.</summary>
    private static (string?, string?) Condition(JsonObject definition, string decisionId)
    {
        var expression = StudioCanvas.Activities(definition).Single(a => ElsaAssert.Str(a["id"]) == decisionId)["condition"]?["expression"];
        return (expression?["type"]?.GetValue<string>(), expression?["value"]?.GetValue<string>());
    }

    /// <summary>Opens the expression-type menu beside the condition and picks JavaScript.</summary>
    private static async Task SwitchToJavaScriptAsync(IPage page, ILocator editor)
    {
        // The input's row: the field (label "Voorwaarde") and beside it the menu (⋮) with the expression types.
        var row = editor.Locator("div.flex-row").Filter(new() { Has = page.Locator("label", new() { HasText = "Voorwaarde" }) }).Last;
        await row.Locator(".mud-menu button.mud-menu-icon-button-activator").First.ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("JavaScript", new() { Exact = true }).First.ClickAsync();
    }
}
