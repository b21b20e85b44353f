using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// Saves a screen as a test artifact: the whole page, down to <see cref="MaxHeight"/> pixels. Chromium captures a
/// taller page in tiles, which took 35 s for the 35,829-pixel coverage report of all departments on a quiet machine and
/// past the step timeout on a loaded one; the part beyond the cap is still checked by axe-core and by the assertions.
/// </summary>
internal static class Screenshot
{
    public const int MaxHeight = 6000;

    public static async Task SaveAsync(IPage page, string path)
    {
        var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        var options = new PageScreenshotOptions { Path = path, FullPage = true };
        if (size[1] > MaxHeight)
            options.Clip = new Clip { X = 0, Y = 0, Width = Math.Max(1, size[0]), Height = MaxHeight };
        await page.ScreenshotAsync(options);
    }
}
