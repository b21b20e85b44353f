using System.Text.Json.Nodes;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// Issue 14 acceptance in the real Elsa Studio: bulk publish from the definition list (Studio's own
/// /bulk-actions route), the toolbox in Elsa's categories, a decision on a variable whose JavaScript condition the
/// process owner writes in the editor, publish, run, and the branch taken in the instance viewer.
/// The flowchart (Start → decision → two branches) is laid out through the API; the condition is typed in Studio.
/// </summary>
public sealed class StudioDecisionTests
{
    private const string DecisionName = "Kanaalkeuze BZK";

    private static JsonObject DecisionModel()
    {
        var model = StudioModels.NewDefinition(DecisionName);
        model["variables"] = new JsonArray(new JsonObject
        {
            ["id"] = "kanaal", ["name"] = "Kanaal", ["typeName"] = "String", ["isArray"] = false, ["value"] = "WhatsApp", ["storageDriverTypeName"] = null,
        });
        var decision = StudioModels.Activity("keuze1", "KanaalKeuze", "Elsa.FlowDecision", 250, 0, ("condition", "Boolean", "getVariable('Kanaal') === 'Signal'"));
        decision["condition"]!["expression"]!["type"] = "JavaScript";
        model["root"] = new JsonObject
        {
            ["id"] = "flow1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = new JsonArray
            {
                StudioModels.Activity("start1", "Start1", "Elsa.Start", 0, 0),
                decision,
                StudioModels.Activity("ja1", "TakWhatsApp", "Elsa.WriteLine", 500, -100, ("text", "String", "WhatsApp-tak genomen")),
                StudioModels.Activity("taak1", "TakAnders", "ChatArchive.HumanTask", 500, 100,
                    ("title", "String", "Ander kanaal beoordelen"), ("assigneeRole", "String", "process-owner"), ("outcomes", "String[]", "[\"Klaar\"]")),
            },
            ["connections"] = new JsonArray
            {
                StudioModels.Connection("start1", "Done", "keuze1"),
                StudioModels.Connection("keuze1", "True", "ja1"),
                StudioModels.Connection("keuze1", "False", "taak1"),
            },
        };
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
            foreach (var id in new[] { bulkA, bulkB }) await WaitForAsync(owner, id, "Published", d => d["isPublished"]!.GetValue<bool>());
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-10-bulk-gepubliceerd.png") });
            Assert.False((await owner.GetObjectAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest"))["isPublished"]!.GetValue<bool>());

            // The editor: the toolbox shows Elsa's categories with our activities in them.
            await page.GotoAsync($"/studio?definitie={Uri.EscapeDataString(definitionId)}");
            var editor = page.Locator("elsa-workflow-definition-editor");
            // Exact: the workflow's own name "Kanaalkeuze BZK" (the tab) would match too.
            var decisionNode = editor.GetByText("KanaalKeuze", new() { Exact = true }).First;
            await decisionNode.WaitForAsync(new() { Timeout = Startup() });
            var toolbox = editor.Locator("div[draggable='true']");
            foreach (var (category, activity) in new[] { ("Branching", "Beslissing"), ("Primitives", "Regel in logboek"), ("Scheduling", "Wachten") })
            {
                await editor.GetByText(category, new() { Exact = true }).First.ClickAsync();
                await toolbox.Filter(new() { HasText = activity, Visible = true }).First.WaitForAsync(new() { Timeout = Step() });
            }
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-11-gereedschapskist.png") });

            // The process owner writes the condition on the variable in the decision's JavaScript editor.
            await decisionNode.ClickAsync();
            var code = editor.Locator(".monaco-editor").Filter(new() { Visible = true }).First;
            await code.WaitForAsync(new() { Timeout = Step() });
            await code.ClickAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.PressAsync("Delete");
            await page.Keyboard.InsertTextAsync("getVariable('Kanaal') === 'WhatsApp'");
            // Leave the code editor (the canvas redraws while Studio autosaves, so not on a node).
            await editor.GetByPlaceholder("Search").First.ClickAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-12-voorwaarde.png") });
            await WaitForAsync(owner, definitionId, "Latest", d => Condition(d) == "getVariable('Kanaal') === 'WhatsApp'");

            // Publish in the editor, run, and open the instance in the viewer.
            await editor.Locator(".mud-button-group-root button.mud-primary-text").First.ClickAsync();
            await WaitForAsync(owner, definitionId, "Published", d => Condition(d) == "getVariable('Kanaal') === 'WhatsApp'");
            var instanceId = await owner.ExecuteAsync(definitionId);
            await InstanceWait.UntilAsync(owner, instanceId, "Finished");

            await page.GotoAsync($"/studio?instantie={instanceId}");
            var viewer = page.Locator("elsa-workflow-instance-viewer");
            await viewer.GetByText(instanceId).First.WaitForAsync(new() { Timeout = Startup() });
            // The journal ("<activity> - <event>") shows the decision and the WriteLine of the WhatsApp branch, no task of the other branch.
            await viewer.GetByText(new System.Text.RegularExpressions.Regex("^Beslissing - ")).First.WaitForAsync(new() { Timeout = Step() });
            await viewer.GetByText(new System.Text.RegularExpressions.Regex("^Regel in logboek - ")).First.WaitForAsync(new() { Timeout = Step() });
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-13-tak-genomen.png") });
            Assert.Equal(0, await viewer.GetByText(new System.Text.RegularExpressions.Regex("^Taak - ")).CountAsync());

            var executions = ElsaAssert.Array(await owner.GetObjectAsync($"/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}"), "items");
            Assert.Contains(executions, e => ElsaAssert.Str(e!["activityId"]) == "ja1");
            Assert.DoesNotContain(executions, e => ElsaAssert.Str(e!["activityId"]) == "taak1");
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "studio-19-beslissing-laatste.png") });
            await File.WriteAllLinesAsync(Path.Combine(screenshots, "studio-beslissing-console.log"), console);
        }
    }

    private static string? Condition(JsonObject definition) =>
        definition["root"]!["activities"]!.AsArray().Single(a => ElsaAssert.Str(a!["id"]) == "keuze1")!["condition"]?["expression"]?["value"]?.GetValue<string>();

    private static async Task WaitForAsync(HttpClient owner, string definitionId, string versionOptions, Func<JsonObject, bool> done)
    {
        var limit = DateTimeOffset.UtcNow + StudioBrowser.StepTimeout;
        JsonObject? definition = null;
        do
        {
            var response = await owner.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions={versionOptions}");
            if (response.IsSuccessStatusCode)
            {
                definition = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                if (done(definition)) return;
            }
            await Task.Delay(250);
        }
        while (DateTimeOffset.UtcNow < limit);
        throw new Xunit.Sdk.XunitException($"Studio did not store the expected change ({versionOptions}): " + definition?.ToJsonString());
    }
}
