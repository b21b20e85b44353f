using ChatArchive.Persistence;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Elsa;
using ChatArchive.Server.Hosting;
using ChatArchive.Server.Studio;

var builder = WebApplication.CreateBuilder(args);

// Every feature registers through one line here (MapXxxApi / AddXxx in its own folder).
var database = DatabaseOptions.FromConfiguration(builder.Configuration);
builder.Services.AddChatArchivePersistence(database);
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddDbContextCheck<ChatArchive.Persistence.ChatArchiveDbContext>("database");
builder.Services.AddHostedService<StartupMigrationService>();
builder.Services.AddChatArchiveAuth();
builder.Services.AddChatArchiveStudio(builder.Configuration, builder.Environment.ContentRootPath);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseChatArchiveStudioFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapChatArchiveHealth();
app.MapElsaStudioApi();
app.MapChatArchiveStudio();

app.Run();

/// <summary>Entry point type, public for WebApplicationFactory in tests.</summary>
public partial class Program;
