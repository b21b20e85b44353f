using ChatArchive.Domain.Registry;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Notifications;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Notifications.Tests;

/// <summary>A migrated database with two departments and their users (function names, test addresses), and a dispatcher factory.</summary>
public sealed class OutboxFixture
{
    private OutboxFixture(IDbContextFactory<ChatArchiveDbContext> factory) => Factory = factory;

    public IDbContextFactory<ChatArchiveDbContext> Factory { get; }

    public long ProfessionalBzk { get; private set; }

    public static async Task<OutboxFixture> CreateAsync(DatabaseProvider provider, string purpose)
    {
        var options = await TestDatabases.CreateAsync(provider, purpose);
        var services = new ServiceCollection().AddChatArchivePersistence(options).BuildServiceProvider();
        var fixture = new OutboxFixture(services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>());
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var bzk = new Department { Code = "BZK", Name = "Binnenlandse Zaken en Koninkrijksrelaties" };
        var jenv = new Department { Code = "JenV", Name = "Justitie en Veiligheid" };
        db.AddRange(bzk, jenv);
        await db.SaveChangesAsync();
        var professional = new User
        {
            UserName = "ip.bzk.test", DisplayName = "Informatieprofessional BZK", Roles = [Roles.InformationProfessional],
            DepartmentId = bzk.Id, Email = "ip.bzk@bzk.example",
        };
        db.AddRange(
            professional,
            new User { UserName = "ip2.bzk.test", DisplayName = "Informatieprofessional 2 BZK", Roles = [Roles.InformationProfessional], DepartmentId = bzk.Id, Email = "ip2.bzk@bzk.example" },
            new User { UserName = "pb.bzk.test", DisplayName = "Procesbeheerder BZK", Roles = [Roles.ProcessOwner], DepartmentId = bzk.Id, Email = "pb.bzk@bzk.example" },
            new User { UserName = "ip.jenv.test", DisplayName = "Informatieprofessional JenV", Roles = [Roles.InformationProfessional], DepartmentId = jenv.Id, Email = "ip.jenv@jenv.example" },
            new User { UserName = "oud.bzk.test", DisplayName = "Vertrokken medewerker BZK", Roles = [Roles.InformationProfessional], DepartmentId = bzk.Id, Email = "oud@bzk.example", IsActive = false });
        await db.SaveChangesAsync();
        fixture.ProfessionalBzk = professional.Id;
        return fixture;
    }

    /// <summary>Queues <paramref name="count"/> new-task mails for the BZK professional, as committed events would.</summary>
    public async Task<List<long>> QueueTasksAsync(int count, DateTimeOffset now)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var rows = Enumerable.Range(1, count).Select(i => OutboxRow.For(NotificationKind.NewTask, "BZK", ProfessionalBzk.ToString(), null,
            $"Uitlezing {i} controleren", $"/taken/t{i}", now, now.AddDays(5), $"t{i}", $"NewTask:t{i}")).ToList();
        db.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    public async Task<List<OutboxRow>> RowsAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return await db.Set<OutboxRow>().AsNoTracking().OrderBy(x => x.Id).ToListAsync();
    }

    /// <param name="wrap">Puts something between the dispatcher and the real SMTP sender (a fault to inject).</param>
    public OutboxDispatcher Dispatcher(int smtpPort, OutboxOptions? options = null, TimeProvider? clock = null, Func<IMailSender, IMailSender>? wrap = null)
    {
        var settings = new MailSettings { Host = "127.0.0.1", Port = smtpPort, Tls = SmtpTlsMode.None, From = "Chatarchief <chatarchief@bzk.example>", BaseUrl = "https://chatarchief.bzk.example" };
        IMailSender sender = new MailKitMailSender(settings);
        return new OutboxDispatcher(new EfOutboxStore(Factory), new EfRecipientDirectory(Factory), new MailTemplates(settings), wrap is null ? sender : wrap(sender),
            settings, options ?? new OutboxOptions(), clock ?? TimeProvider.System);
    }
}
