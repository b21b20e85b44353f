using System.Text.Json;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>Saves a screenshot of the page and runs axe-core on it (WCAG 2.1 AA rules): no violations allowed.</summary>
internal static class AxeCheck
{
    private static string AxeScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "web", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("axe-core is missing: scripts/test.sh installs web/node_modules (scripts/lib/ensure-web-assets.sh).");
    }

    /// <param name="screenshot">File name of the screenshot (without folder), e.g. "web-start.png".</param>
    public static async Task AssertAccessibleAsync(IPage page, string screen, string screenshots, string screenshot)
    {
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, screenshot));
        await page.AddScriptTagAsync(new() { Path = AxeScript() });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });" +
            " return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')); }");
        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"axe-core on {screen}: {string.Join(" | ", violations)}");
    }
}
