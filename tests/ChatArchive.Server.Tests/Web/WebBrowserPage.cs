using ChatArchive.Server.Tests.Browser;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// One page of Debian's Chromium on the test server, as the web tests use it: Dutch locale, page errors collected.
/// CSP is bypassed only so the tests can inject axe-core; the pages themselves load no inline script.
/// </summary>
internal sealed class WebBrowserPage : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private WebBrowserPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
        page.PageError += (_, e) => Errors.Add(e);
    }

    public IPage Page { get; }

    /// <summary>Script errors of the pages (the tests expect none).</summary>
    public List<string> Errors { get; } = [];

    public static async Task<WebBrowserPage> OpenAsync(Uri baseAddress)
    {
        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), BypassCSP = true, Locale = "nl-NL" });
        return new WebBrowserPage(playwright, browser, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
