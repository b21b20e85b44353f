using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using Hangfire;
using Hangfire.Dashboard;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Engine.Hosting;

namespace ChatArchive.Server.Hosting;

/// <summary>
/// Hangfire for every background job of the server (the engine's timers and triggers, the mail outbox): shared storage
/// on PostgreSQL (schema <c>ChatArchive:BackgroundJobs:Schema</c>) so several nodes divide the work, in-memory storage on
/// the embedded SQLite database (one node; our own tables stay the source of truth and each feature re-registers its
/// jobs at start). One registration for the whole process (<see cref="WorkflowPersistenceSetup.AddBackgroundJobs"/>), whoever
/// asks first. The dashboard is for administrators only. A feature adds its recurring jobs with <see cref="IRecurringJobManager"/>.
/// </summary>
public static class BackgroundJobsSetup
{
    public const string Section = BackgroundJobsOptions.Section;
    public const string WorkerCountKey = Section + ":" + nameof(BackgroundJobsOptions.WorkerCount);
    public const string PollSecondsKey = Section + ":" + nameof(BackgroundJobsOptions.PollSeconds);
    public const string SchemaKey = Section + ":" + nameof(BackgroundJobsOptions.Schema);

    /// <summary>Fixed, not a setting: the permission matrix names it.</summary>
    public const string DashboardPath = "/beheer/achtergrondtaken";

    public static IServiceCollection AddChatArchiveBackgroundJobs(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        var options = new BackgroundJobsOptions();
        configuration.GetSection(BackgroundJobsOptions.Section).Bind(options);
        return services.AddBackgroundJobs(database, options, runServer: true);
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

    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            CurrentUser.FromPrincipal(context.GetHttpContext().User) is { } user && user.IsInRole(Roles.Administrator);
    }
}
