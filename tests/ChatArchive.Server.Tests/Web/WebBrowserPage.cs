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

    /// <summary>Console messages of type error (a Content-Security-Policy violation is reported there).</summary>
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>
    /// Opens a page. <paramref name="javaScript"/> false: a browser without JavaScript (the pages' no-JS path);
    /// <paramref name="enforceCsp"/> true: the pages' Content-Security-Policy applies (no axe-core injection then).
    /// </summary>
    public static async Task<WebBrowserPage> OpenAsync(Uri baseAddress, bool javaScript = true, bool enforceCsp = false)
    {
        var (playwright, browser) = await StudioBrowser.LaunchAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), BypassCSP = !enforceCsp, Locale = "nl-NL", JavaScriptEnabled = javaScript,
        });
        // Eight sessions share two cores while these run: a first page of a fresh server can take longer than Playwright's 30 s.
        context.SetDefaultNavigationTimeout(120_000);
        context.SetDefaultTimeout(90_000);
        var result = new WebBrowserPage(playwright, browser, await context.NewPageAsync());
        result.Page.Console += (_, m) =>
        {
            if (m.Type == "error") result.ConsoleErrors.Add(m.Text);
        };
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
