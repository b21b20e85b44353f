using ChatArchive.Notifications;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Notifications.Smtp;
using ChatArchive.Persistence.Notifications;
using ChatArchive.Workflows.Engine.Scheduling;
using Hangfire;

namespace ChatArchive.Server.Notifications;

/// <summary>
/// Task mail: the outbox (written by the engine with each new task), sent by a recurring Hangfire job; a second
/// job turns due dates into reminders and escalations. Settings under ChatArchive:Mail (README "Configuratie").
/// </summary>
public static class NotificationsSetup
{
    public const string OutboxCronKey = "ChatArchive:Mail:OutboxCron";
    public const string DueDateCronKey = "ChatArchive:Mail:DueDateCron";
    public const string ReminderHoursKey = "ChatArchive:Mail:ReminderHours";
    public const string OutboxJobId = "mail-outbox";
    public const string DueDateJobId = "mail-due-dates";

    public static IServiceCollection AddChatArchiveNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = MailSettings.FromConfiguration(configuration);
        var retryBase = configuration[OutboxOptions.RetryBaseSecondsKey];
        var options = new OutboxOptions();
        if (!string.IsNullOrWhiteSpace(retryBase))
        {
            if (!double.TryParse(retryBase, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) || s is <= 0 or > 3600)
            {
                throw new InvalidOperationException($"{OutboxOptions.RetryBaseSecondsKey} must be a number of seconds above 0 and at most 3600, got '{retryBase}'.");
            }
            options = options with { RetryBase = TimeSpan.FromSeconds(s) };
        }
        var reminderHours = configuration[ReminderHoursKey] is { Length: > 0 } h
            ? int.TryParse(h, out var hours) && hours is >= 1 and <= 720 ? hours
                : throw new InvalidOperationException($"{ReminderHoursKey} must be a whole number of hours from 1 to 720, got '{h}'.")
            : 24;
        services.AddSingleton(settings);
        services.AddSingleton(options);
        services.AddSingleton(new NotificationSchedule(
            configuration[OutboxCronKey] is { Length: > 0 } oc ? oc : "*/10 * * * * *",
            configuration[DueDateCronKey] is { Length: > 0 } dc ? dc : "*/15 * * * *",
            TimeSpan.FromHours(reminderHours)));
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<IMailSender, MailKitMailSender>();
        services.AddSingleton<IOutboxStore, EfOutboxStore>();
        services.AddSingleton<IRecipientDirectory, EfRecipientDirectory>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<EfDueDateScanner>();
        services.AddTransient<NotificationJobs>();
        services.AddHostedService<NotificationJobRegistration>();
        return services;
    }
}

/// <summary>When the jobs run: Hangfire cron expressions (six fields = with seconds) and the reminder lead time.</summary>
public sealed record NotificationSchedule(string OutboxCron, string DueDateCron, TimeSpan ReminderLead);

/// <summary>The Hangfire jobs. Retries are the outbox's own (back-off per row), so Hangfire does not retry them.</summary>
public sealed class NotificationJobs(OutboxDispatcher dispatcher, EfDueDateScanner scanner, NotificationSchedule schedule, TimeProvider clock)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task SendOutboxAsync(CancellationToken ct) => await dispatcher.RunAsync(ct: ct);

    [AutomaticRetry(Attempts = 0)]
    public async Task ScanDueDatesAsync(CancellationToken ct)
    {
        await scanner.ScanAsync(clock.GetUtcNow(), schedule.ReminderLead, ct);
        await dispatcher.RunAsync(ct: ct);
    }
}

/// <summary>Registers the recurring jobs at every start: on the in-memory store (embedded mode) they exist only then.
/// A lock left behind by a killed node does not stop the start (<see cref="StartupRegistration"/>).</summary>
internal sealed class NotificationJobRegistration(IRecurringJobManager jobs, NotificationSchedule schedule, IHostApplicationLifetime lifetime,
    ILogger<NotificationJobRegistration> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        StartupRegistration.RunAsync("Mail jobs", _ =>
        {
            var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
            jobs.AddOrUpdate<NotificationJobs>(NotificationsSetup.OutboxJobId, j => j.SendOutboxAsync(CancellationToken.None), schedule.OutboxCron, options);
            jobs.AddOrUpdate<NotificationJobs>(NotificationsSetup.DueDateJobId, j => j.ScanDueDatesAsync(CancellationToken.None), schedule.DueDateCron, options);
            return Task.CompletedTask;
        }, logger, lifetime.ApplicationStopping);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
