using Microsoft.Extensions.Configuration;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Notifications.Smtp;

namespace ChatArchive.Notifications.Tests;

/// <summary>Liquid templates: Dutch text, the task link, Amsterdam time, per-department overrides.</summary>
public sealed class MailTemplateTests
{
    private static OutboxEntry Entry(NotificationKind kind, string? department = "BZK") => new()
    {
        Id = 7,
        Kind = kind,
        TaskId = "taak-123",
        Department = department,
        RecipientRole = "information-professional",
        Title = "Uitlezing telefoon minister controleren",
        // 17:00 UTC in December is 18:00 in Amsterdam (CET).
        DueAt = new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero),
        LinkPath = "/taken/taak-123",
        CreatedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
    };

    private static MailSettings Settings(string? folder = null) =>
        new() { Host = "localhost", BaseUrl = "https://chatarchief.bzk.example", TemplateFolder = folder };

    [Fact]
    public async Task New_task_mail_is_Dutch_with_a_direct_link_and_the_due_date_in_Amsterdam_time()
    {
        var mail = await new MailTemplates(Settings()).RenderAsync(Entry(NotificationKind.NewTask));

        Assert.Equal("Nieuwe taak: Uitlezing telefoon minister controleren", mail.Subject);
        Assert.Contains("https://chatarchief.bzk.example/taken/taak-123", mail.Body);
        Assert.Contains("maandag 7 december 2026 om 18:00", mail.Body);
        Assert.Contains("van BZK", mail.Body);
        Assert.DoesNotContain("{{", mail.Body);
    }

    [Theory]
    [InlineData(NotificationKind.DueReminder, "Herinnering:")]
    [InlineData(NotificationKind.Escalation, "Termijn verstreken:")]
    [InlineData(NotificationKind.FindingAttention, "Bevinding vraagt aandacht:")]
    [InlineData(NotificationKind.ValidationWaiting, "Berichten wachten op uw validatie")]
    public async Task Every_kind_has_its_own_Dutch_subject_and_the_link(NotificationKind kind, string subjectStart)
    {
        var mail = await new MailTemplates(Settings()).RenderAsync(Entry(kind));

        Assert.StartsWith(subjectStart, mail.Subject);
        Assert.Contains("https://chatarchief.bzk.example/taken/taak-123", mail.Body);
        Assert.False(string.IsNullOrWhiteSpace(mail.Body));
    }

    [Fact]
    public async Task Department_template_overrides_the_built_in_one_and_other_departments_keep_theirs()
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-templates-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "JenV"));
        await File.WriteAllTextAsync(Path.Combine(folder, "JenV", "NewTask.liquid"),
            "JenV-taak: {{ titel }}\n\nBeste collega, zie {{ link }} (uiterlijk {{ vervaldatum }}).\n");
        var templates = new MailTemplates(Settings(folder));

        var jenv = await templates.RenderAsync(Entry(NotificationKind.NewTask, "JenV"));
        var bzk = await templates.RenderAsync(Entry(NotificationKind.NewTask, "BZK"));

        Assert.Equal("JenV-taak: Uitlezing telefoon minister controleren", jenv.Subject);
        Assert.Equal("Beste collega, zie https://chatarchief.bzk.example/taken/taak-123 (uiterlijk maandag 7 december 2026 om 18:00).\n", jenv.Body);
        Assert.Equal("Nieuwe taak: Uitlezing telefoon minister controleren", bzk.Subject);
    }

    [Fact]
    public async Task Department_code_cannot_reach_outside_the_template_folder()
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-templates-").FullName;
        var outside = Directory.CreateTempSubdirectory("chatarchive-outside-").FullName;
        await File.WriteAllTextAsync(Path.Combine(outside, "NewTask.liquid"), "Gekaapt\n\nniet gebruiken\n");
        var templates = new MailTemplates(Settings(folder));

        var mail = await templates.RenderAsync(Entry(NotificationKind.NewTask, "../" + Path.GetFileName(outside)));

        Assert.StartsWith("Nieuwe taak:", mail.Subject);
    }

    [Fact]
    public async Task Broken_override_is_refused_with_a_Dutch_error_naming_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-templates-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "NewTask.liquid"), "Taak {% if titel %}\n\nzonder endif\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new MailTemplates(Settings(folder)).RenderAsync(Entry(NotificationKind.NewTask)));

        Assert.Contains("is geen geldige Liquid-tekst", error.Message);
        Assert.Contains("NewTask.liquid", error.Message);
    }

    [Fact]
    public void Message_id_is_the_same_for_the_same_row_and_differs_between_rows()
    {
        var a = Entry(NotificationKind.NewTask);
        var first = OutboxDispatcher.MessageIdFor(a, "Chatarchief <chatarchief@bzk.example>");
        var again = OutboxDispatcher.MessageIdFor(a with { Attempts = 3 }, "Chatarchief <chatarchief@bzk.example>");
        var other = OutboxDispatcher.MessageIdFor(a with { Id = 8 }, "Chatarchief <chatarchief@bzk.example>");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.EndsWith("@bzk.example", first);
    }

    [Theory]
    [InlineData("Tls", "Opportunistic")]
    [InlineData("Tls", "1")]
    [InlineData("Port", "smtp")]
    [InlineData("Port", "70000")]
    public void Mail_settings_refuse_values_that_are_not_what_they_should_be(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ChatArchive:Mail:" + key] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => MailSettings.FromConfiguration(configuration));
        Assert.Contains("ChatArchive:Mail:" + key, error.Message);
    }
}
