using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.TestSupport;
using Microsoft.Playwright;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The read-out pages in Debian's Chromium: a professional uploads an export, reviews with the keyboard and a bulk action,
/// offers it; the officeholder validates and disagrees with one message; the professional answers a finding; the
/// officeholder completes the exit checklist and signs out. Every screen passes axe-core (WCAG 2.1 AA) and is saved as a screenshot.
/// </summary>
public sealed class ReadOutBrowserTests
{
    private static Task AssertAccessibleAsync(IPage page, string screen, string screenshots) =>
        AxeCheck.AssertAccessibleAsync(page, screen, screenshots, $"web-uitlezing-{screen}.png");

    [Fact]
    public async Task Upload_review_by_keyboard_validation_findings_and_checklist_work_in_the_browser_and_every_screen_passes_axe()
    {
        var screenshots = Artifacts.Folder("screenshots");
        await using var w = await ReadOutPageWorld.CreateAsync(DatabaseProvider.Sqlite, "webrobrowser", kestrel: true);
        var id = w.ReadOut.Id;
        var exportFolder = Path.Combine(Path.GetTempPath(), "chatarchive-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(exportFolder);
        var workFile = Path.Combine(exportFolder, "WhatsApp-chat met Sanne de Vries.txt");
        await File.WriteAllBytesAsync(workFile, ReadOutPageWorld.Chat(ReadOutPageWorld.WorkChat));

        await using var browser = await WebBrowserPage.OpenAsync(w.Server.BaseAddress);
        var page = browser.Page;

        // Every screen the journey passes is saved (the sign-in page too, a screenshot only: its checks are the sign-in tests').
        await page.GotoAsync("/aanmelden");
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, "web-uitlezing-00-aanmelden.png"));
        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Mijn open taken" }).WaitForAsync();
        await AssertAccessibleAsync(page, "00-start", screenshots);

        // Upload (with the page's script: progress, then the outcome in place).
        await page.GotoAsync($"/uitlezingen/{id}/upload");
        await AssertAccessibleAsync(page, "01-upload", screenshots);
        await page.SetInputFilesAsync("#file0", workFile);
        await page.SelectOptionAsync("#channel0", "whatsapp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
        await page.GetByText("1 bestand(en) ontvangen").WaitForAsync();
        await AssertAccessibleAsync(page, "02-upload-ontvangen", screenshots);

        // The workflow's activities read it in (called here as they do), with a second chat.
        await w.IngestAsync(("WhatsApp-chat met Tante Ria.txt", ReadOutPageWorld.FamilyChat));
        Assert.Equal(5, (await w.Service.GetAsync(id))!.Messages);

        await page.GotoAsync($"/uitlezingen/{id}/beoordelen");
        await page.GetByText("0 van 5 berichten beoordeeld").WaitForAsync();
        await AssertAccessibleAsync(page, "03-beoordelen", screenshots);
        // Keyboard: j to the first message, a accepts; the page returns with focus on the next open message.
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("a");
        await page.GetByText("1 van 5 berichten beoordeeld").WaitForAsync();
        await page.Keyboard.PressAsync("z");
        await page.GetByText("2 van 5 berichten beoordeeld").WaitForAsync();
        // Bulk per contact, then per conversation.
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen?contact=Tante%20Ria");
        await page.SelectOptionAsync("#bulk-contact", "private");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toepassen op dit contact" }).ClickAsync();
        await page.GetByText("4 van 5 berichten beoordeeld").WaitForAsync();
        await AssertAccessibleAsync(page, "04-beoordelen-contact", screenshots);
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen?open=true");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("z");
        await page.GetByText("5 van 5 berichten beoordeeld").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanbieden ter validatie" }).ClickAsync();
        await page.GetByText("Aangeboden ter validatie:").WaitForAsync();
        await AssertAccessibleAsync(page, "04b-aangeboden", screenshots);
        Assert.Equal(ReadOutStage.Offered, (await w.Service.GetAsync(id))!.Stage);

        // Sign out through the layout's button (a form post with an antiforgery token).
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/aanmelden"));

        // The officeholder validates by keyboard: agrees with one, disagrees with the other with a note.
        await StudioBrowser.SignInAsync(page, "bewindspersoon.bzk.1");
        await page.GotoAsync($"/uitlezingen/{id}/valideren");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Valideren" }).WaitForAsync();
        await AssertAccessibleAsync(page, "05-valideren", screenshots);
        var agree = page.GetByLabel("Akkoord", new() { Exact = true });
        var disagree = page.GetByLabel("Niet akkoord", new() { Exact = true });
        Assert.Equal(2, await agree.CountAsync());
        await agree.Nth(0).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await disagree.Nth(1).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Dit hoort bij het werk.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Oordeel versturen" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("gaan met uw toelichting terug").WaitForAsync();
        await AssertAccessibleAsync(page, "06-gevalideerd", screenshots);
        Assert.Equal(1, (await w.Service.GetAsync(id))!.Disputed);

        // The exit checklist.
        var checklist = await w.DepartureChecklistAsync();
        await page.GotoAsync($"/checklists/{checklist.Id}");
        await AssertAccessibleAsync(page, "07-checklist", screenshots);
        foreach (var box in await page.GetByLabel("Gedaan", new() { Exact = true }).AllAsync()) await box.CheckAsync();
        await page.GetByLabel("Alle punten zijn beantwoord: checklist afronden").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await page.GetByText("De checklist is afgerond").WaitForAsync();
        await AssertAccessibleAsync(page, "08-checklist-afgerond", screenshots);
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/aanmelden"));

        // The professional sees the note and the findings page.
        await StudioBrowser.SignInAsync(page, "informatieprofessional.bzk");
        await w.Service.ReturnDisputedAsync(id);
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen?open=true");
        await page.GetByText("Dit hoort bij het werk.").WaitForAsync();
        await AssertAccessibleAsync(page, "08b-teruggestuurd", screenshots);
        await page.GotoAsync($"/uitlezingen/{id}/bevindingen");
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();
        await AssertAccessibleAsync(page, "09-bevindingen", screenshots);
        await page.GetByRole(AriaRole.Link, new() { Name = "Uitlezingen", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath.EndsWith("/uitlezingen", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Link, new() { Name = $"(uitlezing {id})" }).WaitForAsync();
        await AssertAccessibleAsync(page, "10-uitlezingen", screenshots);

        Assert.Empty(browser.Errors);
        Directory.Delete(exportFolder, recursive: true);
    }
}
