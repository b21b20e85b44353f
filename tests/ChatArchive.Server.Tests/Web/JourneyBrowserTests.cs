using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ChatArchive.Domain.Registry;
using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Server.Tests.Browser;
using ChatArchive.Server.Tests.Notifications;
using ChatArchive.Server.Tests.ReadOuts;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The acceptance journey of the people's web application in one browser test (Debian's Chromium, the real server on
/// PostgreSQL, mail through a real SMTP server): the published BZK workflows run every step; the professional receives the
/// upload task's mail, follows its link, signs in, uploads the export, reviews by keyboard and in bulk (per contact and per
/// current filter) and offers it; the officeholder receives the validation mail, agrees with one message and disagrees with
/// the other (a note); the professional changes the disputed message and seals the read-out on its task page; the sealed
/// package verifies with the real CLI; at departure the officeholder completes the exit checklist one item at a time and
/// sees the final read-out appointment. Every screen is saved as a screenshot and passes axe-core (WCAG 2.1 AA).
/// The registration, onboarding checklists and the appointment tasks (not web pages) go through the API, as an
/// administrator and the secretariat would. The test runs the workflow runtime itself after each action (no background
/// workers), so it knows when a step is done.
/// </summary>
public sealed class JourneyBrowserTests
{
    private const string ProfessionalUser = "informatieprofessional.bzk";
    private const string ProfessionalMail = "informatieprofessional@bzk.example";
    private const string OfficeholderMail = "bewindspersoon.wonen@bzk.example";
    private const string Note = "Dit bericht gaat over mijn werkbezoek.";

    [Fact]
    public async Task From_the_task_mail_through_review_validation_and_sealing_to_the_exit_checklist_in_the_browser_on_PostgreSQL()
    {
        var screenshots = Artifacts.Folder("screenshots");
        var shot = 0;
        Task ScreenAsync(IPage p, string name) => AxeCheck.AssertAccessibleAsync(p, name, screenshots, $"journey-{++shot:00}-{name}.png");

        var vaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var smtp = await SmtpCatcher.StartAsync();
        var settings = TaskMailTests.MailSettingsFor(smtp);
        settings["ChatArchive:Sealing:VaultKey"] = vaultKey;
        settings["ChatArchive:Workflows:ProcessStarts"] = "false";
        settings["ChatArchive:Workflows:RunWorkers"] = "false";
        settings["ChatArchive:Workflows:RunScheduler"] = "false";
        settings["ChatArchive:Workflows:ImportDepartmentExamples"] = "true";
        await using var server = await ServerFixture.StartAsync(DatabaseProvider.PostgreSql, kestrel: true, purpose: "journeybrowser", settings: settings);
        ChatArchive.Sealing.Chain.ArchiveKey.LoadOrCreate(server.Services.GetRequiredService<SealingOptions>().ArchiveKeyFile).Dispose();
        var starter = server.Services.GetRequiredService<ProcessStarter>();
        var runtime = server.Services.GetRequiredService<IWorkflowRuntime>();
        Task RunAsync() => runtime.RunUntilIdleAsync();

        // A new (fictional) BZK officeholder, appointed a month ago; onboarding's checklists through the API.
        var d0 = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30);
        var j = await WorkflowJourney.RegisterAsync(server, "BZK", "Minister voor Wonen (fictief)", d0);
        var officeholderUser = $"test.{Roles.Officeholder}.bzk.{j.Officeholder}";
        await SetMailAsync(server, (ProfessionalUser, ProfessionalMail), (officeholderUser, OfficeholderMail));
        Assert.Equal(1, (await starter.RunOnceAsync()).Started);
        await RunAsync();
        var onboarding = Assert.Single(await j.StartsAsync(ProcessStartKinds.Onboarding)).InstanceId!;
        await WorkflowJourney.AnswerChecklistAsync(j.Professional, await WorkflowJourney.TaskAsync(server, j.Professional, onboarding, "Aantreden"));
        await RunAsync();
        await WorkflowJourney.AnswerChecklistAsync(j.OfficeholderClient, await WorkflowJourney.TaskAsync(server, j.OfficeholderClient, onboarding));
        await RunAsync();
        Assert.Equal(1, (await starter.RunOnceAsync()).Started);
        await RunAsync();
        var cycle = Assert.Single(await j.StartsAsync(ProcessStartKinds.ReadOut)).InstanceId!;
        var appointment = await WorkflowJourney.TaskAsync(server, j.Professional, cycle, "Uitleesmoment");
        await WorkflowJourney.CompleteAsync(j.Professional, appointment, "Gepland", new { geplandOp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) });
        await RunAsync();
        var id = await j.ReadOutOfAsync(cycle);

        // 1. The professional's mail: the upload task, with a link that leads through the sign-in page to the task.
        var uploadMail = await MailAsync(smtp, ProfessionalMail, "Export van de telefoon uploaden");
        await using var browser = await WebBrowserPage.OpenAsync(server.BaseAddress);
        var page = browser.Page;
        var taskPath = LinkIn(uploadMail);
        await page.GotoAsync(taskPath);
        Assert.Contains("/aanmelden", page.Url);
        await Screenshot.SaveAsync(page, Path.Combine(screenshots, $"journey-{++shot:00}-aanmelden.png"));
        await StudioBrowser.ChooseDevelopmentUserAsync(page, ProfessionalUser);
        await page.WaitForURLAsync(u => u.Contains(taskPath, StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Export van de telefoon uploaden" }).WaitForAsync();
        await ScreenAsync(page, "taak-uit-mail");

        // 2. Upload two exports (zip, as the phone shares them); the workflow reads them in; the page shows the summary.
        await page.GetByRole(AriaRole.Link, new() { Name = "Export uploaden" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Export uploaden" }).WaitForAsync();
        await ScreenAsync(page, "upload");
        var folder = Directory.CreateTempSubdirectory("chatarchive-journey-").FullName;
        var files = new[] { Export("Sanne de Vries", Work(d0)), Export("Tante Ria", Family(d0)) }.Select(e =>
        {
            var path = Path.Combine(folder, e.Name);
            File.WriteAllBytes(path, e.Zip);
            return path;
        }).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            await page.SetInputFilesAsync($"#file{i}", files[i]);
            await page.SelectOptionAsync($"#channel{i}", "whatsapp");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Uploaden" }).ClickAsync();
        await page.GetByText("2 bestand(en) ontvangen").WaitForAsync();
        await ScreenAsync(page, "upload-ontvangen");
        // The state part polls (htmx) while the workflow reads the export in: no reload needed.
        await page.GetByText("De werkstroom leest de export in").WaitForAsync();
        await RunAsync();
        // The state the counts belong to: read in and suggested (the way to the review shows, the polling has stopped), so no
        // poll can replace the part between the wait and the reading.
        await page.Locator("#upload-stand").GetByRole(AriaRole.Link, new() { Name = "Naar de beoordeling" }).WaitForAsync();
        Assert.Null(await page.Locator("#upload-stand").GetAttributeAsync("hx-trigger"));
        Assert.Equal("5", await page.Locator("#upload-stand dt:has-text('Ingelezen berichten') + dd").InnerTextAsync());
        Assert.Equal("2", await page.Locator("#upload-stand dt:has-text('Gesprekken') + dd").InnerTextAsync());
        Assert.Equal(5, (await j.ReadOutAsync(id)).GetProperty("messages").GetInt32());
        await ScreenAsync(page, "upload-ingelezen");

        // 3. Review from its task: by keyboard, in bulk per contact, then per current filter (what is still open); offer.
        await GoToTaskAsync(page, server, j.Professional, cycle, "beoordelen");
        await ScreenAsync(page, "taak-beoordelen");
        await FollowAsync(page, "Berichten beoordelen", "/beoordelen", scripts: true);
        await page.GetByText("0 van 5 berichten beoordeeld").WaitForAsync();
        await ScreenAsync(page, "beoordelen");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("a");
        await page.GetByText("1 van 5 berichten beoordeeld").WaitForAsync();
        await page.Keyboard.PressAsync("z");
        await page.GetByText("2 van 5 berichten beoordeeld").WaitForAsync();
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen?contact=Tante%20Ria");
        await page.SelectOptionAsync("#bulk-contact", "private");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toepassen op dit contact" }).ClickAsync();
        await page.GetByText("4 van 5 berichten beoordeeld").WaitForAsync();
        await ScreenAsync(page, "beoordelen-contact");
        await page.GotoAsync($"/uitlezingen/{id}/beoordelen?open=true");
        await page.SelectOptionAsync("#bulk-filter", "business");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toepassen op alle gevonden berichten" }).ClickAsync();
        await page.GetByText("5 van 5 berichten beoordeeld").WaitForAsync();
        await ScreenAsync(page, "beoordelen-filter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanbieden ter validatie" }).ClickAsync();
        await page.GetByText("Aangeboden ter validatie:").WaitForAsync();
        await ScreenAsync(page, "aangeboden");
        await RunAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/aanmelden"));

        // 4. The officeholder's mail: validate by keyboard, agree with the birthday wish, disagree with the reply (a note).
        var validationMail = await MailAsync(smtp, OfficeholderMail, "Gemarkeerde berichten valideren");
        var validationPath = LinkIn(validationMail);
        await page.GotoAsync(validationPath);
        await StudioBrowser.ChooseDevelopmentUserAsync(page, officeholderUser);
        await page.WaitForURLAsync(u => u.Contains(validationPath, StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Gemarkeerde berichten valideren" }).WaitForAsync();
        await ScreenAsync(page, "taak-valideren");
        await FollowAsync(page, "Berichten valideren", "/valideren");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Valideren", Exact = true }).WaitForAsync();
        await ScreenAsync(page, "valideren");
        var agree = page.GetByLabel("Akkoord", new() { Exact = true });
        var disagree = page.GetByLabel("Niet akkoord", new() { Exact = true });
        Assert.Equal(2, await agree.CountAsync());
        await agree.Nth(0).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await disagree.Nth(1).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Oordeel versturen" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByText("gaan met uw toelichting terug").WaitForAsync();
        await ScreenAsync(page, "gevalideerd");
        await RunAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/aanmelden"));

        // 5. The professional changes the disputed message (the note is shown with it), offers again, then seals on the task page.
        await StudioBrowser.SignInAsync(page, ProfessionalUser);
        await GoToTaskAsync(page, server, j.Professional, cycle, "Betwiste berichten opnieuw beoordelen");
        await FollowAsync(page, "Berichten beoordelen", "/beoordelen", scripts: true);
        await page.GetByText("4 van 5 berichten beoordeeld").WaitForAsync();
        await page.GetByLabel("Alleen nog niet beoordeeld").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        // The note is on the unfiltered page too: wait for the filtered page itself, complete (its keyboard script running).
        await page.WaitForURLAsync(u => u.Contains("open=true", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        await page.GetByText(Note).WaitForAsync();
        await ScreenAsync(page, "betwist");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("z");
        await page.GetByText("5 van 5 berichten beoordeeld").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanbieden ter validatie" }).ClickAsync();
        await page.GetByText("de uitlezing is gevalideerd").WaitForAsync();
        Assert.Equal("Validated", (await j.ReadOutAsync(id)).GetProperty("stage").GetString());
        await RunAsync();
        Assert.Equal("Cleaned", (await j.ReadOutAsync(id)).GetProperty("stage").GetString());
        await GoToTaskAsync(page, server, j.Professional, cycle, "Uitlezing definitief veiligstellen");
        await ScreenAsync(page, "taak-veiligstellen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Uitlezing definitief veiligstellen" }).ClickAsync();
        await page.GetByText("U heeft de uitlezing definitief veiliggesteld").WaitForAsync();
        await ScreenAsync(page, "veiliggesteld");
        await RunAsync();

        // The package is sealed by this professional, and the real CLI verifies it.
        var sealedReadOut = await j.ReadOutAsync(id);
        Assert.Equal("Sealed", sealedReadOut.GetProperty("stage").GetString());
        await using (var db = server.CreateDbContext())
        {
            var professionalId = await db.Set<User>().Where(u => u.UserName == ProfessionalUser).Select(u => u.Id).SingleAsync();
            Assert.Equal(professionalId.ToString(CultureInfo.InvariantCulture), sealedReadOut.GetProperty("sealedBy").GetString());
        }
        var verify = await ReadOutAcceptanceTests.RunCliAsync(["verify", "--all", "--json"], server, vaultKey);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        using (var report = JsonDocument.Parse(verify.StdOut))
        {
            Assert.True(report.RootElement.GetProperty("valid").GetBoolean(), verify.StdOut);
            Assert.True(report.RootElement.GetProperty("packages").GetInt32() >= 1, verify.StdOut);
        }
        await page.GotoAsync("/uitlezingen?status=Sealed");
        await page.GetByRole(AriaRole.Link, new() { Name = "Pakket en besluiten bekijken" }).First.WaitForAsync();
        await ScreenAsync(page, "uitlezingen-verzegeld");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/aanmelden"));

        // 6. Departure: the end date is set (administrator, API); the officeholder completes the exit checklist item by item.
        var endsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        await j.EndAppointmentAsync(endsOn);
        Assert.Equal(1, (await starter.RunOnceAsync()).Started);
        await RunAsync();
        var departure = Assert.Single(await j.StartsAsync(ProcessStartKinds.Departure)).InstanceId!;
        await StudioBrowser.SignInAsync(page, officeholderUser);
        await GoToTaskAsync(page, server, j.OfficeholderClient, departure, "Vertrek");
        await ScreenAsync(page, "taak-vertrek");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Open de checklist") }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Laatste uitlezing" }).WaitForAsync();
        await ScreenAsync(page, "vertrekchecklist");
        // One item at a time (htmx replaces the item and the count), then the checklist is completed.
        var items = await page.Locator("fieldset.checklist-item").AllAsync();
        Assert.NotEmpty(items);
        for (var i = 0; i < items.Count; i++)
        {
            await items[i].GetByLabel("Gedaan", new() { Exact = true }).CheckAsync();
            await items[i].GetByRole(AriaRole.Button, new() { Name = "Dit punt vastleggen" }).ClickAsync();
            await page.Locator("fieldset.checklist-item").Nth(i).GetByText("Opgeslagen: gedaan.").WaitForAsync();
            await page.GetByText($"{i + 1} van {items.Count} punten beantwoord").WaitForAsync();
        }
        await ScreenAsync(page, "vertrekchecklist-punten");
        await page.GetByLabel("Alle punten zijn beantwoord: checklist afronden").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await page.GetByText("De checklist is afgerond").WaitForAsync();
        await ScreenAsync(page, "vertrekchecklist-afgerond");
        var checklistUrl = page.Url;
        await RunAsync();

        // The departure plans the final read-out; the secretariat sets the appointment; the checklist shows it.
        Assert.Equal(1, (await starter.RunOnceAsync()).Started);
        await RunAsync();
        var final = (await j.StartsAsync(ProcessStartKinds.ReadOut)).Single(s => s.IsFinal).InstanceId!;
        var plannedAt = new DateTimeOffset(endsOn.AddDays(-2).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        await WorkflowJourney.CompleteAsync(j.Professional, await WorkflowJourney.TaskAsync(server, j.Professional, final, "Uitleesmoment"), "Gepland",
            new { geplandOp = plannedAt.ToString("O", CultureInfo.InvariantCulture) });
        await RunAsync();
        await page.GotoAsync(checklistUrl);
        var finalSection = page.Locator("section.final-read-out");
        await finalSection.GetByText("Afspraak").WaitForAsync();
        Assert.Equal(WebTime.Iso(plannedAt), await finalSection.Locator("time").GetAttributeAsync("datetime"));
        Assert.Contains(WebTime.Long(plannedAt), await finalSection.InnerTextAsync(), StringComparison.Ordinal);
        await ScreenAsync(page, "vertrekchecklist-laatste-uitlezing");

        Assert.Empty(browser.Errors);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Follows the link named <paramref name="link"/> and waits until the browser shows the page it leads to (its path holds
    /// <paramref name="path"/>), so nothing is read from the page the link was on. With <paramref name="scripts"/> also until
    /// that document is complete: its deferred scripts (the review page's keyboard shortcuts) have run, so a key pressed
    /// next is not lost. The document's own state is asked, not a load event that may have passed already.
    /// </summary>
    private static async Task FollowAsync(IPage page, string link, string path, bool scripts = false)
    {
        Assert.DoesNotContain(path, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath.Contains(path, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        if (scripts) await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
    }

    /// <summary>Opens the one open task of <paramref name="instance"/> (as <paramref name="who"/> sees it) on its page.</summary>
    private static async Task GoToTaskAsync(IPage page, ServerFixture server, HttpClient who, string instance, string title)
    {
        var task = await WorkflowJourney.TaskAsync(server, who, instance, title);
        await page.GotoAsync("/taken/" + Uri.EscapeDataString(task.GetProperty("id").GetString()!));
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();
    }

    private static async Task SetMailAsync(ServerFixture server, params (string User, string Mail)[] users)
    {
        await using var db = DatabaseSetup.CreateContext(server.Database);
        foreach (var (user, mail) in users) (await db.Set<User>().SingleAsync(u => u.UserName == user)).Email = mail;
        await db.SaveChangesAsync();
    }

    /// <summary>Waits for the task mail to <paramref name="to"/> whose subject names <paramref name="task"/>; exactly one such mail.</summary>
    private static async Task<MimeMessage> MailAsync(SmtpCatcher smtp, string to, string task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var found = smtp.Messages().Where(m => m.Subject == "Nieuwe taak: " + task && m.To.Mailboxes.Any(b => b.Address == to)).ToList();
            if (found.Count > 0 || DateTime.UtcNow > deadline)
            {
                var mail = Assert.Single(found);
                Assert.DoesNotContain("Tante Ria", mail.TextBody ?? "", StringComparison.Ordinal); // never a private contact's name in a mail
                return mail;
            }
            await Task.Delay(250);
        }
    }

    private static string LinkIn(MimeMessage mail)
    {
        var link = MailLinkBrowserTests.TaskLink().Match(mail.TextBody ?? "");
        Assert.True(link.Success, "the mail has a link to the task");
        return link.Groups[1].Value;
    }

    private static (string Name, byte[] Zip) Export(string contact, IEnumerable<string> lines) => ReadOutJourney.ChatZip(contact, lines);

    private static string Line(DateOnly d0, int day, string time, string who, string text) =>
        $"{d0.AddDays(day).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)} {time} - {who}: {text}";

    // Synthetic chats written for this test (fictional people).
    private static string[] Work(DateOnly d0) =>
    [
        Line(d0, 1, "10:00", "Sanne de Vries", "Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar."),
        Line(d0, 1, "10:05", "Minister", "Dank, ik lees hem vanavond."),
        Line(d0, 5, "13:15", "Sanne de Vries", "De gedeputeerde belt om 14.00 uur over de stikstofruimte."),
    ];

    private static string[] Family(DateOnly d0) =>
    [
        Line(d0, 10, "08:00", "Tante Ria", ReadOutPageWorld.PrivateText),
        Line(d0, 10, "08:10", "Minister", "Dank je wel lieve tante, ik bel je na het werkbezoek!"),
    ];
}
