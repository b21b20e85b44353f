using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Engine.Hosting;
using ChatArchive.Workflows.Engine.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage (environment): TESTHOST_PROVIDER (Sqlite|PostgreSql), TESTHOST_CONNECTION, TESTHOST_RECORD_FILE,
// optional TESTHOST_HANG_AT + TESTHOST_HANG_MARKER, TESTHOST_SCHEDULER (1 = arm timers in Hangfire and run its server).
var provider = Enum.Parse<DatabaseProvider>(Environment.GetEnvironmentVariable("TESTHOST_PROVIDER") ?? "Sqlite");
var database = new DatabaseOptions(provider, Environment.GetEnvironmentVariable("TESTHOST_CONNECTION")!, Path.GetTempPath());
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddChatArchivePersistence(database);
builder.Services.AddWorkflowEngine(database, o =>
{
    o.RunWorkers = true;
    o.Workers = 4;
    o.IdlePollInterval = TimeSpan.FromMilliseconds(100);
    o.RunScheduler = Environment.GetEnvironmentVariable("TESTHOST_SCHEDULER") == "1";
});
builder.Services.AddWorkflowActivity<RecordStep>();
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();
