using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (DEPENDENCIES.md): never a downloaded browser. Blazor WebAssembly
/// starts slowly on two busy cores, so waits are long; they end as soon as the page is ready.
/// </summary>
public static class StudioBrowser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Generous: the Studio downloads ~34 MB of WebAssembly and compiles it while other builds run.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(4);

    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(1);

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Debian's chromium is required (scripts/test.sh installs it)");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>Picks a user in the development sign-in form of /aanmelden and submits it (the password form above it is another form).</summary>
    public static async Task ChooseDevelopmentUserAsync(IPage page, string userName)
    {
        await page.SelectOptionAsync("#userName", userName);
        await page.ClickAsync("form:has(#userName) button[type=submit]");
    }

    /// <summary>Opens /aanmelden, signs in as <paramref name="userName"/> with the development sign-in and waits until the page has left it.</summary>
    public static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/aanmelden");
        await ChooseDevelopmentUserAsync(page, userName);
        await page.WaitForURLAsync(u => !u.Contains("/aanmelden"));
    }
}
