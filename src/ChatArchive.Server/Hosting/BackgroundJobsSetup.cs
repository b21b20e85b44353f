using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace ChatArchive.Server.Hosting;

/// <summary>
/// Hangfire for every background job of the server (the outbox now; the engine's timers later): shared storage
/// on PostgreSQL so several nodes divide the work, in-memory storage on the embedded SQLite database (one node;
/// our own tables stay the source of truth and each feature re-registers its jobs at start). The dashboard is for
/// administrators only. A feature adds its recurring jobs with <see cref="IRecurringJobManager"/> from its own setup.
/// </summary>
public static class BackgroundJobsSetup
{
    public const string Section = "ChatArchive:BackgroundJobs";
    public const string WorkerCountKey = "ChatArchive:BackgroundJobs:WorkerCount";
    public const string PollSecondsKey = "ChatArchive:BackgroundJobs:PollSeconds";
    public const string DashboardPath = "/beheer/achtergrondtaken";

    /// <summary>Hangfire's own tables live in this PostgreSQL schema, apart from ours.</summary>
    public const string PostgresSchema = "hangfire";

    public static IServiceCollection AddChatArchiveBackgroundJobs(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        var workers = ReadInt(configuration, WorkerCountKey, Math.Clamp(Environment.ProcessorCount, 2, 8), 1, 64);
        var poll = TimeSpan.FromSeconds(ReadInt(configuration, PollSecondsKey, 5, 1, 300));
        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions { SchemaName = PostgresSchema, PrepareSchemaIfNecessary = true, QueuePollInterval = poll });
            }
            else
            {
                c.UseInMemoryStorage();
            }
        });
        services.AddHangfireServer(o =>
        {
            o.WorkerCount = workers;
            o.SchedulePollingInterval = poll;
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }

    /// <summary>Maps the dashboard (administrators only; read-only for nobody else).</summary>
    public static IEndpointRouteBuilder MapBackgroundJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdministratorsOnly()],
            DashboardTitle = "Achtergrondtaken",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization();
        return app;
    }

    private static int ReadInt(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}, got '{raw}'.");
        }
        return value;
    }

    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            CurrentUser.FromPrincipal(context.GetHttpContext().User) is { } user && user.IsInRole(Roles.Administrator);
    }
}
