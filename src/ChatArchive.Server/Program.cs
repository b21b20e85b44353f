using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Every feature registers through one line here (MapXxxApi / AddXxx in its own folder).
var database = DatabaseOptions.FromConfiguration(builder.Configuration);
builder.Services.AddChatArchivePersistence(database);
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddDbContextCheck<ChatArchive.Persistence.ChatArchiveDbContext>("database");
builder.Services.AddHostedService<StartupMigrationService>();
builder.Services.AddChatArchiveAuth();
ChatArchive.Persistence.Workflows.WorkflowPersistenceSetup.AddWorkflowEngine(builder.Services, database, builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapChatArchiveHealth();

app.Run();

/// <summary>Entry point type, public for WebApplicationFactory in tests.</summary>
public partial class Program;
