using System.Text.Json.Serialization;
using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Demo;
using ChatArchive.Server.Elsa;
using ChatArchive.Server.Hosting;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Studio;
using ChatArchive.Server.Processes;
using ChatArchive.Server.Tasks;
using ChatArchive.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection.Extensions;

var builder = WebApplication.CreateBuilder(args);

// Every feature registers through one line here (MapXxxApi / AddXxx in its own folder).
var database = DatabaseOptions.FromConfiguration(builder.Configuration);
builder.Services.AddChatArchivePersistence(database);
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddChatArchiveProblemDetails();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddChatArchiveHealth();
builder.Services.AddSingleton(DemoDataSettings.FromConfiguration(builder.Configuration, database));
builder.Services.AddSingleton<DemoDataSeeder>();
builder.Services.AddHostedService<StartupMigrationService>();
builder.Services.AddChatArchiveAuth(builder.Configuration, database);
ChatArchive.Server.Sealing.SealingSetup.AddChatArchiveSealing(builder.Services, builder.Configuration, database);
builder.Services.AddChatArchiveStudio(builder.Configuration, builder.Environment.ContentRootPath);
ChatArchive.Persistence.Workflows.WorkflowPersistenceSetup.AddWorkflowEngine(builder.Services, database, builder.Configuration);
builder.Services.AddChatArchiveActivities(builder.Configuration, o => o.ImportDepartmentExamples =
    builder.Configuration.GetValue<bool?>("ChatArchive:Workflows:ImportDepartmentExamples") ?? DemoDataSettings.FromConfiguration(builder.Configuration, database).Enabled);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseChatArchiveStudioFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi().AllowAnonymous();
app.MapChatArchiveHealth();
app.MapDevelopmentSignIn();
app.MapRegistryApi();
app.MapElsaStudioApi();
app.MapChatArchiveStudio();
app.MapTaskApi();
app.MapProcessApi();

app.Run();

/// <summary>Entry point type, public for WebApplicationFactory in tests.</summary>
public partial class Program;
