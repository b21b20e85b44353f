using System.Text.Json.Serialization;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Auth.LocalAccounts;
using ChatArchive.Server.Auth.Permissions;
using ChatArchive.Server.Demo;
using ChatArchive.Workflows.Api;
using ChatArchive.Server.Hosting;
using ChatArchive.Server.Notifications;
using ChatArchive.Server.ReadOuts;
using ChatArchive.Server.Web;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Security;
using ChatArchive.Server.Studio;
using ChatArchive.Server.Processes;
using ChatArchive.Server.Tasks;
using ChatArchive.Workflows.Activities;
using ChatArchive.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;

var builder = WebApplication.CreateBuilder(args);

// Every feature registers through one line here (MapXxxApi / AddXxx in its own folder).
var database = DatabaseOptions.FromConfiguration(builder.Configuration);
DataFolderPermissions.EnsurePrivate(database.DataFolder); // message text and keys live there: 0700
builder.Services.AddChatArchivePersistence(database);
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddChatArchiveProblemDetails();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddChatArchiveHealth();
builder.Services.AddSingleton(DemoDataSettings.FromConfiguration(builder.Configuration, database));
builder.Services.AddSingleton<DemoDataSeeder>();
builder.Services.AddHostedService<StartupMigrationService>();
builder.Services.AddChatArchiveAuth(builder.Configuration, builder.Environment, database);
builder.Services.AddChatArchiveHardening(builder.Configuration);
ChatArchive.Server.Sealing.SealingSetup.AddChatArchiveSealing(builder.Services, builder.Configuration, database);
ChatArchive.Server.Audit.AuditSetup.AddChatArchiveAudit(builder.Services, builder.Configuration, database);
builder.Services.AddChatArchiveStudio(builder.Configuration, builder.Environment.ContentRootPath);
ChatArchive.Persistence.Workflows.WorkflowPersistenceSetup.AddWorkflowEngine(builder.Services, database, builder.Configuration);
builder.Services.AddChatArchiveActivities(builder.Configuration, o => o.ImportDepartmentExamples =
    builder.Configuration.GetValue<bool?>("ChatArchive:Workflows:ImportDepartmentExamples") ?? DemoDataSettings.FromConfiguration(builder.Configuration, database).Enabled);
builder.Services.AddSingleton<DemoDepartmentProcesses>().AddHostedService(sp => sp.GetRequiredService<DemoDepartmentProcesses>()); // demo only: each ministry's own read-out settings (after the example definitions)
builder.Services.AddSingleton<DemoReadOuts>().AddHostedService(sp => sp.GetRequiredService<DemoReadOuts>()); // demo only: read-outs in every state (BZK and FIN)
builder.Services.AddChatArchiveBackgroundJobs(builder.Configuration, database);
builder.Services.AddChatArchiveNotifications(builder.Configuration);
builder.Services.AddChatArchiveWeb().AddSingleton<ChatArchive.Web.IWebUserAccessor, WebUserAccessor>();
builder.Services.AddChatArchiveReadOuts(builder.Configuration, database);
builder.Services.AddChatArchiveWebReadOuts();
ChatArchive.Server.Coverage.CoverageSetup.AddChatArchiveCoverage(builder.Services);

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseChatArchiveWebErrorPages();
app.UseChatArchiveStudioFiles();
app.UseChatArchiveWebAssets(WebAssets.FindFolder(builder.Configuration[WebAssets.FolderKey], builder.Environment.ContentRootPath));
// Explicit, after the error pages: a re-executed request (/fout/404) must be routed again.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UsePermissionMatrix(); // Auth/Permissions/PermissionMatrix.cs: one row per endpoint
app.UseRequestChecks();
app.UseRateLimiter();
app.MapOpenApi().AllowAnonymous();
app.MapChatArchiveHealth();
app.MapDevelopmentSignIn();
app.MapLocalSignIn();
app.MapSingleSignOn();
app.MapRegistryApi();
app.MapWorkflowsApi().AddEndpointFilter<ChatArchive.Server.Audit.AuditDefinitionWritesFilter>(); // ChatArchive.Workflows.Api: Elsa Studio's backend at /elsa/api
app.MapChatArchiveStudio();
app.MapTaskApi();
app.MapProcessApi();
ChatArchive.Server.Processes.HttpWorkflowEndpoints.MapHttpWorkflows(app); // Elsa's HttpEndpoint workflows at /workflows/{path}
app.MapBackgroundJobsDashboard();
app.MapChatArchiveWeb();
ChatArchive.Server.Audit.AuditApi.MapAuditApi(app);
ChatArchive.Server.Coverage.CoverageApi.MapCoverageApi(app);
app.MapReadOutApi();

app.Run();

/// <summary>Entry point type, public for WebApplicationFactory in tests.</summary>
public partial class Program;
