using System.Diagnostics;
using ChatArchive.Domain.Registry;
using ChatArchive.Notifications;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Notifications;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Queues N new-task mails in the outbox of a fresh PostgreSQL database, then times the dispatcher (the code the
// Hangfire job runs) sending them all to aiosmtpd on loopback, and checks every mail arrived exactly once.
var count = args.Length > 0 ? int.Parse(args[0]) : 1000;
var options = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSql, "benchoutbox");
var services = new ServiceCollection().AddChatArchivePersistence(options).BuildServiceProvider();
var factory = services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>();
await using (var db = await factory.CreateDbContextAsync())
{
    var department = new Department { Code = "BZK", Name = "Binnenlandse Zaken en Koninkrijksrelaties" };
    db.Add(department);
    await db.SaveChangesAsync();
    var user = new User { UserName = "ip.bzk.bench", DisplayName = "Informatieprofessional BZK", Roles = [Roles.InformationProfessional], DepartmentId = department.Id, Email = "ip.bzk@bzk.example" };
    db.Add(user);
    await db.SaveChangesAsync();
    var now = DateTimeOffset.UtcNow;
    db.AddRange(Enumerable.Range(1, count).Select(i => OutboxRow.For(NotificationKind.NewTask, "BZK", user.Id.ToString(), null,
        $"Uitlezing {i} controleren", $"/taken/t{i}", now, now.AddDays(5), $"t{i}", $"NewTask:t{i}")));
    await db.SaveChangesAsync();
}
await using var smtp = await SmtpCatcher.StartAsync();
var settings = new MailSettings { Host = "127.0.0.1", Port = smtp.Port, Tls = SmtpTlsMode.None, From = "Chatarchief <chatarchief@bzk.example>", BaseUrl = "https://chatarchief.bzk.example" };
var dispatcher = new OutboxDispatcher(new EfOutboxStore(factory), new EfRecipientDirectory(factory), new MailTemplates(settings), new MailKitMailSender(settings),
    settings, new OutboxOptions(), TimeProvider.System);

var watch = Stopwatch.StartNew();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var result = await dispatcher.RunAsync(maxBatches: int.MaxValue);
watch.Stop();
var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
var arrived = (await smtp.WaitForAsync(count, TimeSpan.FromSeconds(30))).Count;
Console.WriteLine($"outbox: {result.Sent} of {count} sent in {watch.Elapsed.TotalSeconds:F1} s wall ({cpuUsed.TotalSeconds:F1} CPU-s client); " +
    $"{arrived} arrived at the SMTP server; retried {result.Retried}; target < 30 s: {(watch.Elapsed.TotalSeconds < 30 && arrived == count ? "met" : "NOT met")}");
return arrived == count && result.Sent == count ? 0 : 1;
