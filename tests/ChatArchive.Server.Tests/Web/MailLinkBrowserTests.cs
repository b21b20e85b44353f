using System.Text.RegularExpressions;
using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.Server.Tests.Elsa;
using ChatArchive.Server.Tests.Notifications;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// From the mail to the task in the browser: a workflow opens a task, Hangfire sends its mail to a real SMTP server
/// (aiosmtpd), the professional follows the mail's link while signed out, signs in, lands on the task and claims it.
/// </summary>
public sealed partial class MailLinkBrowserTests
{
    /// <summary>The task link in a mail; group 1 is its path (the mail names the configured public address).</summary>
    [GeneratedRegex(@"https?://\S+?(/taken/[^\s""<>]+)")]
    internal static partial Regex TaskLink();

    [Fact]
    public async Task The_task_mail_link_leads_through_the_sign_in_page_to_the_task_which_the_professional_claims()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var smtp = await SmtpCatcher.StartAsync();
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.Sqlite, kestrel: true, purpose: "webmaillink",
            settings: TaskMailTests.MailSettingsFor(smtp));
        var instanceId = await TaskMailTests.OpenIntakeTaskAsync(server);

        var mail = Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(60)));
        Assert.Equal("Nieuwe taak: Intakegesprek met de bewindspersoon", mail.Subject);
        // The mail names the configured public address; this test server listens elsewhere, so the link's path is followed.
        var link = TaskLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, "the mail has a link to the task");

        await using var browser = await WebBrowserPage.OpenAsync(server.BaseAddress);
        var page = browser.Page;
        await page.GotoAsync(link.Groups[1].Value);
        Assert.Contains("/aanmelden", page.Url);
        await StudioBrowser.ChooseDevelopmentUserAsync(page, "informatieprofessional.bzk");
        await page.WaitForURLAsync(u => u.Contains(link.Groups[1].Value, StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Intakegesprek met de bewindspersoon" }).WaitForAsync();
        await AxeCheck.AssertAccessibleAsync(page, "taak-uit-mail", screenshots, "web-mail-01-taak-uit-mail.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Taak oppakken" }).ClickAsync();
        await page.GetByText("U heeft de taak opgepakt.").WaitForAsync();
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, "web-mail-02-taak-opgepakt.png"));
        await using (var db = server.CreateDbContext())
        {
            var task = await db.Set<ChatArchive.Persistence.Workflows.HumanTaskRow>().SingleAsync(t => t.InstanceId == instanceId);
            Assert.Equal("Claimed", task.Status);
        }
        Assert.Empty(browser.Errors);
    }
}
